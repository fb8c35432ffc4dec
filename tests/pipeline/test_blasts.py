"""A blast as the subject of an attack stands for its bombers, of the place it hit."""

from __future__ import annotations

from typing import Any

import pytest

from workers.pipeline.actors import ActorResolver
from workers.pipeline.participants import verb_arguments
from workers.pipeline.resolution import resolve


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def sources_of(nlp: Any, resolver: ActorResolver, text: str, verb: str) -> list[Any]:
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == verb)
    sources, targets = verb_arguments(trigger)
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    return [p for p in found if p.role == "source"]


def test_a_bombing_near_a_town_is_of_the_towns_country(nlp, resolver):
    text = "A roadside bombing near the town of Samarra killed two policemen."
    (source,) = sources_of(nlp, resolver, text, "killed")
    assert source.text == "A roadside bombing" and source.entity.country == "IRQ"


def test_a_bomb_as_passive_agent_takes_the_place_of_the_attack(nlp, resolver):
    text = "Two Canadian soldiers were killed by a roadside bomb outside Kandahar."
    (source,) = sources_of(nlp, resolver, text, "killed")
    assert source.entity.country == "AFG"


def test_a_blast_with_no_place_or_a_blast_as_target_is_no_actor(nlp, resolver):
    assert sources_of(nlp, resolver, "A car bomb killed two policemen.", "killed") == []
    doc = nlp("Police defused a bomb near the embassy in Nairobi.")
    trigger = next(t for t in doc if t.text == "defused")
    sources, targets = verb_arguments(trigger)
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert all(p.text != "a bomb" for p in found)


def test_a_blast_someone_was_killed_in_stands_for_its_bombers(nlp, resolver):
    text = "Three soldiers were wounded in a roadside bomb blast near Kandahar."
    (source,) = sources_of(nlp, resolver, text, "wounded")
    assert source.text == "a roadside bomb blast" and source.entity.country == "AFG"
    text = "Three soldiers were wounded in Kandahar."
    assert sources_of(nlp, resolver, text, "wounded") == []
