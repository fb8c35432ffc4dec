"""Expressed intent: "X said it will Y" is a statement of intent, typed by what Y is."""

from __future__ import annotations

from workers.pipeline.mentions import Mention
from workers.pipeline.modality import FUTURE_AUX, read_lexicon

# What a statement that an actor will not cooperate is: a rejection.
REFUSAL = "REJECT"
# What an act announced on a condition ("will withdraw unless X") is: a threat.
CONDITIONAL = "THREATEN"


def intent_type(event_type: str, mention: Mention) -> str | None:
    """The type of the statement of intent a mention makes, if it makes one.

    Only what a speaker says an actor will do counts: "Lavrov will meet Kerry on
    Sunday" in a reporter's own words is a scheduled meeting, not an intent;
    "Russia said it would meet the envoy" is Russia's intent (types in
    ``data/lexicon/intent_types.txt``). Saying that one will not cooperate ("said
    it would not accept more refugees", "will not take part in the talks") is a
    rejection.
    """
    intended = read_lexicon("intent_types.txt").get(event_type) or None
    if _on_condition(mention) and mention.modality in ("future", "hypothetical"):
        return CONDITIONAL  # "will withdraw its troops unless ...": a threat
    if mention.modality == "negated":
        clause = mention.trigger
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head  # "will not take part in the talks": the verb's will
        future = any(
            c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children
        )
        if intended == "AGREE" and (future or mention.reporter is not None):
            return REFUSAL
        return None
    if mention.modality != "future" or mention.reporter is None:
        return None
    return intended


def _on_condition(mention: Mention) -> bool:
    """Whether the act is made to hang on what another does: "... unless X"."""
    clause = mention.trigger
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    return any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in clause.children
    )
