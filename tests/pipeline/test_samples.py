"""The five scraped samples against the events an analyst codes in them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workers.pipeline import ArticleInput, Event, Pipeline
from workers.pipeline.clean import blank_debris
from workers.pipeline.when import find_dateline

pytestmark = pytest.mark.slow

EXPECTED_DIR = Path(__file__).parent / "expected"
# Share of the analyst's events the pipeline must find over the five samples.
MIN_RECALL = 0.7


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipe = Pipeline()
    pipe.load()
    return pipe


@pytest.fixture(scope="module")
def extracted(
    pipeline: Pipeline, samples_dir: Path
) -> dict[str, tuple[str, list[Event]]]:
    paths = sorted(samples_dir.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    articles = [ArticleInput(text=t, published_at=find_dateline(t)) for t in texts]
    events = pipeline.extract_many(articles)
    return {p.stem: (t, e) for p, t, e in zip(paths, texts, events, strict=True)}


def _names(event: Event, role: str) -> list[str]:
    out: list[str] = []
    for p in event.participants:
        if p.role == role:
            out += [p.entity.name.lower(), (p.entity.country or "").lower()]
    return out


def _fits(wanted: list[str], found: list[str]) -> bool:
    """No actor wanted, or one of the wanted ones is among those found."""
    if not wanted:
        return True
    return any(w.lower() in f for w in wanted for f in found if f)


def matches(expected: dict[str, Any], event: Event) -> bool:
    return (
        event.type in expected["types"]
        and _fits(expected["sources"], _names(event, "source"))
        and _fits(expected["targets"], _names(event, "target"))
    )


def test_recall_of_the_analysts_events(
    extracted: dict[str, tuple[str, list[Event]]],
) -> None:
    found = total = 0
    missed: list[str] = []
    for stem, (_, events) in sorted(extracted.items()):
        coded = json.loads((EXPECTED_DIR / f"{stem}.json").read_text())["events"]
        for expected in coded:
            total += 1
            if any(matches(expected, e) for e in events):
                found += 1
            else:
                missed.append(f"{stem}: {expected['evidence']}")
    assert total >= 20
    assert found / total >= MIN_RECALL, "\n".join(missed)


def test_headline_example_events(extracted: dict[str, tuple[str, list[Event]]]) -> None:
    _, events = next(v for k, v in extracted.items() if k.startswith("004_"))
    assault = [
        e for e in events if e.type == "ASSAULT" and "rus" in _names(e, "source")
    ]
    assert assault and assault[0].location is not None
    assert assault[0].location.country == "SYR"
    backed = next(e for e in events if e.trigger.text == "backed")
    assert backed.type == "SUPPORT" and backed.modality == "reported"
    assert any(p.relation == "reported_by" for p in backed.participants)


def test_no_event_or_actor_from_debris(
    extracted: dict[str, tuple[str, list[Event]]],
) -> None:
    for text, events in extracted.values():
        cleaned = blank_debris(text)
        for event in events:
            spans = [(event.trigger.start, event.trigger.end)]
            spans += [(p.start, p.end) for p in event.participants]
            for start, end in spans:
                assert cleaned[start:end] == text[start:end], text[start:end]


def test_offsets_point_into_the_submitted_text(
    extracted: dict[str, tuple[str, list[Event]]],
) -> None:
    for text, events in extracted.values():
        assert events
        for event in events:
            for span in (event.trigger, event.sentence, *event.mentions):
                assert text[span.start : span.end] == span.text
            for p in event.participants:
                assert text[p.start : p.end] == p.text
