"""Unnamed authorities: "was arrested in Lebanon" was done by Lebanon's."""

from __future__ import annotations

from spacy.tokens import Token

from workers.pipeline.modality import read_lexicon
from workers.pipeline.model import Event, Participant
from workers.pipeline.where import place_participant

PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})


def _passive_without_agent(trigger: Token) -> bool:
    deps = {c.dep_ for c in trigger.children}
    return bool(deps & PASSIVE_DEPS) and "agent" not in deps


def place_source(event: Event, trigger: Token, text: str) -> Participant | None:
    """The event's place as its source, when it is told in the passive with no
    agent and its type is one a place's authorities do
    (``data/lexicon/place_source_types.txt``)."""
    if (
        event.sources()
        or event.type not in read_lexicon("place_source_types.txt")
        or not _passive_without_agent(trigger)
    ):
        return None
    return place_participant(event, text, "source")
