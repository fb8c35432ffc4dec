"""Idempotency-Key records: claim a key, then store the response to replay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.storage.models import IdempotencyRecord, utcnow

# A claim whose request never finished (its process died) is taken over after this.
ABANDONED_AFTER = dt.timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a key: ours to run, or an earlier request's record."""

    record_id: int
    mine: bool
    fingerprint: str
    status: int | None = None
    response: dict[str, Any] | None = None
    location: str | None = None


def claim(
    session: Session, scope: str, key: str, fingerprint: str, ttl: dt.timedelta
) -> Claim:
    """Claim ``key`` and commit at once, so concurrent requests see the claim."""
    now = utcnow()
    record = _find(session, scope, key)
    if record is not None and (
        _aware(record.created_at) < now - ttl
        or (record.status is None and _aware(record.created_at) < now - ABANDONED_AFTER)
    ):
        session.delete(record)
        session.commit()
        record = None
    if record is None:
        record = IdempotencyRecord(scope=scope, key=key, fingerprint=fingerprint)
        try:
            session.add(record)
            session.commit()
            return Claim(record.id, mine=True, fingerprint=fingerprint)
        except IntegrityError:
            session.rollback()
            record = _find(session, scope, key)
            if record is None:
                raise
    return Claim(
        record.id,
        mine=False,
        fingerprint=record.fingerprint,
        status=record.status,
        response=record.response,
        location=record.location,
    )


def complete(
    session: Session,
    record_id: int,
    status: int,
    response: dict[str, Any],
    location: str | None,
) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is not None:
        record.status = status
        record.response = response
        record.location = location


def release(session: Session, record_id: int) -> None:
    """Forget a claim whose request failed, so the client can try again."""
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


def _find(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
        )
    ).first()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
