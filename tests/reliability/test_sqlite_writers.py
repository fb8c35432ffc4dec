"""Fault 11: the embedded SQLite mode under 8 concurrent writers plus a worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, http_ok, log_says
from tests.reliability.conftest import (
    Stack,
    article,
    assert_exactly_once,
    wait_final,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

WRITERS = 8
SINGLES = 4
BATCH = 4


def test_eight_concurrent_writers_never_see_a_locked_database(
    make_stack: Callable[..., Stack],
) -> None:
    stack = make_stack("", database_url="")
    assert stack.settings.sqlalchemy_url.startswith("sqlite")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process, log = stack.spawn("up", "up", "--port", str(port), "--workers", "1")
    stack._wait(process, log, http_ok(f"{base}/healthz"), 60)
    stack._wait(process, log, log_says(log, "models loaded"), 240)
    tag = uuid.uuid4().hex[:8]

    def writer(number: int) -> list[requests.Response]:
        responses = []
        for n in range(SINGLES):
            responses.append(stack.post(base, article(number * 100 + n, tag=tag)))
        batch = [article(number * 100 + SINGLES + n, tag=tag) for n in range(BATCH)]
        responses.append(
            requests.post(
                f"{base}/v1/articles/batch",
                json={"articles": batch},
                headers=stack.headers,
                timeout=60,
            )
        )
        return responses

    with ThreadPoolExecutor(WRITERS) as pool:
        responses = [r for rs in pool.map(writer, range(WRITERS)) for r in rs]

    bodies = " ".join(response.text for response in responses)
    assert "locked" not in bodies
    assert {response.status_code for response in responses} <= {202, 207}, {
        response.status_code for response in responses
    }
    job_ids = []
    for response in responses:
        if response.status_code == 207:
            items = response.json()["items"]
            assert {item["status"] for item in items} == {202}
            job_ids += [item["job"]["id"] for item in items]
        else:
            job_ids.append(response.json()["job"]["id"])
    assert len(set(job_ids)) == WRITERS * (SINGLES + BATCH)

    found, took = wait_final(stack.engine, job_ids, timeout=300)
    assert {job.state for job in found.values()} == {"succeeded"}
    assert_exactly_once(stack, found)
    assert "database is locked" not in Path(log).read_text(errors="replace")
    print(
        f"fault 11: SQLite, {WRITERS} writers, {len(job_ids)} articles: "
        f"{len(responses)} requests, no 5xx, no 'database is locked'; "
        f"all succeeded {took:.1f}s after the last post"
    )
