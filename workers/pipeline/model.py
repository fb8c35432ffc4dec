"""Plain data types the extraction pipeline takes in and gives out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "CONCEDE",
)

ROLES: tuple[str, ...] = ("source", "target", "other")
ENTITY_KINDS: tuple[str, ...] = (
    "person",
    "country",
    "organization",
    "group",
    "location",
    "other",
)
MODALITIES: tuple[str, ...] = (
    "asserted",
    "reported",
    "future",
    "hypothetical",
    "negated",
)
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
DATE_REASONS: tuple[str, ...] = ("explicit", "relative", "dateline", "publication")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as submitted: offsets in the output point into ``text``."""

    text: str
    title: str | None = None
    published_at: dt.date | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the submitted text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved actor: canonical name, kind, ISO 3166 alpha-3 country, sector."""

    name: str
    kind: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor taking part in an event, with the words that name it."""

    role: str
    text: str
    start: int
    end: int
    entity: Entity
    # A finer role where one is known: "reported_by", "mediator", "location" ...
    relation: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened."""

    name: str
    country: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Event:
    """One event found in an article, with the evidence for each field."""

    type: str
    trigger: Span
    sentence: Span
    participants: list[Participant]
    modality: str
    confidence: float
    pipeline_version: str
    mode: str | None = None
    cameo_root: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    date_reason: str | None = None
    location: Location | None = None
    # Further mentions of the same event in the article (see the merge stage).
    mentions: list[Span] = field(default_factory=list)

    def sources(self) -> list[Participant]:
        return [p for p in self.participants if p.role == "source"]

    def targets(self) -> list[Participant]:
        return [p for p in self.participants if p.role == "target"]
