"""Candidate mentions and their arguments, on real spaCy parses."""

from __future__ import annotations

from typing import Any

from workers.pipeline.mentions import find_mentions


def mentions(nlp: Any, text: str) -> dict[str, Any]:
    sentence = next(nlp(text).sents)
    return {m.trigger.text: m for m in find_mentions(sentence)}


def test_subject_object_and_prepositions(nlp: Any) -> None:
    found = mentions(nlp, "Russia launched air strikes against Islamic State in Syria.")
    launched = found["launched"]
    assert [s.text for s in launched.sources] == ["Russia"]
    assert "air strikes" in [t.text for t in launched.targets]


def test_passive_voice_puts_the_agent_first(nlp: Any) -> None:
    found = mentions(nlp, "The claim was disputed by the United States and France.")
    disputed = found["disputed"]
    assert [s.text for s in disputed.sources] == ["the United States", "France"]
    assert [t.text for t in disputed.targets] == ["The claim"]


def test_reported_speech_keeps_the_speaker(nlp: Any) -> None:
    found = mentions(nlp, "Lavrov said Russia backed UN efforts.")
    assert "said" not in found
    backed = found["backed"]
    assert backed.modality == "reported"
    assert backed.reporter is not None and backed.reporter.text == "Lavrov"


def test_modality(nlp: Any) -> None:
    assert mentions(nlp, "Iran will not join the talks.")["join"].modality == "negated"
    assert mentions(nlp, "Iran will join the talks.")["join"].modality == "future"
    assert (
        mentions(nlp, "Iran could join the talks.")["join"].modality == "hypothetical"
    )
