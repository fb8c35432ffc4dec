"""Faults 3 and 9: SIGTERM mid-task runs it once; unsafe settings refuse to start."""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from services.config import Settings
from tests.processes import eventwire, settings_env
from tests.reliability.conftest import (
    REPO,
    RedisServer,
    Stack,
    article,
    assert_exactly_once,
    jobs,
    wait_final,
    wait_until,
)

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def test_sigterm_mid_task_finishes_it_once(
    redis_server: RedisServer, make_stack: Callable[..., Stack]
) -> None:
    stack = make_stack(redis_server.url())
    base = stack.api()
    worker = stack.worker()
    tag = uuid.uuid4().hex[:8]
    long_one = article(0, "[fault:sleep=5]", tag)
    [job_id] = stack.post_batch(base, [long_one])

    def sleeping() -> bool:
        return any(line["kind"] == "sleep" for line in stack.extractions())

    wait_until(sleeping, 60, "the long task")
    worker.send_signal(signal.SIGTERM)  # to the main process, as a deploy does
    sent = time.monotonic()
    code = worker.wait(timeout=60)
    shutdown = time.monotonic() - sent

    job = jobs(stack.engine, [job_id])[job_id]
    assert code == 0
    assert job.state == "succeeded" and job.attempts == 1
    found, _ = wait_final(stack.engine, [job_id], timeout=5)
    assert_exactly_once(stack, found)
    runs = [line for line in stack.extractions() if line["kind"] == "done"]
    assert len(runs) == 1
    assert redis_server.queue_length() == 0
    assert redis_server_unacked(redis_server) == 0
    print(
        f"fault 3: SIGTERM mid-task: finished once, worker exited 0 in {shutdown:.1f}s"
    )


def redis_server_unacked(server: RedisServer) -> int:
    import redis

    return int(redis.Redis(port=server.port, socket_timeout=2).hlen("unacked"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"task_time_limit": 3600, "task_soft_time_limit": 3000},
            "VISIBILITY_TIMEOUT",
        ),
        (
            {
                "retry_backoff_max": 3500,
                "task_time_limit": 200,
                "task_soft_time_limit": 150,
            },
            "RETRY_BACKOFF_MAX",
        ),
        ({"task_soft_time_limit": 300, "task_time_limit": 300}, "SOFT_TIME_LIMIT"),
    ],
)
def test_unsafe_time_limits_are_refused_at_start(
    tmp_path: Path, changes: dict[str, int], message: str
) -> None:
    base = Settings(
        data_dir=tmp_path,
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/none",
        broker_url="redis://127.0.0.1:1/0",
        visibility_timeout=3600,
    )
    env = settings_env(base)
    for name, value in changes.items():
        env[f"EVENTWIRE_{name.upper()}"] = str(value)
    for role in (["worker", "--concurrency", "1"], ["scheduler"], ["api"]):
        result = subprocess.run(
            eventwire(*role),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert result.returncode != 0, (role, result.stdout, result.stderr)
        assert message in result.stderr, (role, result.stderr)
        assert "Traceback" not in result.stderr
