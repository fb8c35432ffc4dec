"""Repository functions for reading events: filters and keyset pagination."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from services.storage.models import Event, Participant


class BadCursor(ValueError):
    """A cursor this service did not hand out."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    type: str | None = None
    actor: str | None = None
    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    article_id: str | None = None
    min_confidence: float | None = None
    modality: str | None = None

    @classmethod
    def from_query(cls, query: dict[str, Any]) -> EventFilter:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in query.items() if k in known})


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("s"):
            raise ValueError(raw)
        return int(raw[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc


def list_events(
    session: Session, flt: EventFilter, limit: int, cursor: str | None = None
) -> Page:
    """Events in stable insertion order; the cursor is the last seq handed out."""
    query = _filtered(select(Event), flt).order_by(Event.seq)
    if cursor:
        query = query.where(Event.seq > decode_cursor(cursor))
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].seq) if more else None
    return Page([row.payload for row in rows], next_cursor)


def get_event(session: Session, event_id: str) -> dict[str, Any] | None:
    row = session.scalars(select(Event).where(Event.id == event_id)).first()
    return row.payload if row else None


def article_events(session: Session, article_id: str) -> list[dict[str, Any]]:
    query = select(Event).where(Event.article_id == article_id).order_by(Event.seq)
    return [row.payload for row in session.scalars(query)]


def _filtered(query: Select[Any], flt: EventFilter) -> Select[Any]:
    if flt.type:
        query = query.where(Event.type == flt.type)
    if flt.article_id:
        query = query.where(Event.article_id == flt.article_id)
    if flt.since:
        query = query.where(Event.date >= flt.since)
    if flt.until:
        query = query.where(Event.date <= flt.until)
    if flt.min_confidence is not None:
        query = query.where(Event.confidence >= flt.min_confidence)
    if flt.modality:
        query = query.where(Event.modality == flt.modality)
    if flt.actor:
        pattern = "%" + _escape_like(flt.actor.lower()) + "%"
        query = query.where(
            _has_participant(Participant.name_lower.like(pattern, "\\"))
        )
    if flt.country:
        query = query.where(
            _has_participant(
                (Participant.country == flt.country)
                & Participant.role.in_(("source", "target"))
            )
        )
    if flt.source_country:
        query = query.where(
            _has_participant(
                (Participant.country == flt.source_country)
                & (Participant.role == "source")
            )
        )
    if flt.target_country:
        query = query.where(
            _has_participant(
                (Participant.country == flt.target_country)
                & (Participant.role == "target")
            )
        )
    return query


def _has_participant(condition: Any) -> Any:
    return exists(
        select(Participant.id).where(Participant.event_seq == Event.seq, condition)
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
