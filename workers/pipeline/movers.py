"""Who moves in an agentless passive of moving forces: the moved themselves."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from workers.pipeline.model import Participant

# Event types whose doer is the force that moves: it withdraws or it deploys.
MOVING_TYPES = frozenset({"RETREAT", "MOBILIZE"})


def moved_as_sources(
    kind: str, trigger: Token, participants: list[Participant], offset: int
) -> list[Participant]:
    """The passive subject's actors as sources of a withdrawal or a deployment
    that names nobody moving them: "guerrillas have been demobilized", "troops
    were sent to the border".

    ``offset`` places the trigger's chunk in the article, as participants are.
    """
    if kind not in MOVING_TYPES or any(p.role == "source" for p in participants):
        return participants
    if any(c.dep_ == "agent" for c in trigger.children):
        return participants
    subjects = [c for c in trigger.children if c.dep_ == "nsubjpass"]
    if not subjects:
        return participants
    words = [t for s in subjects for t in s.subtree]
    begin = offset + min(t.idx for t in words)
    end = offset + max(t.idx + len(t) for t in words)
    return [
        replace(p, role="source")
        if p.role == "target" and begin <= p.start and p.end <= end
        else p
        for p in participants
    ]
