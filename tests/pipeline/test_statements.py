"""Whoever issues a statement is the source of what the statement does."""

from __future__ import annotations

from typing import Any

from tests.pipeline.parsing import mentions


def test_a_statement_condemning_is_the_issuers_condemnation(nlp: Any) -> None:
    found = mentions(
        nlp, "The foreign ministry issued a statement condemning the raid on Gaza."
    )
    assert [s.text for s in found["condemning"].sources] == ["The foreign ministry"]


def test_other_nouns_keep_their_own_participles(nlp: Any) -> None:
    found = mentions(nlp, "Police found a truck carrying weapons for the rebels.")
    carrying = found.get("carrying")
    assert carrying is None or "Police" not in [s.text for s in carrying.sources]
