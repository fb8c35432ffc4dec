"""Phrasal triggers: a verb's particle or fixed object is part of its trigger."""

from __future__ import annotations

from spacy.tokens import Token

from workers.pipeline.modality import lemma_of, read_lexicon


def fixed_object(verb: Token) -> Token | None:
    """The object that makes one act with ``verb``: "fire" in "set fire to X"."""
    phrases = read_lexicon("phrasal_objects.txt")
    for child in verb.children:
        if child.dep_ == "dobj" and f"{lemma_of(verb)} {lemma_of(child)}" in phrases:
            return child
    return None


def trigger_end(verb: Token) -> Token | None:
    """The last word of ``verb``'s trigger when it has more than one: the particle
    of "blew up", "called off", "handed over", or the object of "set fire"."""
    found = fixed_object(verb)
    particles = [
        c
        for c in verb.children
        if c.dep_ == "prt" and verb.i < c.i <= verb.i + 3 and not _up_to(c)
    ]
    candidates = [t for t in (found, *particles) if t is not None]
    return max(candidates, key=lambda t: t.i) if candidates else None


def _up_to(particle: Token) -> bool:
    """ "kidnapped up to 16 advisers": "up to" counts, it is no particle."""
    doc = particle.doc
    return (
        particle.i + 2 < len(doc)
        and doc[particle.i + 1].lower_ == "to"
        and doc[particle.i + 2].like_num
    )
