"""The Idempotency-Key header (IETF draft): replay, 409 in flight, 422 on reuse."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from flask import g, request
from werkzeug.exceptions import BadRequest, Conflict, UnprocessableEntity

from services.api.problems import http_error
from services.api.state import db, state
from services.storage import idempotency

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

Outcome = tuple[dict[str, Any], int, dict[str, str]]


def idempotent(handler: Callable[[], Outcome]) -> Outcome:
    """Run ``handler`` once per key; later requests with the key get its response."""
    key = request.headers.get(HEADER)
    if key is None:
        return handler()
    key = key.strip().strip('"')
    if not key or len(key) > MAX_KEY_LENGTH:
        raise BadRequest(f"{HEADER} must be 1 to {MAX_KEY_LENGTH} characters.")
    scope = g.api_key.id if getattr(g, "api_key", None) else "open"
    fingerprint = hashlib.sha256(
        request.path.encode() + b"\n" + request.get_data(cache=True)
    ).hexdigest()
    ttl = dt.timedelta(seconds=state().settings.idempotency_ttl)
    session = db()
    found = idempotency.claim(session, scope, key, fingerprint, ttl)
    if not found.mine:
        return _replay(found, fingerprint)
    try:
        body, status, headers = handler()
    except Exception:
        session.rollback()
        idempotency.release(session, found.record_id)
        session.commit()
        raise
    idempotency.complete(
        session, found.record_id, status, body, headers.get("Location")
    )
    session.commit()
    return body, status, headers


def _replay(found: idempotency.Claim, fingerprint: str) -> Outcome:
    if found.fingerprint != fingerprint:
        raise http_error(
            UnprocessableEntity,
            f"This {HEADER} was used with a different request body.",
            slug="idempotency-key-reused",
        )
    if found.status is None or found.response is None:
        raise http_error(
            Conflict,
            f"A request with this {HEADER} is still being processed.",
            slug="idempotency-key-in-flight",
            headers={"Retry-After": "1"},
        )
    headers = {"Idempotent-Replayed": "true"}
    if found.location:
        headers["Location"] = found.location
    return found.response, found.status, headers
