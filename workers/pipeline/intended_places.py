"""Places of intended acts: "agreed to lift the curfew in X" is aimed at X."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.modality import lemma_of, read_lexicon
from workers.pipeline.model import Entity, Event, Participant
from workers.pipeline.where import preposition_of

# Words whose place is where people meet, never whom an act is aimed at: "agreed to
# hold talks in Geneva", "agreed to meet in Oslo".
VENUES = frozenset(
    "talks meeting meetings summit conference negotiations session round "
    "consultations meet hold host attend visit gather convene negotiate talk".split()
)
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "pobj"})


def _aimed_at(head: Token, trigger: Token) -> bool:
    """Whether a place phrase on ``head`` is where the intended act falls: on the
    trigger's object, or on a verb or object of the clause it intends."""
    if head.i == trigger.i or lemma_of(head) in VENUES:
        return False
    token = head
    while token.i != trigger.i and token.head.i != token.i:
        if token.dep_ in ("xcomp", "ccomp") and token.head.i == trigger.i:
            return True
        if token.dep_ in OBJECT_DEPS and token.head.i == trigger.i:
            return True
        token = token.head
    return False


def intended_place_target(
    event: Event, trigger: Token, sentence: Span, offset: int, text: str
) -> Participant | None:
    """The event's place as its target when its type is an intent, an agreement or
    a refusal (``data/lexicon/intended_place_types.txt``), it names no target of
    known country, and the place is where the intended act falls."""
    place = event.location
    if (
        event.type not in read_lexicon("intended_place_types.txt")
        or any(t.entity.country for t in event.targets())
        or place is None
        or place.country is None
        or place.start is None
        or place.end is None
    ):
        return None
    words = sentence.doc.char_span(
        place.start - offset, place.end - offset, alignment_mode="expand"
    )
    if words is None:
        return None
    prep = preposition_of(words.root)
    if prep is None or prep.lower_ not in ("in", "at", "inside", "near", "on"):
        return None
    if not _aimed_at(prep.head, trigger):
        return None
    entity = Entity(place.name, "location", place.country, None)
    return Participant(
        "target",
        text[place.start : place.end],
        place.start,
        place.end,
        entity,
        "location",
    )
