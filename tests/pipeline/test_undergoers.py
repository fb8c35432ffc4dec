"""Whom an act befell when the verb makes them its subject, on real parses."""

from __future__ import annotations

from typing import Any

from tests.pipeline.parsing import texts
from workers.pipeline.participants import verb_arguments


def arguments(nlp: Any, text: str, verb: str) -> tuple[list[str], list[str]]:
    doc = nlp(text)
    sources, targets = verb_arguments(next(t for t in doc if t.text == verb))
    return texts(sources), texts(targets)


def test_who_died_is_the_target(nlp: Any) -> None:
    text = "Two soldiers died when their patrol was ambushed near the border."
    assert arguments(nlp, text, "died") == ([], ["Two soldiers"])


def test_who_held_them_in_custody_is_the_source(nlp: Any) -> None:
    text = "A student leader died while in Kenyan police custody, his lawyer said."
    assert arguments(nlp, text, "died") == (["Kenyan police"], ["A student leader"])
    text = "An opposition activist died in the custody of the army on Friday."
    sources, targets = arguments(nlp, text, "died")
    assert (sources, targets) == (["the army"], ["An opposition activist"])


def test_a_death_with_an_agent_is_left_alone(nlp: Any) -> None:
    # Not an undergoer verb at all: the subject acts.
    text = "Rebels killed two soldiers near the border."
    assert arguments(nlp, text, "killed") == (["Rebels"], ["two soldiers"])
