"""POST /v1/articles and /v1/articles/batch against real PostgreSQL and Redis."""

from __future__ import annotations

from typing import Any

import redis
from flask.testing import FlaskClient

from services.config import Settings
from workers.celery_app import QUEUE

ARTICLE = {
    "title": "Russia ready to liaise with U.S. coalition",
    "text": "Russia said on Wednesday it had launched air strikes in Syria.",
    "url": "https://example.com/a",
    "published_at": "2015-09-30",
    "source": "Moscow Times",
}


def queued_messages(settings: Settings) -> int:
    return int(redis.Redis.from_url(settings.broker_url).llen(QUEUE))


def test_post_article_stores_it_and_enqueues_its_job(
    client: FlaskClient, settings: Settings
) -> None:
    response = client.post("/v1/articles", json=ARTICLE)
    assert response.status_code == 202
    body = response.get_json()
    job = body["job"]
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["state"] == "queued" and job["attempts"] == 0
    assert queued_messages(settings) == 1
    article = client.get(f"/v1/articles/{body['article_id']}").get_json()
    assert article["text"] == ARTICLE["text"]
    assert article["published_at"].startswith("2015-09-30")
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["state"] == "queued"


def test_resubmission_returns_the_same_job(
    client: FlaskClient, settings: Settings
) -> None:
    first = client.post("/v1/articles", json=ARTICLE).get_json()
    again = client.post("/v1/articles", json={**ARTICLE, "title": "other title"})
    assert again.status_code == 200
    assert again.get_json()["job"]["id"] == first["job"]["id"]
    assert queued_messages(settings) == 1


def test_dedup_by_external_id_then_url_then_text(client: FlaskClient) -> None:
    a = client.post("/v1/articles", json={"text": "Same words.", "external_id": "x1"})
    b = client.post("/v1/articles", json={"text": "Other words.", "external_id": "x1"})
    assert (a.status_code, b.status_code) == (202, 200)
    c = client.post("/v1/articles", json={"text": "Same   words.\n"})
    d = client.post("/v1/articles", json={"text": "Same words."})
    assert (c.status_code, d.status_code) == (202, 200)
    assert c.get_json()["article_id"] != a.get_json()["article_id"]


def test_html_is_converted_to_the_stored_text(client: FlaskClient) -> None:
    html = (
        "<html><body><article><h1>Talks</h1><p>Russia and the United States held "
        "talks in Geneva on Monday about the conflict in Syria, officials said.</p>"
        "</article></body></html>"
    )
    body = client.post("/v1/articles", json={"html": html}).get_json()
    article = client.get(f"/v1/articles/{body['article_id']}").get_json()
    assert "held talks in Geneva" in article["text"]
    assert "<p>" not in article["text"]


def test_batch_gives_one_outcome_per_item_in_order(
    client: FlaskClient, settings: Settings
) -> None:
    items: list[Any] = [
        {"text": "First article text.", "external_id": "b1"},
        {"title": "no text"},
        {"text": "Third article text.", "external_id": "b3", "language": "fr"},
        "not an object",
        {"text": "First article text.", "external_id": "b1"},
    ]
    response = client.post("/v1/articles/batch", json={"articles": items})
    assert response.status_code == 207
    results = response.get_json()["items"]
    assert [r["status"] for r in results] == [202, 422, 422, 422, 200]
    assert results[1]["problem"]["errors"].keys() == {"text"}
    assert "language" in results[2]["problem"]["errors"]
    assert results[4]["job"]["id"] == results[0]["job"]["id"]
    assert queued_messages(settings) == 1


def test_batch_over_the_limit_is_refused_whole(client: FlaskClient) -> None:
    items = [{"text": f"article {i}"} for i in range(501)]
    response = client.post("/v1/articles/batch", json={"articles": items})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "articles": ["At most 500 items per batch."]
    }
    assert client.get("/v1/events").get_json()["items"] == []
