"""Event dates against the publication date or dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from workers.pipeline.when import DateResolution, find_dateline, resolve_date

# A Wednesday.
REFERENCE = dt.date(2015, 9, 30)


def _resolve(nlp, text: str, trigger: str, reference=REFERENCE, reason="publication"):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return resolve_date(token.sent, token, reference, reason)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Russia said it had launched air strikes in Syria on Wednesday.",
            "launched",
            DateResolution(dt.date(2015, 9, 30), "day", "relative"),
        ),
        (
            "The rebels seized the town on Monday after days of fighting.",
            "seized",
            DateResolution(dt.date(2015, 9, 28), "day", "relative"),
        ),
        (
            "Lavrov will hold talks with Kerry on Sunday in New York.",
            "hold",
            DateResolution(dt.date(2015, 10, 4), "day", "relative"),
        ),
        (
            "Lavrov will hold talks with Kerry on Sunday in New York.",
            "talks",
            DateResolution(dt.date(2015, 10, 4), "day", "relative"),
        ),
        (
            "Gunmen attacked a checkpoint yesterday, the ministry said.",
            "attacked",
            DateResolution(dt.date(2015, 9, 29), "day", "relative"),
        ),
        (
            "Both leaders arrive in Paris today for the summit.",
            "arrive",
            DateResolution(dt.date(2015, 9, 30), "day", "relative"),
        ),
        (
            "Thousands of protesters marched in the capital last week.",
            "marched",
            DateResolution(dt.date(2015, 9, 23), "month", "relative"),
        ),
    ],
)
def test_relative_dates_follow_tense(nlp, text, trigger, expected):
    assert _resolve(nlp, text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "The ministers met on Sept. 30 in Vienna.",
            "met",
            DateResolution(dt.date(2015, 9, 30), "day", "explicit"),
        ),
        (
            "The two sides signed the accord on 12 March 2016 in Geneva.",
            "signed",
            DateResolution(dt.date(2016, 3, 12), "day", "explicit"),
        ),
        (
            "The parliament approved the budget in March.",
            "approved",
            DateResolution(dt.date(2015, 3, 1), "month", "explicit"),
        ),
        (
            "The council will vote on the plan in March.",
            "vote",
            DateResolution(dt.date(2016, 3, 1), "month", "explicit"),
        ),
        (
            "The two countries broke off relations in 2012.",
            "broke",
            DateResolution(dt.date(2012, 1, 1), "year", "explicit"),
        ),
    ],
)
def test_explicit_dates(nlp, text, trigger, expected):
    assert _resolve(nlp, text, trigger) == expected


def test_the_date_in_the_triggers_clause_wins(nlp):
    text = "Lavrov said on Monday that Russian jets had bombed the camp on Saturday."
    assert _resolve(nlp, text, "bombed").date == dt.date(2015, 9, 26)
    assert _resolve(nlp, text, "said").date == dt.date(2015, 9, 28)


def test_a_date_naming_something_else_is_ignored(nlp):
    text = (
        "Russia and the United States agreed that the UN Security Council "
        "December 2015 Resolution 2254 is the main basis for a settlement."
    )
    assert _resolve(nlp, text, "agreed") == DateResolution(
        REFERENCE, "day", "publication"
    )


def test_without_date_words_the_reference_and_its_reason(nlp):
    text = "Government troops shelled rebel positions near the border."
    assert _resolve(nlp, text, "shelled") == DateResolution(
        REFERENCE, "day", "publication"
    )
    assert _resolve(nlp, text, "shelled", reason="dateline").reason == "dateline"
    assert _resolve(nlp, text, "shelled", reference=None) == DateResolution(
        None, None, None
    )


def test_future_weekday_on_the_reference_day_is_that_day(nlp):
    sunday = dt.date(2015, 9, 27)
    text = "Lavrov will hold discussions with Kerry on Sunday in New York."
    assert _resolve(nlp, text, "hold", reference=sunday).date == sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Follow us\n\nLavrov, Kerry to meet\nSeptember 27, 2015, 6:35 am\n\nBody.",
            dt.date(2015, 9, 27),
        ),
        (
            "PRESS RELEASE\nJan. 20, 2017 (EIRNS)—Speaking today in Moscow, ...",
            dt.date(2017, 1, 20),
        ),
        ("# Title\n\n12 March 2016\n\nText of the article.", dt.date(2016, 3, 12)),
        ("Headline\nPublished: 2016-03-12\nText.", dt.date(2016, 3, 12)),
        ("Headline\nThe talks in 2015 on Syria failed, officials said.", None),
    ],
)
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


def test_dateline_without_year_needs_a_reference():
    text = "MOSCOW, Sept 30 (Reuters) - Russia launched air strikes in Syria."
    assert find_dateline(text) is None
    assert find_dateline(text, dt.date(2015, 10, 2)) == dt.date(2015, 9, 30)
    assert find_dateline(text, dt.date(2016, 1, 5)) == dt.date(2015, 9, 30)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Officials say the talks are going to resume on Friday.", "resume", "future"),
        ("The envoy'll visit Kabul on Friday.", "visit", "future"),
        ("The envoy shall visit Kabul on Friday.", "visit", "future"),
        ("The envoy visited Kabul on Friday.", "visited", "past"),
    ],
)
def test_tense_from_auxiliaries_picks_the_weekday(nlp, text, trigger, expected):
    friday = {"future": dt.date(2015, 10, 2), "past": dt.date(2015, 9, 25)}[expected]
    assert _resolve(nlp, text, trigger).date == friday
