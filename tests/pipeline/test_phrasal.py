"""Phrasal triggers: particles and fixed objects belong to the verb's trigger."""

from __future__ import annotations

from typing import Any

from tests.pipeline.parsing import mentions
from workers.pipeline.mentions import Mention


def trigger_text(mention: Mention) -> str:
    start, end = mention.trigger_chars()
    return mention.sentence.doc.text[start:end]


def test_a_particle_is_part_of_the_trigger(nlp: Any) -> None:
    found = mentions(nlp, "Afghan guerrillas blew up three power lines near Kabul.")
    assert trigger_text(found["blew"]) == "blew up"
    found = mentions(nlp, "The union called off the strike after talks.")
    assert trigger_text(found["called"]) == "called off"


def test_a_fixed_object_makes_one_act_with_its_verb(nlp: Any) -> None:
    found = mentions(nlp, "Rioters set fire to the offices of the ruling party.")
    assert trigger_text(found["set"]) == "set fire"
    assert [s.text for s in found["set"].sources] == ["Rioters"]
    found = mentions(nlp, "Police opened fire on the marchers in the capital.")
    assert trigger_text(found["opened"]) == "opened fire"


def test_a_verb_of_intent_without_its_fixed_object_stays_no_event(nlp: Any) -> None:
    found = mentions(nlp, "The minister set a date for the elections.")
    assert "set" not in found


def test_up_to_a_number_is_no_particle(nlp: Any) -> None:
    found = mentions(nlp, "Afghan rebels have kidnapped up to 16 Russian advisers.")
    assert trigger_text(found["kidnapped"]) == "kidnapped"


def test_signing_is_the_act_not_the_agreement_signed(nlp: Any) -> None:
    found = mentions(nlp, "Egypt and Jordan signed a trade agreement in Cairo.")
    assert "signed" in found and "agreement" not in found
