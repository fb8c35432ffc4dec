"""The extraction engine: a plain library, text and metadata in, events out."""

from workers.pipeline.engine import VERSION, Pipeline, PipelineSettings
from workers.pipeline.model import (
    ArticleInput,
    Entity,
    Event,
    Location,
    Participant,
    Span,
)

__all__ = [
    "VERSION",
    "ArticleInput",
    "Entity",
    "Event",
    "Location",
    "Participant",
    "Pipeline",
    "PipelineSettings",
    "Span",
]
