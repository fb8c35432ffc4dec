"""The extraction engine: a plain library, text and metadata in, events out."""

from __future__ import annotations

from workers.pipeline.engine import (
    VERSION,
    Pipeline,
    PipelineSettings,
    pipeline_version,
)
from workers.pipeline.model import (
    DATE_PRECISIONS,
    DATE_REASONS,
    ENTITY_KINDS,
    MODALITIES,
    PLOVER_TYPES,
    ROLES,
    ArticleInput,
    Entity,
    Event,
    Location,
    Participant,
    Span,
)

__all__ = [
    "DATE_PRECISIONS",
    "DATE_REASONS",
    "ENTITY_KINDS",
    "MODALITIES",
    "PIPELINE_VERSION",
    "PLOVER_TYPES",
    "ROLES",
    "VERSION",
    "ArticleInput",
    "Entity",
    "Event",
    "Location",
    "Participant",
    "Pipeline",
    "PipelineSettings",
    "Span",
    "pipeline_version",
]


def __getattr__(name: str) -> str:
    # PIPELINE_VERSION hashes the head weights file: done on first use, not on import.
    if name == "PIPELINE_VERSION":
        return pipeline_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
