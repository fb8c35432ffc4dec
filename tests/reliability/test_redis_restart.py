"""Fault 4: Redis restarted without persistence while 200 jobs wait in its queue."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest

from tests.reliability.conftest import (
    RedisServer,
    Stack,
    article,
    assert_exactly_once,
    wait_final,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

JOBS = 200


def test_reconciler_resends_every_job_a_restarted_redis_forgot(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url(), reconcile_queued_after=5.0)
    base = stack.api()
    tag = uuid.uuid4().hex[:8]
    job_ids: list[str] = []
    for start in range(0, JOBS, 100):
        batch = [article(n, tag=tag) for n in range(start, start + 100)]
        job_ids += stack.post_batch(base, batch)
    assert redis_server.queue_length() == JOBS

    redis_server.restart()
    assert redis_server.queue_length() == 0
    restarted = time.monotonic()

    stack.scheduler()
    stack.worker()
    found, _ = wait_final(stack.engine, job_ids, timeout=240)
    recovery = time.monotonic() - restarted

    assert {job.state for job in found.values()} == {"succeeded"}
    assert_exactly_once(stack, found)
    attempts = sorted(job.attempts for job in found.values())
    print(
        f"fault 4: {JOBS} jobs lost by Redis, all succeeded {recovery:.1f}s after the "
        f"restart (incl. worker start); attempts min {attempts[0]} max {attempts[-1]}"
    )
    assert attempts[-1] == 1
