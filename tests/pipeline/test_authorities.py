"""Unnamed authorities: a passive arrest or inquiry in a place is that place's act."""

from __future__ import annotations

import pytest

from workers.pipeline import ArticleInput, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.slow
def test_a_passive_arrest_in_a_country_is_done_by_that_country(pipeline):
    text = "Two foreign journalists were arrested in Egypt on Monday."
    events = pipeline.extract(ArticleInput(text=text))
    arrested = next(e for e in events if e.trigger.text == "arrested")
    assert [p.entity.country for p in arrested.sources()] == ["EGY"]
    assert "EGY" not in [p.entity.country for p in arrested.targets()]


@pytest.mark.slow
def test_an_act_with_its_agent_named_keeps_it(pipeline):
    text = "Two journalists were arrested by Syrian police in Lebanon on Monday."
    events = pipeline.extract(ArticleInput(text=text))
    arrested = next(e for e in events if e.trigger.text == "arrested")
    assert [p.entity.country for p in arrested.sources()] == ["SYR"]
