"""Faults 1, 2 and 10: workers killed mid-extraction, and articles that never work."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.reliability.conftest import (
    RedisServer,
    Stack,
    article,
    assert_exactly_once,
    jobs,
    wait_final,
    wait_until,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def started(stack: Stack, kind: str, key: str, count: int = 1) -> Callable[[], Any]:
    """The ``count``-th extraction log line of ``kind`` for ``key``, once written."""

    def check() -> dict[str, Any] | None:
        lines = [
            line
            for line in stack.extractions()
            if line["kind"] == kind and line["key"] == key
        ]
        return lines[count - 1] if len(lines) >= count else None

    return check


def done_count(stack: Stack, key: str) -> int:
    return sum(
        1
        for line in stack.extractions()
        if line["kind"] == "done" and line["key"] == key
    )


def test_sigkill_of_the_whole_worker_mid_extraction(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url(), task_time_limit=10, task_soft_time_limit=8)
    base = stack.api()
    stack.scheduler()
    worker = stack.worker("worker-1")
    tag = uuid.uuid4().hex[:8]
    long_one = article(0, "[fault:sleep=60]", tag)
    job_ids = stack.post_batch(
        base, [long_one] + [article(n, tag=tag) for n in (1, 2, 3)]
    )

    wait_until(started(stack, "sleep", long_one["external_id"]), 60, "the long task")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    killed = time.monotonic()
    states = [job.state for job in jobs(stack.engine, job_ids).values()]
    assert states == ["running"] * 4  # the whole batch died with the worker

    stack.worker("worker-2")
    found, _ = wait_final(stack.engine, job_ids, timeout=120)
    recovery = time.monotonic() - killed
    assert {job.state for job in found.values()} == {"succeeded"}
    assert_exactly_once(stack, found)
    assert done_count(stack, long_one["external_id"]) == 1
    attempts = [job.attempts for job in found.values()]
    print(f"fault 1: recovered {recovery:.1f}s after SIGKILL; attempts {attempts}")
    assert max(attempts) == 2


def test_sigkill_of_the_pool_child_mid_extraction(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    stack.scheduler()
    stack.worker()
    tag = uuid.uuid4().hex[:8]
    long_one = article(0, "[fault:sleep=60]", tag)
    [job_id] = stack.post_batch(base, [long_one])

    line = wait_until(started(stack, "sleep", long_one["external_id"]), 60, "task")
    os.kill(line["pid"], signal.SIGKILL)
    killed = time.monotonic()

    found, _ = wait_final(stack.engine, [job_id], timeout=120)
    recovery = time.monotonic() - killed
    job = found[job_id]
    assert job.state == "succeeded" and job.attempts == 2
    assert_exactly_once(stack, found)
    assert done_count(stack, long_one["external_id"]) == 1
    print(f"fault 2a: pool child SIGKILLed, job succeeded {recovery:.1f}s later")


def test_an_article_that_kills_its_worker_every_time_fails_at_the_cap(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    stack.scheduler()
    stack.worker()
    tag = uuid.uuid4().hex[:8]
    killer = article(0, "[fault:kill]", tag)
    others = [article(n, tag=tag) for n in (1, 2, 3)]
    started_at = time.monotonic()
    job_ids = stack.post_batch(base, [killer, *others])

    found, _ = wait_final(stack.engine, job_ids, timeout=180)
    elapsed = time.monotonic() - started_at
    kills = [
        line
        for line in stack.extractions()
        if line["kind"] == "kill" and line["key"] == killer["external_id"]
    ]
    dead = found[job_ids[0]]
    assert dead.state == "failed" and dead.attempts == stack.settings.max_attempts
    assert dead.error is not None and dead.error["type"].endswith("attempts-exhausted")
    assert len(kills) == stack.settings.max_attempts
    for job_id in job_ids[1:]:
        assert found[job_id].state == "succeeded"
    assert_exactly_once(stack, found)
    wait_until(lambda: redis_server.queue_length() == 0, 30, "the queue to drain")
    served = requests.get(
        f"{base}/v1/jobs/{job_ids[0]}", headers=stack.headers, timeout=10
    ).json()
    assert served["state"] == "failed" and served["error"]["status"] == 500
    time.sleep(3)  # no endless loop: nothing runs it again
    assert len(
        [
            line
            for line in stack.extractions()
            if line["kind"] == "kill" and line["key"] == killer["external_id"]
        ]
    ) == len(kills)
    print(
        f"fault 2b: {len(kills)} kills, failed after {dead.attempts} attempts, "
        f"others attempts {[found[j].attempts for j in job_ids[1:]]}, "
        f"all final in {elapsed:.1f}s"
    )


def test_a_poison_article_fails_with_a_problem_and_the_queue_drains(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    stack.scheduler()
    stack.worker()
    tag = uuid.uuid4().hex[:8]
    poison = article(0, "[fault:raise]", tag)
    job_ids = stack.post_batch(base, [article(1, tag=tag), poison, article(2, tag=tag)])
    job_ids.append(
        stack.post(base, article(3, "[fault:raise]", tag)).json()["job"]["id"]
    )

    found, took = wait_final(stack.engine, job_ids, timeout=120)
    for poisoned in (job_ids[1], job_ids[3]):
        job = found[poisoned]
        assert job.state == "failed" and job.attempts == 1
        served = requests.get(
            f"{base}/v1/jobs/{poisoned}", headers=stack.headers, timeout=10
        ).json()
        problem = served["error"]
        assert problem["type"].endswith("extraction-failed"), problem
        assert problem["status"] == 422 and problem["title"] and problem["detail"]
    assert found[job_ids[0]].state == found[job_ids[2]].state == "succeeded"
    assert_exactly_once(stack, found)
    wait_until(lambda: redis_server.queue_length() == 0, 30, "the queue to drain")
    print(
        f"fault 10: poison failed at attempt 1 with a problem; all final in {took:.1f}s"
    )
