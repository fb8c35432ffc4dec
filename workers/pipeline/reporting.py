"""Who reports a clause: "X said Y did Z", a closing ", X said", "according to X"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.modality import lemma_of, read_lexicon
from workers.pipeline.participants import (
    SUBJECTS,
    closing_speaker,
    noun_phrase,
    phrases,
)
from workers.pipeline.statements import STATEMENT_NOUNS

# Clause links followed up from an event to the verb that reports it.
REPORTED_DEPS = frozenset({"ccomp", "conj", "xcomp", "advcl", "parataxis", "acomp"})


def speech_verbs() -> dict[str, str]:
    return read_lexicon("speech_verbs.txt")


def reporter_of(clause: Token) -> tuple[Span | None, bool]:
    """Who reports the clause of ``clause`` ("X said Y did Z"), and whether reported.

    Follows complement links up to a speech verb, and looks for a speech verb hung
    on the clause itself ('"..., " Lavrov said') and for "according to X".
    """
    speech = speech_verbs()
    token, steps = clause, 0
    while True:
        for child in token.children:
            if child.dep_ == "parataxis" and lemma_of(child) in speech:
                return _speaker(child), True
            if child.dep_ == "conj" and lemma_of(child) in speech:
                trailing = _trailing_speaker(child)
                if trailing is not None:
                    return trailing, True
            if child.dep_ == "prep" and child.lower_ == "according":
                for to in child.children:
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return noun_phrase(obj), True
        if token.dep_ in ("acl", "ccomp") and token.head.i != token.i:
            issuer = _issuer(token.head)
            if issuer is not None:
                return issuer, True
        if token.dep_ not in REPORTED_DEPS or token.head.i == token.i or steps >= 4:
            # ", a human rights group protested here Wednesday", misparsed.
            closing = closing_speaker(clause.sent)
            if closing is not None and not closing.start <= clause.i < closing.end:
                return closing, True
            return None, False
        head = token.head
        steps += 1
        if lemma_of(head) in speech and token.dep_ in ("ccomp", "parataxis"):
            return _speaker(head), True
        token = head


# Nouns of what is said whose "that" clause is what someone says: "issued a
# reminder that Iraq must cooperate" reports Iraq's obligation.
SAID_NOUNS = STATEMENT_NOUNS | frozenset(
    "reminder warning announcement assurance pledge message".split()
)


def _issuer(noun: Token) -> Span | None:
    """Who issues the statement noun a clause completes: "Chirac issued a stern
    reminder that ..." → Chirac; None for other nouns, or one no verb takes."""
    if noun.pos_ != "NOUN" or noun.lower_ not in SAID_NOUNS:
        return None
    if noun.dep_ != "dobj":
        return None
    return _speaker(noun.head)


def _trailing_speaker(verb: Token) -> Span | None:
    """The speaker of a closing ", the ministry said" that the parser hung on the
    reported clause without its subject: the phrase between the comma and the verb."""
    if any(c.dep_ in SUBJECTS for c in verb.children):
        return _speaker(verb)
    doc = verb.doc
    start = verb.i - 1
    while start > verb.sent.start and doc[start].text != ",":
        start -= 1
    if doc[start].text != "," or start + 1 >= verb.i:
        return None
    words = doc[start + 1 : verb.i]
    if words.root.pos_ not in ("NOUN", "PROPN"):
        return None
    return noun_phrase(words.root)


def _speaker(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            found = phrases(child)
            return found[0] if found else None
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return noun_phrase(obj)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
        # "X was quoted as saying ...": the one quoted is the speaker.
        quoted = verb.head.head
        for child in quoted.children:
            if child.dep_ in SUBJECTS | {"nsubjpass"}:
                found = phrases(child)
                return found[0] if found else None
    return None
