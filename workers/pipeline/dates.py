"""Date expressions ("Sept. 30", "last week") resolved to a day, month or year."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
NUMBER_WORDS: dict[str, int] = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"a": 1, "an": 1, "couple": 2, "few": 3}
UNITS = frozenset({"day", "week", "month", "year"})
# (date, precision, reason): the fields of when.DateResolution, in its order.
Parsed = tuple[dt.date, str, str]


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _pick(options: list[dt.date], when: str, reference: dt.date) -> dt.date:
    """Among dates a phrase could mean, the one a report in this tense means."""
    if when == "past" and any(d <= reference for d in options):
        return max(d for d in options if d <= reference)
    if when == "future" and any(d >= reference for d in options):
        return min(d for d in options if d >= reference)
    return min(options, key=lambda d: (abs((d - reference).days), d > reference))


def _month_shift(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _calendar(words: list[str], when: str, reference: dt.date | None) -> Parsed | None:
    """Dates written with a month or a year: "Sept. 30", "12 March 2016", "2015"."""
    months = [MONTHS[w] for w in words if w in MONTHS]
    years = [int(w) for w in words if re.fullmatch(r"(?:19|20)\d\d", w)]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    try:
        if months and days:
            if years:
                return dt.date(years[0], months[0], days[0]), "day", "explicit"
            if reference is None:
                return None
            options = []
            for year in range(reference.year - 1, reference.year + 2):
                try:
                    options.append(dt.date(year, months[0], days[0]))
                except ValueError:
                    continue
            return _pick(options, when, reference), "day", "explicit"
        if months:
            if years:
                return dt.date(years[0], months[0], 1), "month", "explicit"
            if reference is None:
                return None
            start = reference.replace(day=1)
            options = [dt.date(start.year + k, months[0], 1) for k in (-1, 0, 1)]
            return _pick(options, when, start), "month", "explicit"
    except ValueError:
        return None
    if years and not days:
        return dt.date(years[0], 1, 1), "year", "explicit"
    return None


def _relative(words: list[str], when: str, reference: dt.date) -> Parsed | None:
    """Dates relative to the reference: "yesterday", "on Wednesday", "last week"."""
    one_day = dt.timedelta(days=1)
    if "yesterday" in words:
        shift = -2 if "before" in words else -1
        return reference + shift * one_day, "day", "relative"
    if "tomorrow" in words:
        shift = 2 if "after" in words else 1
        return reference + shift * one_day, "day", "relative"
    if {"today", "tonight"} & set(words) or (
        "this" in words and {"morning", "afternoon", "evening"} & set(words)
    ):
        return reference, "day", "relative"
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is not None:
        options = [
            reference + k * one_day
            for k in range(-7, 8)
            if (reference + k * one_day).weekday() == weekday
        ]
        if {"last", "past"} & set(words):
            return max(d for d in options if d < reference), "day", "relative"
        if {"next", "coming"} & set(words):
            return min(d for d in options if d > reference), "day", "relative"
        near = [d for d in options if abs((d - reference).days) < 7]
        return _pick(near, when, reference), "day", "relative"
    numbers = [int(w) for w in words if w.isdigit()]
    numbers += [NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS]
    unit = next((w.rstrip("s") for w in words if w.rstrip("s") in UNITS), None)
    if unit is None:
        return None
    if "ago" in words:
        count = numbers[0] if numbers else 1
        if unit == "day":
            return reference - count * one_day, "day", "relative"
        if unit == "week":
            return reference - 7 * count * one_day, "month", "relative"
        if unit == "month":
            return _month_shift(reference, -count), "month", "relative"
        return dt.date(reference.year - count, 1, 1), "year", "relative"
    if numbers:
        return None  # a duration ("the past five years"), not a point in time
    step = -1 if {"last", "past", "previous"} & set(words) else 0
    step = 1 if {"next", "coming"} & set(words) else step
    if step == 0 and "this" not in words:
        return None
    if unit == "week":
        return reference + 7 * step * one_day, "month", "relative"
    if unit == "month":
        return _month_shift(reference, step), "month", "relative"
    if unit == "year":
        return dt.date(reference.year + step, 1, 1), "year", "relative"
    return None


def parse_expression(text: str, when: str, reference: dt.date | None) -> Parsed | None:
    """Resolve one date expression; ``when`` is the tense of the event's clause."""
    iso = re.search(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())), "day", "explicit"
        except ValueError:
            return None
    words = re.findall(r"[a-z]+|\d+", text.lower())
    parsed = _calendar(words, when, reference)
    if parsed is None and reference is not None:
        parsed = _relative(words, when, reference)
    return parsed
