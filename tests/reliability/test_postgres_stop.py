"""Fault 7: PostgreSQL stopped for 5 s mid-task: the task retries and succeeds."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

import pytest
import requests

from tests.reliability.conftest import (
    PostgresCluster,
    RedisServer,
    Stack,
    article,
    assert_exactly_once,
    wait_final,
    wait_until,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

OUTAGE = 5.0


def test_postgres_stopped_mid_task(
    redis_server: RedisServer,
    postgres_cluster: PostgresCluster,
    make_stack: Callable[..., Stack],
) -> None:
    # Six attempts with backoff up to 8 s: the retries outlast a 5 s outage.
    stack = make_stack(
        redis_server.url(),
        database_url=postgres_cluster.url,
        max_attempts=6,
        retry_backoff_max=8,
    )
    base = stack.api()
    stack.worker()
    tag = uuid.uuid4().hex[:8]
    long_one = article(0, "[fault:sleep=3]", tag)
    [job_id] = stack.post_batch(base, [long_one])

    def sleeping() -> bool:
        return any(line["kind"] == "sleep" for line in stack.extractions())

    wait_until(sleeping, 60, "the task to start")
    readiness: list[tuple[float, int]] = []
    stop_polling = threading.Event()

    def poll() -> None:
        while not stop_polling.is_set():
            asked = time.monotonic()
            try:
                status = requests.get(f"{base}/readyz", timeout=10).status_code
            except requests.RequestException:
                status = 0
            readiness.append((asked, status))
            time.sleep(0.25)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        postgres_cluster.stop()
        stopped = time.monotonic()
        time.sleep(OUTAGE)
        postgres_cluster.start()
        restarted = time.monotonic()
        found, _ = wait_final(stack.engine, [job_id], timeout=90)
        recovered = time.monotonic()
        wait_until(lambda: readiness and readiness[-1][1] == 200, 20, "ready again")
    finally:
        stop_polling.set()
        poller.join(timeout=15)

    job = found[job_id]
    assert job.state == "succeeded", job.error
    assert_exactly_once(stack, found)
    during = {
        status for moment, status in readiness if stopped + 0.5 < moment < restarted - 1
    }
    assert during == {503}, readiness
    assert {status for _, status in readiness} <= {200, 503}, readiness
    retries = (
        (stack.folder / "worker.log").read_text().count("transient failure, retry")
    )
    assert retries >= 1
    print(
        f"fault 7: PostgreSQL down {restarted - stopped:.1f}s mid-task; /readyz 503 "
        f"meanwhile; {retries} transient retries; succeeded "
        f"{recovered - restarted:.1f}s after restart, attempts {job.attempts}"
    )
