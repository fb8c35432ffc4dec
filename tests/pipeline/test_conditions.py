"""The actor of an act's "if" or "unless" clause is whom the act is aimed at."""

from __future__ import annotations

from typing import Any

from tests.pipeline.parsing import mentions, texts


def test_a_threat_is_aimed_at_whoever_must_act_to_avert_it(nlp: Any) -> None:
    found = mentions(
        nlp,
        "Moscow threatened to halt the arms talks if Washington deploys the "
        "new missiles.",
    )
    assert "Washington" in texts(found["threatened"].targets)
    found = mentions(
        nlp,
        "Villagers threatened to block the highway unless the governor restored power.",
    )
    assert "the governor" in texts(found["threatened"].targets)


def test_an_intent_hanging_on_another_actor_targets_it(nlp: Any) -> None:
    found = mentions(
        nlp,
        "The opposition party said it will boycott the elections unless the "
        "president resigns.",
    )
    assert "the president" in texts(found["boycott"].targets)


def test_a_condition_on_what_befalls_the_actor_names_no_target(nlp: Any) -> None:
    found = mentions(nlp, "Norway is ready to send troops if it is attacked.")
    assert all(t.text != "it" for t in found["send"].targets)
