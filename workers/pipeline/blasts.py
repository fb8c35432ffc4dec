"""Blasts as sources: a bomb's unnamed bombers are of the country it struck in."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from workers.pipeline.gazetteer import Gazetteer, clean_name
from workers.pipeline.modality import read_lexicon
from workers.pipeline.model import Entity

# Prepositions that put a blast somewhere: "a bombing near Samarra".
WHERE = frozenset("in near outside inside at around on".split())
# Words of a place phrase that may name the country: "the Iraqi city of Basra".
PLACE_TAGS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def is_blast(span: Span) -> bool:
    """Whether the phrase names a weapon or blast rather than who used it."""
    root = span.root
    return root.pos_ == "NOUN" and root.lemma_.lower() in read_lexicon(
        "blast_nouns.txt"
    )


def _where(span: Span) -> Iterator[Token]:
    """Tokens of the place phrases of the blast and of the verb it is an argument
    of: "a bombing near the town of Samarra killed ...", "killed by a mine outside
    the Iraqi city of Basra"."""
    root = span.root
    heads = [root]
    verb = root.head
    if verb.dep_ == "agent":
        verb = verb.head
    if verb.pos_ in ("VERB", "AUX"):
        heads.append(verb)
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in WHERE:
                yield from prep.subtree


def blast_actor(span: Span, gazetteer: Gazetteer) -> Entity | None:
    """The unnamed attackers behind a blast, with the one country of the place it
    struck; None when the phrase names no blast or no single country."""
    if not is_blast(span):
        return None
    codes: set[str] = set()
    for token in _where(span):
        if token.ent_type_ not in PLACE_TAGS and token.pos_ != "PROPN":
            continue
        place = gazetteer.place(token.text)
        found = gazetteer.lookup(token.text) if place is None else None
        code = place.country if place is not None else found and found.country
        if code:
            codes.add(code)
    if len(codes) != 1:
        return None
    return Entity(clean_name(span.text), "group", codes.pop(), None)
