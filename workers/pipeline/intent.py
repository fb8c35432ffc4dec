"""Expressed intent: "X said it will Y" is a statement of intent, typed by what Y is."""

from __future__ import annotations

from workers.pipeline.mentions import Mention
from workers.pipeline.modality import read_lexicon


def intent_type(event_type: str, mention: Mention) -> str | None:
    """The type of the statement of intent a mention makes, if it makes one.

    Only what a speaker says an actor will do counts: "Lavrov will meet Kerry on
    Sunday" in a reporter's own words is a scheduled meeting, not an intent;
    "Russia said it would meet the envoy" is Russia's intent (types in
    ``data/lexicon/intent_types.txt``).
    """
    if mention.modality != "future" or mention.reporter is None:
        return None
    return read_lexicon("intent_types.txt").get(event_type) or None
