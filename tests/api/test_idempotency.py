"""The Idempotency-Key header: replay, conflict while in flight, 422 on a new body."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from services.config import Settings
from services.storage import idempotency
from services.storage.db import make_engine, make_sessionmaker


def test_replay_returns_the_first_response(client: FlaskClient) -> None:
    headers = {"Idempotency-Key": "k-1"}
    first = client.post("/v1/articles", json={"text": "Once."}, headers=headers)
    again = client.post("/v1/articles", json={"text": "Once."}, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.get_json() == again.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]


def test_same_key_other_body_is_422(client: FlaskClient) -> None:
    headers = {"Idempotency-Key": "k-2"}
    client.post("/v1/articles", json={"text": "One."}, headers=headers)
    response = client.post("/v1/articles", json={"text": "Two."}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("idempotency-key-reused")


def test_key_in_flight_is_409(client: FlaskClient, settings: Settings) -> None:
    sessions = make_sessionmaker(make_engine(settings))
    body = b'{"text": "Slow."}'
    import hashlib

    fingerprint = hashlib.sha256(b"/v1/articles\n" + body).hexdigest()
    # Another request holding the key: claimed under the same scope, not completed.
    from services.storage.models import ApiKey

    with sessions() as session:
        scope = session.query(ApiKey).one().id
        idempotency.claim(session, scope, "k-3", fingerprint, dt.timedelta(days=1))
    response = client.post(
        "/v1/articles",
        data=body,
        content_type="application/json",
        headers={"Idempotency-Key": "k-3"},
    )
    assert response.status_code == 409
    assert response.headers["Retry-After"] == "1"
