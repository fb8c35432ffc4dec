"""One event per happening: the same event told twice in an article is merged."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from workers.pipeline.model import Event

# Two dates are one at a precision when they print the same in its format.
_PRECISION_FORMAT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


# Event types whose participants act together rather than one upon the other.
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})


def _names(event: Event, role: str) -> frozenset[str]:
    return frozenset(p.entity.name for p in event.participants if p.role == role)


def dates_compatible(a: Event, b: Event) -> bool:
    """Equal at the coarser of the two precisions, or one of them unknown."""
    if a.date is None or b.date is None:
        return True
    coarse = max(
        (a.date_precision or "day", b.date_precision or "day"),
        key=("day", "month", "year").index,
    )
    fmt = _PRECISION_FORMAT.get(coarse, "%Y-%m-%d")
    return _fmt(a.date, fmt) == _fmt(b.date, fmt)


def _fmt(day: dt.date, fmt: str) -> str:
    return day.strftime(fmt)


def same_event(a: Event, b: Event) -> bool:
    """Same type, polarity and sources; targets equal or one side names none.

    Mutual events have no direction: "A and B agreed" and "an agreement between A
    and B" are one event when they involve the same actors.
    """
    if a.type != b.type or (a.modality == "negated") != (b.modality == "negated"):
        return False
    if not dates_compatible(a, b):
        return False
    sa, sb = _names(a, "source"), _names(b, "source")
    ta, tb = _names(a, "target"), _names(b, "target")
    if a.type in MUTUAL_TYPES and sa | ta == sb | tb:
        return True
    return sa == sb and (not ta or not tb or ta == tb)


def absorb(kept: Event, other: Event) -> None:
    """Fold ``other`` into ``kept``: its trigger as a mention, what it adds."""
    if other.trigger != kept.trigger and other.trigger not in kept.mentions:
        kept.mentions.append(other.trigger)
    for span in other.mentions:
        if span != kept.trigger and span not in kept.mentions:
            kept.mentions.append(span)
    kept.confidence = max(kept.confidence, other.confidence)
    if kept.type in MUTUAL_TYPES and not kept.sources():
        _take_sources_from(kept, other)
    known = {(p.role, p.entity.name) for p in kept.participants}
    names = {p.entity.name for p in kept.participants}
    for participant in other.participants:
        if (participant.role, participant.entity.name) in known:
            continue
        # A target the first telling left out; a reporter it did not name.
        if participant.entity.name not in names and participant.role != "source":
            kept.participants.append(participant)
            names.add(participant.entity.name)
    if kept.location is None:
        kept.location = other.location
    if kept.date is None:
        kept.date = other.date
        kept.date_precision = other.date_precision
        kept.date_reason = other.date_reason
    elif kept.date_reason in ("publication", "dateline") and other.date_reason in (
        "explicit",
        "relative",
    ):
        # The telling that states its date says more than the fallback to the dateline.
        kept.date = other.date
        kept.date_precision = other.date_precision
        kept.date_reason = other.date_reason


def _take_sources_from(kept: Event, other: Event) -> None:
    """A mutual event first told with its parties as objects only ("rounds in the
    Kazakh capital"), then with one as subject ("the Kazakh capital hosted a
    meeting"): the telling with a subject says who acted."""
    acting = _names(other, "source")
    kept.participants = [
        replace(p, role="source")
        if p.role == "target" and p.entity.name in acting
        else p
        for p in kept.participants
    ]


def merge(events: list[Event]) -> list[Event]:
    """Events of one article, in order, with repeated tellings folded into the first."""
    kept: list[Event] = []
    for event in events:
        for first in kept:
            if same_event(first, event):
                absorb(first, event)
                break
        else:
            kept.append(event)
    return kept
