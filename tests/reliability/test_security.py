"""Security beyond tests/api: injection, scopes, shared limits, guards, headers."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import revoke_key
from services.storage.models import ApiKey, Article

pytestmark = pytest.mark.reliability

PROBLEM = "application/problem+json"
INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "x%' UNION SELECT secret_hash FROM api_keys --",
    '" OR 1=1 --',
    "\\'; SELECT pg_sleep(5); --",
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_looking_filters_are_data(
    client: FlaskClient, settings: Settings, value: str
) -> None:
    client.post("/v1/articles", json={"text": "Russia met China.", "url": None})
    for name in ("actor", "article_id"):
        response = client.get("/v1/events", query_string={name: value})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.get_json()["items"] == []
    for name in ("type", "country", "since", "min_confidence", "limit"):
        response = client.get("/v1/events", query_string={name: value})
        assert response.status_code == 422 and response.mimetype == PROBLEM
        assert name in response.get_json()["errors"]
    response = client.get("/v1/events", query_string={"cursor": value})
    assert response.status_code == 400 and response.mimetype == PROBLEM
    for path in (f"/v1/jobs/{value}", f"/v1/articles/{value}", f"/v1/events/{value}"):
        assert client.get(path).status_code == 404
    tables = inspect(make_engine(settings)).get_table_names()
    assert {"events", "articles", "jobs", "api_keys"} <= set(tables)


def test_injection_looking_fields_are_stored_verbatim(
    client: FlaskClient, settings: Settings
) -> None:
    body = {
        "text": "Russia met China. " + INJECTIONS[1],
        "external_id": INJECTIONS[1],
        "title": INJECTIONS[2],
        "source": INJECTIONS[0],
        "metadata": {"q": INJECTIONS[3]},
    }
    response = client.post("/v1/articles", json=body)
    assert response.status_code == 202
    article_id = response.get_json()["article_id"]
    again = client.post("/v1/articles", json=body)
    assert again.status_code == 200 and again.get_json()["article_id"] == article_id
    with make_sessionmaker(make_engine(settings))() as session:
        row = session.scalars(select(Article)).one()
        assert (row.external_id, row.title, row.source) == (
            INJECTIONS[1],
            INJECTIONS[2],
            INJECTIONS[0],
        )
        assert row.meta == {"q": INJECTIONS[3]}


def test_scope_matrix(app: Flask, make_token: Any, settings: Settings) -> None:
    client = app.test_client()
    tokens = {scope: make_token(scope) for scope in ("read", "ingest", "admin")}
    article = {"text": "Russia met China."}
    batch = {"articles": [{"text": "France met Spain."}]}
    expected = {
        "read": {"GET": 200, "POST": 403, "BATCH": 403},
        "ingest": {"GET": 403, "POST": 202, "BATCH": 207},
        "admin": {"GET": 200, "POST": 200, "BATCH": 207},  # POST: already stored
    }
    for scope, token in tokens.items():
        headers = bearer(token)
        got = {
            "GET": client.get("/v1/events", headers=headers).status_code,
            "POST": client.post(
                "/v1/articles", json=article, headers=headers
            ).status_code,
            "BATCH": client.post(
                "/v1/articles/batch", json=batch, headers=headers
            ).status_code,
        }
        assert got == expected[scope], (scope, got)
    with make_sessionmaker(make_engine(settings)).begin() as session:
        for key in session.scalars(select(ApiKey)).all():
            revoke_key(session, key.prefix)
    # Revocation applies within the key cache's lifetime; a new app sees it at once.
    from services.api import create_app

    fresh = create_app(settings).test_client()
    for token in tokens.values():
        assert fresh.get("/v1/events", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwdw==",
        "Token abc",
        "Bearer ew_" + "x" * 5000,
        "Bearer ' OR '1'='1",
    ],
)
def test_malformed_credentials_are_401(app: Flask, header: str) -> None:
    headers = {"Authorization": header} if header else {}
    for response in (
        app.test_client().get("/v1/events", headers=headers),
        app.test_client().post("/v1/articles", json={"text": "x"}, headers=headers),
    ):
        assert response.status_code == 401 and response.mimetype == PROBLEM
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_rate_limit_is_shared_by_api_processes_through_redis(
    pg_url: str, broker_url: str, tmp_path: Path, make_token: Any
) -> None:
    from services.api import create_app

    limited = Settings(
        data_dir=tmp_path,
        database_url=pg_url,
        broker_url=broker_url,
        rate_limit="4/minute",
    )
    first, second = create_app(limited).test_client(), create_app(limited).test_client()
    headers = bearer(make_token("admin"))
    statuses = [
        (first if n % 2 else second).get("/v1/events", headers=headers).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]
    blocked = first.post("/v1/articles", json={"text": "x"}, headers=headers)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert first.get("/healthz").status_code == 200  # probes are never limited


def test_json_depth_limit_is_exact(client: FlaskClient, settings: Settings) -> None:
    def nested(depth: int) -> str:
        # The article object is level 1, metadata level 2, each list one more.
        inner = "[" * (depth - 2) + "]" * (depth - 2)
        return f'{{"text": "ok {depth}", "metadata": {{"a": {inner}}}}}'

    limit = settings.max_json_depth
    ok = client.post(
        "/v1/articles", data=nested(limit), content_type="application/json"
    )
    assert ok.status_code == 202, ok.get_data(as_text=True)
    deep = client.post(
        "/v1/articles", data=nested(limit + 1), content_type="application/json"
    )
    assert deep.status_code == 400 and "nested" in deep.get_json()["detail"]


@pytest.mark.parametrize(
    ("field", "size"),
    [("title", 1001), ("source", 257), ("external_id", 257), ("url", 2049)],
)
def test_field_limits(client: FlaskClient, field: str, size: int) -> None:
    value = "https://example.com/" + "a" * size if field == "url" else "a" * size
    response = client.post("/v1/articles", json={"text": "ok", field: value})
    assert response.status_code == 422 and field in response.get_json()["errors"]


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "text/json",
    ],
)
def test_only_json_is_accepted(client: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/articles", data=b'{"text": "ok"}', headers=headers)
    assert response.status_code == 415 and response.mimetype == PROBLEM


def test_json_with_a_charset_is_accepted(client: FlaskClient) -> None:
    response = client.post(
        "/v1/articles",
        data=b'{"text": "Russia met China."}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 202


def test_batch_body_limit(client: FlaskClient, settings: Settings) -> None:
    item = {"text": "word " * 200_000}  # 1 MB each
    response = client.post("/v1/articles/batch", json={"articles": [item] * 40})
    assert response.status_code == 413 and response.mimetype == PROBLEM


def test_security_headers_on_errors_and_documents(
    client: FlaskClient, app: Flask
) -> None:
    anonymous = app.test_client()
    responses = [
        anonymous.get("/v1/events"),  # 401
        client.get("/v1/jobs/none"),  # 404
        client.delete("/v1/articles"),  # 405
        client.post("/v1/articles", data="x"),  # 415
        client.post("/v1/articles", json={}),  # 422
        client.get("/openapi.json"),
        client.get("/healthz"),
    ]
    for response in responses:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
        assert (
            "Server" not in response.headers
            or "Werkzeug" not in response.headers["Server"]
        )


def test_open_mode_is_explicit_and_warns(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from dataclasses import replace

    from services.api import create_app

    assert Settings.from_env({}).auth_mode == "keys"
    with caplog.at_level(logging.WARNING):
        open_app = create_app(replace(settings, auth_mode="open"))
    assert any("AUTH_MODE=open" in record.getMessage() for record in caplog.records)
    assert open_app.test_client().get("/v1/events").status_code == 200
