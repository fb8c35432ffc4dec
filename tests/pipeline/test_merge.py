"""Repeated tellings of one event become one event with extra mentions."""

from __future__ import annotations

import datetime as dt

from workers.pipeline.merge import merge
from workers.pipeline.model import Entity, Event, Participant, Span

RUSSIA = Entity("Russia", "country", "RUS", "GOV")
USA = Entity("United States", "country", "USA", "GOV")
ISIS = Entity("Islamic State", "group", None, "IMG")


def event(
    type_: str,
    at: int,
    sources: list[Entity],
    targets: list[Entity],
    day: dt.date | None = dt.date(2015, 9, 30),
    modality: str = "asserted",
    precision: str = "day",
    confidence: float = 0.6,
) -> Event:
    people = [Participant("source", e.name, at, at + 1, e) for e in sources]
    people += [Participant("target", e.name, at + 2, at + 3, e) for e in targets]
    return Event(
        type=type_,
        trigger=Span("x", at, at + 1),
        sentence=Span("x" * 50, at, at + 50),
        participants=people,
        modality=modality,
        confidence=confidence,
        pipeline_version="test",
        date=day,
        date_precision=precision if day else None,
        date_reason="explicit" if day else None,
    )


def test_same_event_twice_is_merged() -> None:
    first = event("ASSAULT", 0, [RUSSIA], [ISIS])
    again = event("ASSAULT", 100, [RUSSIA], [ISIS], confidence=0.9)
    merged = merge([first, again])
    assert len(merged) == 1
    assert merged[0].mentions == [again.trigger]
    assert merged[0].confidence == 0.9


def test_a_telling_without_target_adds_to_the_first() -> None:
    merged = merge(
        [
            event("ASSAULT", 0, [RUSSIA], [], day=None),
            event("ASSAULT", 80, [RUSSIA], [ISIS]),
        ]
    )
    assert len(merged) == 1
    assert [p.entity for p in merged[0].targets()] == [ISIS]
    assert merged[0].date == dt.date(2015, 9, 30)


def test_different_actors_types_dates_or_polarity_stay_apart() -> None:
    base = event("CONSULT", 0, [RUSSIA], [USA])
    others = [
        event("COOPERATE", 20, [RUSSIA], [USA]),
        event("CONSULT", 30, [RUSSIA], [USA], day=dt.date(2015, 10, 5)),
        event("CONSULT", 40, [RUSSIA], [USA], modality="negated"),
        event("CONSULT", 50, [RUSSIA], [ISIS]),
    ]
    assert len(merge([base, *others])) == 5


def test_month_precision_is_compatible_with_a_day_in_it() -> None:
    merged = merge(
        [
            event(
                "AGREE", 0, [RUSSIA], [USA], day=dt.date(2016, 1, 1), precision="month"
            ),
            event("AGREE", 60, [RUSSIA], [USA], day=dt.date(2016, 1, 20)),
        ]
    )
    assert len(merged) == 1


def test_mutual_events_merge_whatever_the_direction() -> None:
    both = event("AGREE", 0, [RUSSIA, USA], [])
    between = event("AGREE", 70, [USA], [RUSSIA])
    assert len(merge([both, between])) == 1
    assert (
        len(
            merge(
                [
                    event("ACCUSE", 0, [RUSSIA], [USA]),
                    event("ACCUSE", 9, [USA], [RUSSIA]),
                ]
            )
        )
        == 2
    )


def test_a_mutual_event_takes_its_source_from_the_telling_that_names_one() -> None:
    # "talks between these rounds in Astana ... Astana hosted a meeting"
    told_as_object = event("CONSULT", 0, [], [RUSSIA])
    told_as_subject = event("CONSULT", 70, [RUSSIA], [])
    (merged,) = merge([told_as_object, told_as_subject])
    assert [(p.role, p.entity.name) for p in merged.participants] == [
        ("source", "Russia")
    ]
    directed = event("CONSULT", 0, [USA], [RUSSIA])
    (kept,) = merge([directed, event("CONSULT", 70, [RUSSIA], [USA])])
    assert [p.entity.name for p in kept.sources()] == ["United States"]
