"""The whole pipeline: chunking, offsets, batching, timings, version."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

import workers.pipeline as package
from workers.pipeline import (
    PIPELINE_VERSION,
    PLOVER_TYPES,
    ArticleInput,
    Event,
    Pipeline,
    PipelineSettings,
)
from workers.pipeline.annotate import Annotator, paragraph_chunks
from workers.pipeline.classify import MentionText, ModeLexicon, TypeDecision
from workers.pipeline.engine import STAGES


def check_offsets(text: str, events: list[Event]) -> None:
    for event in events:
        for span in (event.trigger, event.sentence, *event.mentions):
            assert text[span.start : span.end] == span.text
        for p in event.participants:
            assert text[p.start : p.end] == p.text
        if event.location is not None and event.location.start is not None:
            assert event.location.end is not None
            assert text[event.location.start : event.location.end].strip()


def test_version_names_the_head_weights() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8}", PIPELINE_VERSION)
    assert Pipeline().version == PIPELINE_VERSION
    with pytest.raises(AttributeError):
        _ = package.NOT_THERE


def test_construction_loads_nothing() -> None:
    pipe = Pipeline(PipelineSettings(quantize=True))
    assert pipe._classifier is None and pipe._actors is None
    assert set(pipe.stage_timings()) == set(STAGES)
    assert all(v == 0.0 for v in pipe.stage_timings().values())


def test_paragraph_chunks_cover_the_text_at_paragraph_ends() -> None:
    paragraph = "Russia and Turkey signed a trade deal in Ankara on Monday.\n\n"
    text = paragraph * 1000
    pieces = list(paragraph_chunks(text, 5_000))
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= 5_000
        assert piece.startswith("Russia")
    assert list(paragraph_chunks("short", 100)) == [(0, "short")]
    # One endless line is still cut, between words.
    line = "word " * 3000
    assert all(len(p) <= 1000 for _, p in paragraph_chunks(line, 1000))


def test_lines_without_a_verb_are_their_own_sentences() -> None:
    text = (
        "September 30, 2015\n\nForeign Minister Sergei Lavrov\n\n"
        "Russia is ready to open channels with the coalition, Lavrov said."
    )
    (chunk,) = Annotator().annotate([text])
    sentences = [s.text.strip() for s in chunk.doc.sents]
    assert sentences[-1].startswith("Russia is ready")
    assert "September 30, 2015" in sentences[0] and "Russia" not in sentences[0]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipe = Pipeline()
    pipe.load()
    return pipe


@pytest.mark.slow
def test_extract_fills_every_field(pipeline: Pipeline) -> None:
    text = (
        "BEIJING, March 4 (Reuters) - Germany imposed sanctions on Iran in Berlin "
        "on 3 March 2016, officials said. Iran will not join the talks in Geneva."
    )
    events = pipeline.extract(ArticleInput(text=text, published_at=dt.date(2016, 3, 4)))
    check_offsets(text, events)
    sanctions = next(e for e in events if e.trigger.text == "sanctions")
    assert sanctions.type in PLOVER_TYPES
    assert [p.entity.country for p in sanctions.sources()] == ["DEU"]
    assert [p.entity.country for p in sanctions.targets()] == ["IRN"]
    assert sanctions.date == dt.date(2016, 3, 3)
    assert sanctions.pipeline_version == PIPELINE_VERSION
    assert 0.0 < sanctions.confidence <= 1.0
    timings = pipeline.stage_timings()
    assert timings["annotate"] > 0 and timings["classify"] > 0


def test_an_obligation_a_speaker_lays_is_a_demand_whatever_is_demanded(
    pipeline: Pipeline,
) -> None:
    text = "Germany said on Tuesday that Armenia and Azerbaijan must reach a deal."
    (demand,) = pipeline.extract(ArticleInput(text=text))
    assert demand.type == "REQUEST" and demand.trigger.text == "must reach a deal"
    assert [p.entity.country for p in demand.sources()] == ["DEU"]
    assert [p.entity.country for p in demand.targets()] == ["ARM", "AZE"]


@pytest.mark.slow
def test_extract_many_matches_extract(pipeline: Pipeline, samples_dir: Path) -> None:
    articles = [ArticleInput(text=p.read_text()) for p in sorted(samples_dir.glob("*"))]
    many = pipeline.extract_many(articles)
    for article, events in zip(articles, many, strict=True):
        one = pipeline.extract(article)
        assert [(e.type, e.trigger) for e in one] == [
            (e.type, e.trigger) for e in events
        ]
        check_offsets(article.text, events)


@pytest.mark.slow
def test_a_200k_character_article(pipeline: Pipeline, samples_dir: Path) -> None:
    body = "\n\n".join(p.read_text() for p in sorted(samples_dir.glob("*.txt")))
    text = "\n\n".join([body] * (200_000 // len(body) + 1))
    assert len(text) >= 200_000
    events = pipeline.extract(ArticleInput(text=text))
    check_offsets(text, events)
    # The body repeats: its later tellings are merged into the first as mentions.
    assert max(m.start for e in events for m in e.mentions) > 180_000


class _DoubtingClassifier:
    """A head that finds an event in every mention but no type sure enough."""

    def __init__(self, not_an_event: float) -> None:
        self.not_an_event = not_an_event
        self.lexicon = ModeLexicon.load()

    def classify(self, mentions: Sequence[MentionText]) -> list[TypeDecision]:
        return [TypeDecision(None, self.not_an_event, None, None) for _ in mentions]


@pytest.mark.parametrize(("not_an_event", "demands"), [(0.3, 1), (0.7, 0)])
def test_an_obligation_laid_is_a_demand_where_the_head_doubts_the_type(
    not_an_event: float, demands: int
) -> None:
    classifier = _DoubtingClassifier(not_an_event)
    pipeline = Pipeline(PipelineSettings(), classifier=classifier)  # type: ignore[arg-type]
    events = pipeline.extract(
        ArticleInput(
            text="The Swiss president issued a reminder to Iraq that it must "
            "cooperate with the inspectors."
        )
    )
    assert len(events) == demands
    for event in events:
        assert (event.type, event.trigger.text) == ("REQUEST", "must cooperate")
        assert [p.entity.country for p in event.sources()] == ["CHE"]
        assert event.confidence == pytest.approx(1 - not_an_event)
