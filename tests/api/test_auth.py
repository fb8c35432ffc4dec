"""API keys and scopes: 401 without a key, 403 with the wrong scope."""

from __future__ import annotations

from typing import Any

from flask import Flask

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import hash_token, revoke_key
from services.storage.models import ApiKey


def test_no_key_is_401_with_a_challenge(app: Flask) -> None:
    response = app.test_client().get("/v1/events")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_key_is_401(app: Flask) -> None:
    headers = {"Authorization": "Bearer ew_nothing_here"}
    assert app.test_client().get("/v1/events", headers=headers).status_code == 401


def test_scopes_are_enforced(app: Flask, make_token: Any) -> None:
    reader = {"Authorization": f"Bearer {make_token('read')}"}
    ingester = {"Authorization": f"Bearer {make_token('ingest')}"}
    client = app.test_client()
    assert client.get("/v1/events", headers=reader).status_code == 200
    assert (
        client.post("/v1/articles", json={"text": "x"}, headers=reader).status_code
        == 403
    )
    assert (
        client.post("/v1/articles", json={"text": "x"}, headers=ingester).status_code
        == 202
    )
    assert client.get("/v1/events", headers=ingester).status_code == 403


def test_keys_are_stored_hashed_and_revocable(
    app: Flask, make_token: Any, settings: Settings
) -> None:
    token = make_token("read")
    with make_sessionmaker(make_engine(settings)).begin() as session:
        row = session.query(ApiKey).one()
        assert row.secret_hash == hash_token(token) and token not in row.secret_hash
        assert revoke_key(session, row.prefix)
    response = app.test_client().get(
        "/v1/events", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_health_and_docs_are_public(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_rate_limit_answers_429_with_retry_after(
    pg_url: str, broker_url: str, tmp_path: Any, make_token: Any
) -> None:
    from services.api import create_app

    limited = create_app(
        Settings(
            data_dir=tmp_path,
            database_url=pg_url,
            broker_url=broker_url,
            rate_limit="3/minute",
        )
    )
    headers = {"Authorization": f"Bearer {make_token('read')}"}
    client = limited.test_client()
    statuses = [client.get("/v1/events", headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/v1/events", headers=headers)
    assert response.mimetype == "application/problem+json"
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    other = {"Authorization": f"Bearer {make_token('read')}"}
    assert client.get("/v1/events", headers=other).status_code == 200
