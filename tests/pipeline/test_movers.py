"""Forces moved in an agentless passive are the ones withdrawing or deploying."""

from __future__ import annotations

from typing import Any

import pytest

from workers.pipeline.actors import ActorResolver
from workers.pipeline.movers import moved_as_sources
from workers.pipeline.participants import verb_arguments
from workers.pipeline.resolution import resolve


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def roles(nlp: Any, resolver: ActorResolver, text: str, verb: str, kind: str):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == verb)
    sources, targets = verb_arguments(trigger)
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    return {p.entity.country: p.role for p in moved_as_sources(kind, trigger, found, 0)}


def test_forces_withdrawn_by_nobody_named_are_the_ones_withdrawing(nlp, resolver):
    text = "Ethiopian troops were withdrawn from Somalia last week."
    assert roles(nlp, resolver, text, "withdrawn", "RETREAT") == {
        "ETH": "source",
        "SOM": "target",
    }


def test_a_named_mover_or_another_event_type_keeps_the_roles(nlp, resolver):
    text = "Ethiopian troops were withdrawn from Somalia by the African Union."
    assert roles(nlp, resolver, text, "withdrawn", "RETREAT")["ETH"] == "target"
    text = "Ethiopian troops were attacked in Somalia."
    assert roles(nlp, resolver, text, "attacked", "ASSAULT")["ETH"] == "target"
