"""An intended, agreed or refused act that falls on a place has the place as target."""

from __future__ import annotations

import pytest

from workers.pipeline import ArticleInput, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _targets(pipeline: Pipeline, text: str, trigger: str) -> list[str | None]:
    events = pipeline.extract(ArticleInput(text=text))
    event = next(e for e in events if e.trigger.text == trigger)
    return [p.entity.country for p in event.targets()]


@pytest.mark.slow
def test_a_refused_deployment_in_a_country_is_aimed_at_it(pipeline):
    text = "Pakistan has refused to deploy peacekeepers in Iraq."
    assert "IRQ" in _targets(pipeline, text, "refused")


@pytest.mark.slow
def test_an_agreed_act_in_a_city_is_aimed_at_its_country(pipeline):
    text = "Opposition leaders agreed to postpone the rally in Nairobi until May."
    assert "KEN" in _targets(pipeline, text, "agreed")


@pytest.mark.slow
def test_where_an_agreement_is_made_is_no_target(pipeline):
    text = "Russia and Japan agreed in Tokyo to expand trade."
    assert _targets(pipeline, text, "agreed") == []
