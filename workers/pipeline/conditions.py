"""Whom an act hangs on: the actor of its "if" or "unless" clause is its target."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.participants import SUBJECTS, phrases

CONDITION_MARKS = frozenset({"if", "unless"})
# Clause links from a trigger to the verbs a condition may hang on: "threatened to
# stop the talks if X ...": the condition may attach to "threatened" or "stop".
CARRIERS = frozenset({"xcomp", "ccomp", "conj"})
# Subjects that name nobody: "if it is attacked", "unless there is progress".
EMPTY_SUBJECTS = frozenset({"it", "there", "this", "that"})


def _conditions(verb: Token) -> list[Token]:
    """The "if"/"unless" clauses of ``verb``."""
    return [
        c
        for c in verb.children
        if c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)
    ]


def _carriers(verb: Token) -> list[Token]:
    """``verb``, the verbs it completes and those completing it, near first."""
    out = [verb]
    head = verb
    while head.dep_ in CARRIERS and head.head.i != head.i and len(out) < 3:
        head = head.head
        out.append(head)
    out += [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    return out


def condition_targets(verb: Token) -> list[Span]:
    """The actors whose doing the act depends on: "will boycott the elections
    unless the president steps down" (the president), "threatened to halt the
    talks if the United States deploys the missiles" (the United States).

    A condition on what happens to the actor itself ("if it is attacked") names
    no target.
    """
    for carrier in _carriers(verb):
        for clause in _conditions(carrier):
            found = [
                p
                for c in clause.children
                if c.dep_ in SUBJECTS and c.lower_ not in EMPTY_SUBJECTS
                for p in phrases(c)
            ]
            if found:
                return found
    return []
