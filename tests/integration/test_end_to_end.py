"""HTTP → broker → a real worker process → database → HTTP, in both configurations."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests

from services.config import Settings
from tests.processes import (
    eventwire,
    free_port,
    http_ok,
    log_says,
    running,
    settings_env,
)
from tests.shared_data import require_shared_data

pytestmark = pytest.mark.slow


def sample_004() -> str:
    return next((require_shared_data() / "samples").glob("004_*.txt")).read_text()


def wait_final(
    base: str, headers: dict[str, str], job_id: str, timeout: float = 180
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = requests.get(
            f"{base}/v1/jobs/{job_id}", headers=headers, timeout=5
        ).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} not final after {timeout}s: {job}")


def check_sample_events(base: str, headers: dict[str, str]) -> None:
    text = sample_004()
    article = {
        "text": text,
        "url": "https://example.com/lavrov",
        "published_at": "2015-09-30",
        "source": "Moscow Times",
    }
    response = requests.post(
        f"{base}/v1/articles", json=article, headers=headers, timeout=10
    )
    assert response.status_code == 202, response.text
    job = wait_final(base, headers, response.json()["job"]["id"])
    assert job["state"] == "succeeded", job
    assert job["attempts"] == 1 and job["event_count"] > 0
    article_id = response.json()["article_id"]
    events = requests.get(
        f"{base}/v1/articles/{article_id}/events", headers=headers, timeout=5
    ).json()["items"]
    assert len(events) == job["event_count"]
    for event in events:
        assert (
            text[event["trigger"]["start"] : event["trigger"]["end"]]
            == event["trigger"]["text"]
        )
        for participant in event["participants"]:
            assert (
                text[participant["start"] : participant["end"]] == participant["text"]
            )
    assaults = [
        e
        for e in events
        if e["type"] == "ASSAULT"
        and any(
            p["role"] == "source" and p["entity"]["country"] == "RUS"
            for p in e["participants"]
        )
    ]
    assert assaults, [(e["type"], e["trigger"]["text"]) for e in events]
    filtered = requests.get(
        f"{base}/v1/events?type=ASSAULT&source_country=RUS&since=2015-09-01",
        headers=headers,
        timeout=5,
    ).json()["items"]
    assert {e["id"] for e in filtered} >= {e["id"] for e in assaults}


def test_redis_and_postgresql(
    settings: Settings, make_token: Any, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = settings_env(settings)
    worker_log = tmp_path / "worker.log"
    headers = {"Authorization": f"Bearer {make_token('admin')}"}
    with running(
        eventwire("api", "--port", str(port), "--processes", "1"),
        env,
        tmp_path / "api.log",
        http_ok(f"{base}/healthz"),
    ):
        with running(
            eventwire("worker", "--concurrency", "1"),
            env,
            worker_log,
            log_says(worker_log, "models loaded"),
            timeout=180,
        ):
            assert requests.get(f"{base}/readyz", timeout=5).status_code == 200
            check_sample_events(base, headers)


def test_embedded_default(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tmp_path / "var"
    env = settings_env(Settings(data_dir=data_dir))
    log = tmp_path / "up.log"
    with running(
        eventwire("up", "--port", str(port), "--workers", "1"),
        env,
        log,
        lambda: http_ok(f"{base}/healthz")() and log_says(log, "models loaded")(),
        timeout=180,
    ):
        token = (data_dir / "api-key").read_text().strip()
        assert token in log.read_text()
        headers = {"Authorization": f"Bearer {token}"}
        assert requests.get(f"{base}/v1/events", timeout=5).status_code == 401
        check_sample_events(base, headers)
    assert (data_dir / "eventwire.db").exists()
