"""Statements of intent are typed by what is intended, on real parses."""

from __future__ import annotations

from typing import Any

from workers.pipeline.intent import intent_type
from workers.pipeline.mentions import Mention, find_mentions


def mention(nlp: Any, text: str, trigger: str) -> Mention:
    sentence = next(nlp(text).sents)
    return next(m for m in find_mentions(sentence) if m.trigger.text == trigger)


def test_a_said_intent_to_cooperate_is_agree(nlp: Any) -> None:
    found = mention(nlp, "Ghana said it would send troops to the mission.", "send")
    assert intent_type("AID", found) == "AGREE"
    found = mention(nlp, "Tehran said it will meet the envoy next week.", "meet")
    assert intent_type("CONSULT", found) == "AGREE"


def test_a_said_intent_to_use_force_is_a_threat(nlp: Any) -> None:
    text = "The rebels said they would attack the capital if talks failed."
    assert intent_type("ASSAULT", mention(nlp, text, "attack")) == "THREATEN"


def test_a_scheduled_event_in_the_reporters_words_keeps_its_type(nlp: Any) -> None:
    found = mention(
        nlp, "The minister will meet his Turkish counterpart on Sunday.", "meet"
    )
    assert intent_type("CONSULT", found) is None


def test_a_past_or_attempted_act_is_no_intent(nlp: Any) -> None:
    text = "The militants said they had tried to kill the governor."
    assert intent_type("ASSAULT", mention(nlp, text, "kill")) is None
    found = mention(nlp, "Ghana said it had sent troops to the mission.", "sent")
    assert intent_type("AID", found) is None


def test_saying_one_will_not_cooperate_is_a_rejection(nlp: Any) -> None:
    text = "Jordan said it would not accept new refugees from the north."
    assert intent_type("AID", mention(nlp, text, "accept")) == "REJECT"
    text = "The opposition will not participate in the talks with the government."
    found = next(
        m for m in find_mentions(next(nlp(text).sents)) if m.trigger.text == "talks"
    )
    assert intent_type("CONSULT", found) == "REJECT"


def test_a_negated_hostile_act_is_no_rejection(nlp: Any) -> None:
    text = "The army said it would not attack the town."
    assert intent_type("ASSAULT", mention(nlp, text, "attack")) is None


def test_an_act_announced_on_a_condition_is_a_threat(nlp: Any) -> None:
    text = "Ghana said it would withdraw its ambassador unless the attacks stopped."
    assert intent_type("RETREAT", mention(nlp, text, "withdraw")) == "THREATEN"
