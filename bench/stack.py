"""A throw-away service for end-to-end measurements: fresh database, own Redis db."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from services.config import Settings
from services.localstack import (
    eventwire,
    free_port,
    http_ok,
    log_says,
    running,
    settings_env,
)
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import create_key
from services.storage.migrate import upgrade


def admin_url() -> str:
    return os.environ.get(
        "EVENTWIRE_BENCH_DATABASE_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )


def redis_url() -> str:
    return os.environ.get("EVENTWIRE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


@dataclass(frozen=True)
class Stack:
    base_url: str
    token: str
    settings: Settings
    worker_pid: int


@contextmanager
def fresh_database() -> Iterator[str]:
    name = f"eventwire_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(admin_url())
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def service_stack(
    workdir: Path,
    worker_processes: int = 2,
    api_processes: int = 2,
    batch_size: int = 8,
) -> Iterator[Stack]:
    """API under gunicorn and a worker, on PostgreSQL and Redis on loopback."""
    import redis

    redis.Redis.from_url(redis_url()).flushdb()
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database())
        settings = Settings(
            data_dir=workdir / "var",
            database_url=database_url,
            broker_url=redis_url(),
            rate_limit="1000000/minute",
            worker_batch_size=batch_size,
        )
        engine = make_engine(settings)
        upgrade(engine)
        with make_sessionmaker(engine).begin() as session:
            _, token = create_key(session, "bench", ["admin"])
        engine.dispose()
        env = settings_env(settings, EVENTWIRE_LOG_LEVEL="WARNING")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api_cmd = eventwire(
            "api",
            "--port",
            str(port),
            "--processes",
            str(api_processes),
            # A thread per client connection of the intake run (50 over 2
            # processes): posts that arrive together are stored together.
            "--threads",
            "25",
        )
        stack.enter_context(
            running(api_cmd, env, workdir / "api.log", http_ok(f"{base}/healthz"))
        )
        worker_log = workdir / "worker.log"
        worker_env = {**env, "EVENTWIRE_LOG_LEVEL": "INFO"}
        worker = stack.enter_context(
            running(
                eventwire("worker", "--concurrency", str(worker_processes)),
                worker_env,
                worker_log,
                _all_loaded(worker_log, worker_processes),
                timeout=300,
            )
        )
        yield Stack(base, token, settings, worker.pid)
    redis.Redis.from_url(redis_url()).flushdb()


def _all_loaded(log: Path, processes: int) -> Callable[[], bool]:
    says = log_says(log, "models loaded")

    def check() -> bool:
        return (
            says()
            and log.read_text(errors="replace").count("models loaded") >= processes
        )

    return check
