"""A statement's author acts in it: "X issued a statement condemning Y" is X's act."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.participants import SUBJECTS, phrases, subject_holder

# Nouns of a text that someone issues, whose participle says what the text does.
STATEMENT_NOUNS = frozenset(
    "statement declaration communique communiqué letter resolution report appeal "
    "message note memorandum petition decree motion bill ultimatum law legislation "
    "treaty accord".split()
)


def statement_authors(verb: Token) -> list[Span]:
    """Who issued the statement a participle describes: "The party issued a
    declaration demanding that ..." → the party; [] for any other participle."""
    noun = verb.head
    if (
        verb.dep_ != "acl"
        or verb.tag_ != "VBG"
        or noun.lemma_.lower() not in (STATEMENT_NOUNS)
    ):
        return []
    if noun.dep_ != "dobj":
        return []
    holder = subject_holder(noun.head)
    return [p for c in holder.children if c.dep_ in SUBJECTS for p in phrases(c)]
