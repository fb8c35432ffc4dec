"""Bad input gets a 4xx problem+json naming the field, and nothing is stored."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.models import Article, Job

PROBLEM = "application/problem+json"


def stored_articles(settings: Settings) -> int:
    with make_sessionmaker(make_engine(settings))() as session:
        return int(session.scalar(select(func.count()).select_from(Article)) or 0)


def assert_problem(response, status: int, field: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert (
        body["status"] == status
        and body["title"]
        and body["type"].startswith("https://")
    )
    if field:
        assert field in body["errors"], body
    return body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"title": "t"}, "text"),
        ({"text": "   "}, "text"),
        ({"text": 42}, "text"),
        ({"text": "ok", "html": "<p>ok</p>"}, "html"),
        ({"text": "ok", "language": "de"}, "language"),
        ({"text": "ok", "colour": "red"}, "colour"),
        ({"text": "ok", "published_at": "yesterday"}, "published_at"),
        ({"text": "ok", "url": "not a url"}, "url"),
        ({"text": "ok", "metadata": [1, 2]}, "metadata"),
        ({"text": "a\x00b"}, "text"),
    ],
)
def test_invalid_fields_are_named(
    client: FlaskClient, settings: Settings, payload: dict, field: str
) -> None:
    assert_problem(client.post("/v1/articles", json=payload), 422, field)
    assert stored_articles(settings) == 0


def test_empty_body_and_invalid_json(client: FlaskClient) -> None:
    assert_problem(
        client.post("/v1/articles", data=b"", content_type="application/json"), 400
    )
    assert_problem(
        client.post("/v1/articles", data=b"{not json", content_type="application/json"),
        400,
    )


def test_non_utf8_body(client: FlaskClient) -> None:
    body = '{"text": "caf\u00e9"}'.encode("latin-1")
    assert_problem(
        client.post("/v1/articles", data=body, content_type="application/json"), 400
    )


def test_wrong_content_type(client: FlaskClient) -> None:
    body = assert_problem(client.post("/v1/articles", data="text=hi"), 415)
    assert "application/json" in body["detail"]


def test_body_over_the_limit(client: FlaskClient, settings: Settings) -> None:
    text = "word " * (1_000_000)  # 5 MB
    assert_problem(client.post("/v1/articles", json={"text": text}), 413)
    assert stored_articles(settings) == 0


def test_deep_json_is_refused(client: FlaskClient) -> None:
    nested = "[" * 5000 + "]" * 5000
    body = '{"text": "ok", "metadata": {"a": ' + nested + "}}"
    assert_problem(
        client.post("/v1/articles", data=body, content_type="application/json"), 400
    )


def test_not_found_and_method_not_allowed(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/jobs/nope"), 404)
    assert_problem(client.get("/v1/nothing-here"), 404)
    response = client.delete("/v1/articles")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_bad_query_parameters(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/events?type=PARTY"), 422, "type")
    assert_problem(client.get("/v1/events?limit=501"), 422, "limit")
    assert_problem(client.get("/v1/events?country=russia"), 422, "country")
    assert_problem(client.get("/v1/events?cursor=%%%"), 400, "cursor")


def test_server_error_leaks_nothing(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import services.api.reads as reads

    def explode(*_args: object) -> None:
        raise RuntimeError("secret connection string postgres://user:pw@db")

    monkeypatch.setattr(reads, "get_job", explode)
    body = assert_problem(client.get("/v1/jobs/x"), 500)
    assert "secret" not in str(body) and "RuntimeError" not in str(body)


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for response in (client.get("/healthz"), client.get("/v1/jobs/none")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_nothing_half_stored_in_a_failed_batch(
    client: FlaskClient, settings: Settings
) -> None:
    with make_sessionmaker(make_engine(settings))() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0
    response = client.post("/v1/articles/batch", json={"articles": "nope"})
    assert_problem(response, 422, "articles")
    assert stored_articles(settings) == 0
