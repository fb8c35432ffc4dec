"""Faults 5, 6 and 8: intake with Redis down or frozen, and concurrent duplicates."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from services.storage.db import make_sessionmaker
from services.storage.models import Article, IdempotencyRecord, Job
from tests.reliability.conftest import (
    RedisServer,
    Stack,
    article,
    assert_exactly_once,
    jobs,
    wait_final,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

PROBLEM = "application/problem+json"


def timed(call: Callable[[], requests.Response]) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def accepted_jobs(stack: Stack, responses: list[requests.Response]) -> list[str]:
    """Job ids of every 202; a 202 must name a job that is stored."""
    ids: list[str] = []
    for response in responses:
        if response.status_code == 503:
            assert response.headers["Content-Type"].startswith(PROBLEM)
            continue
        assert response.status_code == 202, response.text
        ids.append(response.json()["job"]["id"])
    stored = jobs(stack.engine, ids)
    assert set(stored) == set(ids)
    return ids


def test_redis_down_while_posting(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    tag = uuid.uuid4().hex[:8]
    redis_server.kill()

    single = [
        timed(lambda n=n: stack.post(base, article(n, tag=tag))) for n in range(20)
    ]
    batch, batch_time = timed(
        lambda: requests.post(
            f"{base}/v1/articles/batch",
            json={"articles": [article(n, tag=tag) for n in range(20, 30)]},
            headers=stack.headers,
            timeout=30,
        )
    )
    ready = requests.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 503 and ready.json()["checks"]["broker"] == "down"
    job_ids = accepted_jobs(stack, [response for response, _ in single])
    assert batch.status_code == 207
    job_ids += [item["job"]["id"] for item in batch.json()["items"]]
    assert len(jobs(stack.engine, job_ids)) == len(job_ids) == 30
    unsent = [job for job in jobs(stack.engine, job_ids).values() if job.enqueued_at]
    assert unsent == []  # recorded as never sent, for the reconciler
    slowest = max(seconds for _, seconds in single)

    redis_server.start()
    back = time.monotonic()
    stack.scheduler()
    stack.worker()
    found, _ = wait_final(stack.engine, job_ids, timeout=120)
    assert {job.state for job in found.values()} == {"succeeded"}
    assert_exactly_once(stack, found)
    print(
        f"fault 5: Redis down: 30/30 posts stored and answered 202 (slowest single "
        f"{slowest:.2f}s, batch {batch_time:.2f}s); all succeeded "
        f"{time.monotonic() - back:.1f}s after Redis came back (incl. worker start)"
    )


def test_frozen_redis_fails_fast(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    tag = uuid.uuid4().hex[:8]
    first = stack.post(base, article(0, tag=tag))
    assert first.status_code == 202
    limit = 3 * stack.settings.broker_timeout + 0.5

    redis_server.freeze()
    frozen = time.monotonic()
    timings: list[tuple[str, int, float]] = []
    responses: list[requests.Response] = []
    n = 1
    try:
        while time.monotonic() - frozen < 9:
            response, seconds = timed(lambda n=n: stack.post(base, article(n, tag=tag)))
            responses.append(response)
            timings.append(("POST", response.status_code, seconds))
            job_id = first.json()["job"]["id"]
            read, seconds = timed(
                lambda job_id=job_id: requests.get(
                    f"{base}/v1/jobs/{job_id}", headers=stack.headers, timeout=30
                )
            )
            timings.append(("GET", read.status_code, seconds))
            ready, seconds = timed(lambda: requests.get(f"{base}/readyz", timeout=30))
            timings.append(("readyz", ready.status_code, seconds))
            n += 1
    finally:
        redis_server.thaw()
    slowest = max(seconds for _, _, seconds in timings)
    assert slowest < limit, timings
    assert all(status in (200, 202, 503) for _, status, _ in timings), timings
    job_ids = [first.json()["job"]["id"], *accepted_jobs(stack, responses)]

    stack.scheduler()
    stack.worker()
    found, _ = wait_final(stack.engine, job_ids, timeout=120)
    assert {job.state for job in found.values()} == {"succeeded"}
    assert_exactly_once(stack, found)
    worst = {
        kind: max(seconds for k, _, seconds in timings if k == kind)
        for kind in ("POST", "GET", "readyz")
    }
    print(
        f"fault 6: Redis frozen 9s: {len(timings)} requests, slowest "
        + ", ".join(f"{kind} {seconds:.2f}s" for kind, seconds in worst.items())
        + f" (limit {limit:.1f}s); {len(job_ids)} jobs all succeeded"
    )


def test_fifty_concurrent_duplicates_make_one_job(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api(processes=2, threads=8)
    tag = uuid.uuid4().hex[:8]
    same = article(0, tag=tag)
    keyed = article(1, tag=tag)
    key = f"key-{tag}"

    def fire(body: dict[str, Any], headers: dict[str, str]) -> list[requests.Response]:
        gate = threading.Barrier(50)

        def one(_: int) -> requests.Response:
            gate.wait(timeout=30)
            return requests.post(
                f"{base}/v1/articles", json=body, headers=headers, timeout=60
            )

        with ThreadPoolExecutor(50) as pool:
            return list(pool.map(one, range(50)))

    duplicates = fire(same, stack.headers)
    statuses = sorted(response.status_code for response in duplicates)
    assert statuses == [200] * 49 + [202], statuses
    assert len({response.json()["job"]["id"] for response in duplicates}) == 1

    keyed_responses = fire(keyed, {**stack.headers, "Idempotency-Key": key})
    firsts = [
        r
        for r in keyed_responses
        if r.status_code == 202 and "Idempotent-Replayed" not in r.headers
    ]
    replays = [r for r in keyed_responses if "Idempotent-Replayed" in r.headers]
    in_flight = [r for r in keyed_responses if r.status_code == 409]
    assert len(firsts) == 1
    assert len(firsts) + len(replays) + len(in_flight) == 50
    assert {r.json()["job"]["id"] for r in firsts + replays} == {
        firsts[0].json()["job"]["id"]
    }
    for response in in_flight:
        assert response.headers["Content-Type"].startswith(PROBLEM)

    with make_sessionmaker(stack.engine)() as session:
        for body in (same, keyed):
            count = session.scalar(
                select(func.count())
                .select_from(Article)
                .where(Article.external_id == body["external_id"])
            )
            assert count == 1
        assert session.scalar(select(func.count()).select_from(Job)) == 2
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1
    assert redis_server.queue_length() == 2
    print(
        f"fault 8: 50 duplicates -> 1x202 + 49x200, one job; 50 with one "
        f"Idempotency-Key -> 1 first, {len(replays)} replays, {len(in_flight)} 409; "
        "2 articles, 2 jobs, 2 messages"
    )
