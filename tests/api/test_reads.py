"""GET /v1/events filters and keyset pagination over stored events."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.jobs import start_attempt, store_result


def event(
    kind: str, source: tuple[str, str], target: tuple[str, str], date: str
) -> dict[str, Any]:
    def participant(role: str, name: str, country: str) -> dict[str, Any]:
        entity = {"name": name, "kind": "country", "country": country, "sector": None}
        return {
            "role": role,
            "relation": None,
            "text": name,
            "start": 0,
            "end": len(name),
            "entity": entity,
        }

    from services.storage.models import new_id

    span = {"text": "x", "start": 0, "end": 1}
    return {
        "id": new_id(),
        "article_id": "",
        "type": kind,
        "mode": None,
        "cameo_root": None,
        "trigger": span,
        "sentence": span,
        "mentions": [],
        "participants": [
            participant("source", *source),
            participant("target", *target),
        ],
        "date": date,
        "date_precision": "day",
        "date_reason": "explicit",
        "location": None,
        "modality": "asserted",
        "confidence": 0.9,
        "pipeline_version": "test",
    }


def seed(client: FlaskClient, settings: Settings) -> str:
    body = client.post("/v1/articles", json={"text": "Seeded article."}).get_json()
    events = [
        event("CONSULT", ("Russia", "RUS"), ("United States", "USA"), "2015-09-30"),
        event("ASSAULT", ("Russia", "RUS"), ("Islamic State", "SYR"), "2015-09-30"),
        event("ACCUSE", ("France", "FRA"), ("Russia", "RUS"), "2015-10-02"),
    ]
    for payload in events:
        payload["article_id"] = body["article_id"]
    with make_sessionmaker(make_engine(settings)).begin() as session:
        assert start_attempt(session, body["job"]["id"], "t", 3, 60) is not None
        assert store_result(session, body["job"]["id"], "test", events)
    return str(body["article_id"])


def types(response: Any) -> list[str]:
    return [e["type"] for e in response.get_json()["items"]]


def test_filters(client: FlaskClient, settings: Settings) -> None:
    article_id = seed(client, settings)
    assert types(client.get("/v1/events?type=CONSULT")) == ["CONSULT"]
    assert types(client.get("/v1/events?country=RUS")) == [
        "CONSULT",
        "ASSAULT",
        "ACCUSE",
    ]
    assert types(client.get("/v1/events?source_country=RUS")) == ["CONSULT", "ASSAULT"]
    assert types(client.get("/v1/events?target_country=RUS")) == ["ACCUSE"]
    assert types(client.get("/v1/events?actor=islamic")) == ["ASSAULT"]
    assert types(client.get("/v1/events?since=2015-10-01")) == ["ACCUSE"]
    assert types(client.get("/v1/events?until=2015-09-30&type=ASSAULT")) == ["ASSAULT"]
    assert (
        types(client.get(f"/v1/events?article_id={article_id}&min_confidence=0.95"))
        == []
    )
    assert types(client.get("/v1/events?actor=100%25")) == []
    listed = client.get(f"/v1/articles/{article_id}/events").get_json()["items"]
    assert len(listed) == 3
    one = client.get(f"/v1/events/{listed[0]['id']}").get_json()
    assert one == listed[0]


def test_keyset_pagination_is_stable(client: FlaskClient, settings: Settings) -> None:
    seed(client, settings)
    seen: list[str] = []
    url = "/v1/events?limit=2"
    first = client.get(url).get_json()
    seen += [e["id"] for e in first["items"]]
    assert first["next_cursor"]
    second = client.get(f"{url}&cursor={first['next_cursor']}").get_json()
    seen += [e["id"] for e in second["items"]]
    assert second["next_cursor"] is None
    assert len(seen) == len(set(seen)) == 3
