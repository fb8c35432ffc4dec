"""Stances toward another's action: obligations laid on someone, refusals to act."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.modality import lemma_of, read_lexicon
from workers.pipeline.participants import (
    SUBJECTS,
    phrases,
    purpose_targets,
    subject_holder,
    unique,
    verb_arguments,
)

# "X said Y must leave": a speaker lays an obligation on Y, which is a demand of X's.
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
DEMAND = "REQUEST"


def refusal_verbs() -> dict[str, str]:
    return read_lexicon("refusal_verbs.txt")


def obligation_modal(verb: Token) -> Token | None:
    """The "must" or "should" that makes ``verb`` an obligation, if it has one:
    its own, or that of the verb it completes ("must be ready to mediate", "should
    try to stop")."""
    clause = verb
    for _ in range(3):
        for child in clause.children:
            if child.dep_ == "aux" and child.lower_ in OBLIGATION_AUX:
                return child
        if clause.dep_ not in ("xcomp", "acomp") or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def lays_obligation(first: Token | None) -> bool:
    """Whether a mention is a speaker's "Y must ...": its first word is the modal.

    Such a mention is a demand whatever is demanded: "Straw said Sudan must reach an
    agreement" is Britain's REQUEST of Sudan, not an agreement (PLOVER after CAMEO 10).
    """
    return first is not None and first.dep_ == "aux" and first.lower_ in OBLIGATION_AUX


def obliged(verb: Token) -> list[Span]:
    """Who an obligation is laid on: the subjects of the obliged verb, or of the
    verb it completes ("the US must be ready to mediate")."""
    holder = subject_holder(verb)
    return [p for c in holder.children if c.dep_ in SUBJECTS for p in phrases(c)]


def refused_action(verb: Token) -> Token | None:
    """The action a refusal verb refuses ("refused to meet X"), if it names one."""
    if lemma_of(verb) not in refusal_verbs():
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child
    return None


def is_refused(verb: Token) -> bool:
    """Whether ``verb`` is what a refusal refuses: the refusal is the event."""
    return (
        verb.dep_ == "xcomp"
        and verb.head.i != verb.i
        and lemma_of(verb.head) in refusal_verbs()
    )


def refusal_arguments(verb: Token, action: Token) -> tuple[list[Span], list[Span]]:
    """The refuser and whom the refused action was to reach: "refused to meet X"."""
    sources, _ = verb_arguments(verb)
    _, targets = verb_arguments(action)
    # "refused to allow UN planes to land": whom the refused leave was for.
    allowed = [
        p
        for clause in action.children
        if clause.dep_ in ("ccomp", "xcomp")
        for subject in clause.children
        if subject.dep_ in SUBJECTS
        for p in phrases(subject)
    ]
    return sources, unique(targets + purpose_targets(action) + allowed)


def grounds_words() -> dict[str, str]:
    return read_lexicon("grounds_words.txt")


def is_grounds(verb: Token) -> bool:
    """Whether a gerund gives the grounds of a judgement: "accused Syria of
    shelling villages" is an accusation, and the shelling only what is alleged."""
    prep = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or prep.lower_ not in ("of", "for"):
        return False
    judge = prep.head
    word = lemma_of(judge) if judge.pos_ in ("VERB", "AUX") else judge.lower_
    return word in grounds_words()


def content_words() -> dict[str, str]:
    return read_lexicon("content_words.txt")


def completes_noun(verb: Token) -> bool:
    """A clause completing a noun of demand, offer or plan ("a plan to build",
    "demands that it reform"): what is planned or demanded, not an event. "An
    attempt to kill" is no such noun: the attempt is the event."""
    if not any(
        c.dep_ in ("aux", "mark") and c.lower_ in ("to", "that") for c in verb.children
    ):
        return False
    if verb.dep_ in ("acl", "ccomp") and verb.head.lower_ in content_words():
        return True
    # "reiterated its demand today that Israel ease ...": the parser hangs the
    # noun's clause on the verb when a word comes between them.
    return verb.dep_ == "ccomp" and any(
        c.dep_ == "dobj" and c.lower_ in content_words() and c.i < verb.left_edge.i
        for c in verb.head.children
    )


def is_asked_for(noun: Token) -> bool:
    """An event noun that is what a demand, offer or refusal is about: "demanded
    elections", "called for sanctions", "rejected an offer of talks"."""
    head = noun
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("dobj", "nsubjpass"):
        governor = head.head
    elif head.dep_ == "pobj" and head.head.dep_ == "prep":
        governor = head.head.head
    else:
        return False
    word = lemma_of(governor) if governor.pos_ in ("VERB", "AUX") else governor.lower_
    return word in content_words()
