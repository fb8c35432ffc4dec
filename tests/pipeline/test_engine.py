"""The whole pipeline on a real sample article, with the real models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workers.pipeline import ArticleInput, Pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipe = Pipeline()
    pipe.load()
    return pipe


def test_sample_004(pipeline: Pipeline, samples_dir: Path) -> None:
    text = next(samples_dir.glob("004_*.txt")).read_text()
    events = pipeline.extract(ArticleInput(text=text))
    for event in events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert text[event.sentence.start : event.sentence.end] == event.sentence.text
        for p in event.participants:
            assert text[p.start : p.end] == p.text
    found = {(e.type, s.entity.country) for e in events for s in e.sources()}
    assert ("ASSAULT", "RUS") in found
    assert ("ACCUSE", "USA") in found
    backed = [e for e in events if e.type == "SUPPORT"]
    assert backed and backed[0].modality == "reported"
    assert any(p.relation == "reported_by" for p in backed[0].participants)
    assault = next(e for e in events if e.type == "ASSAULT")
    assert assault.date == dt.date(2015, 9, 30)
    assert assault.location is not None and assault.location.country == "SYR"


def test_no_event_from_boilerplate(pipeline: Pipeline, samples_dir: Path) -> None:
    for path in samples_dir.glob("*.txt"):
        text = path.read_text()
        for event in pipeline.extract(ArticleInput(text=text)):
            line = text[: event.trigger.start].rsplit("\n", 1)[-1]
            assert not line.lstrip().startswith(("$", "#", "Original url"))


def test_long_article_is_chunked(pipeline: Pipeline, samples_dir: Path) -> None:
    text = "\n\n".join(p.read_text() for p in sorted(samples_dir.glob("*.txt"))) * 3
    events = pipeline.extract(ArticleInput(text=text))
    assert events
    assert all(text[e.trigger.start : e.trigger.end] == e.trigger.text for e in events)


def test_extract_many_matches_extract(pipeline: Pipeline) -> None:
    article = ArticleInput(text="Germany imposed sanctions on Iran on 3 March 2016.")
    one = pipeline.extract(article)
    many = pipeline.extract_many([article, article])
    assert (
        [e.type for e in one] == [e.type for e in many[0]] == [e.type for e in many[1]]
    )
