"""Modality of triggers on real parses: not, will, could, if, refused, said."""

from __future__ import annotations

from typing import Any

import pytest

from workers.pipeline.modality import modality, read_lexicon, strongest


def trigger_modality(nlp: Any, text: str, word: str, reported: bool = False) -> str:
    token = next(t for t in nlp(text) if t.text == word)
    return modality(token, reported)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Russia launched air strikes in Syria.", "launched", "asserted"),
        ("Iran will not join the coalition.", "join", "negated"),
        ("Iran did not sign the agreement.", "sign", "negated"),
        ("Iran will join the coalition next week.", "join", "future"),
        ("The measures are to be taken next month.", "taken", "future"),
        ("Turkey plans to send troops to the border.", "send", "future"),
        ("Russia is ready to open channels with the coalition.", "open", "future"),
        ("Iran could join the coalition.", "join", "hypothetical"),
        (
            "If Iran joins the coalition, Saudi Arabia will leave.",
            "joins",
            "hypothetical",
        ),
        ("Pakistan refused to extradite the suspects.", "extradite", "negated"),
        ("Moscow denied bombing the hospital.", "bombing", "negated"),
        ("We will continue fighting them.", "fighting", "future"),
    ],
)
def test_modality(nlp: Any, text: str, word: str, expected: str) -> None:
    assert trigger_modality(nlp, text, word) == expected


def test_reported_is_weaker_than_negated_or_future(nlp: Any) -> None:
    text = "Lavrov said Russia will not take part in the talks."
    assert trigger_modality(nlp, text, "take", reported=True) == "negated"
    assert trigger_modality(nlp, "Lavrov said Russia backed it.", "backed", True) == (
        "reported"
    )
    assert strongest("reported", "future") == "future"


def test_own_clause_keeps_its_modality(nlp: Any) -> None:
    text = "Russia will not take part, but it will accompany the negotiations."
    assert trigger_modality(nlp, text, "accompany") == "future"


def test_lexicon_is_read() -> None:
    assert read_lexicon("mental_verbs.txt")["refuse"] == "negated"
    assert "say" in read_lexicon("speech_verbs.txt")
