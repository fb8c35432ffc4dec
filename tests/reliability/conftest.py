"""Fixtures for fault tests: throw-away servers, a process stack, database checks."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from sqlalchemy import Engine, func, select, text

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import create_key
from services.storage.migrate import upgrade
from services.storage.models import Base, Event, Job
from tests.processes import eventwire, free_port, http_ok, log_says, settings_env, stop
from tests.reliability.faulty import extractions

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
FINAL = ("succeeded", "failed")
LEAD = (
    "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry "
    "in New York on Tuesday to discuss the war in Syria. "
)


def wait_until(
    condition: Callable[[], Any], timeout: float, what: str, step: float = 0.2
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(step)


class RedisServer:
    """A redis-server of our own, without persistence, that a test may kill."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.folder),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        client = redis.Redis(port=self.port, socket_timeout=1)
        wait_until(lambda: _pings(client), 10, "redis-server to start", step=0.05)

    def kill(self) -> None:
        """SIGKILL: everything in memory is gone."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def freeze(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)

    def queue_length(self, queue: str = "eventwire") -> int:
        return int(redis.Redis(port=self.port, socket_timeout=2).llen(queue))


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


class PostgresCluster:
    """A throw-away PostgreSQL 15 cluster on its own port, run as the postgres user."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.data = self.folder / "data"
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def _ctl(self, *args: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        self._ctl("-o", options, "-l", str(self.folder / "pg.log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self._ctl("-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Stack:
    """API, workers and scheduler as real processes, each in its own process group."""

    settings: Settings
    env: dict[str, str]
    folder: Path
    token: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def engine(self) -> Engine:
        return _engine(self.settings)

    def spawn(self, name: str, *args: str, env: dict[str, str] | None = None) -> Any:
        log = self.folder / f"{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                eventwire(*args),
                env=env or self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=REPO,
            )
        self.processes.append(process)
        return process, log

    def api(self, processes: int = 1, threads: int = 4) -> str:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process, log = self.spawn(
            f"api-{port}",
            "api",
            "--port",
            str(port),
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        )
        self._wait(process, log, http_ok(f"{base}/healthz"), 60)
        return base

    def worker(self, name: str = "worker", timeout: float = 240) -> Any:
        process, log = self.spawn(name, "worker", "--concurrency", "1")

        def loaded() -> bool:
            text = log.read_text(errors="replace") if log.exists() else ""
            if "_load_models" in text and "raised" in text:  # fail fast, not in 240 s
                raise AssertionError(f"{name} could not load models:\n{text[-3000:]}")
            return "models loaded" in text

        self._wait(process, log, loaded, timeout)
        self._wait(process, log, log_says(log, " ready."), 30)
        return process

    def scheduler(self) -> Any:
        process, log = self.spawn("scheduler", "scheduler")
        self._wait(process, log, log_says(log, "beat: Starting"), 30)
        return process

    def _wait(
        self, process: Any, log: Path, ready: Callable[[], bool], timeout: float
    ) -> None:
        def check() -> bool:
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-3000:]
                raise AssertionError(f"{log.name} exited early:\n{tail}")
            return ready()

        wait_until(check, timeout, f"{log.name} to be ready")

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            stop(process, grace=15)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def post(self, base: str, article: dict[str, Any], **kwargs: Any) -> Any:
        return requests.post(
            f"{base}/v1/articles",
            json=article,
            headers=self.headers,
            timeout=30,
            **kwargs,
        )

    def post_batch(self, base: str, articles: list[dict[str, Any]]) -> list[str]:
        """Job ids of the accepted items, in order."""
        response = requests.post(
            f"{base}/v1/articles/batch",
            json={"articles": articles},
            headers=self.headers,
            timeout=60,
        )
        assert response.status_code == 207, response.text
        items = response.json()["items"]
        assert all(item["status"] == 202 for item in items), items
        return [item["job"]["id"] for item in items]

    def extractions(self) -> list[dict[str, Any]]:
        return extractions(self.folder / "faults")


_engines: dict[str, Engine] = {}


def _engine(settings: Settings) -> Engine:
    url = settings.sqlalchemy_url
    if url not in _engines:
        _engines[url] = make_engine(settings)
    return _engines[url]


def article(n: int, marker: str = "", tag: str = "") -> dict[str, Any]:
    """A small real news article; ``marker`` injects a fault (see faulty.py)."""
    return {
        "external_id": f"rel-{tag or uuid.uuid4().hex[:8]}-{n}",
        "title": f"Talks in New York ({n})",
        "published_at": "2015-09-29",
        "source": "Reliability Wire",
        "text": LEAD
        + f"Officials said the talks would continue next week (dispatch {n}). "
        + marker,
    }


def jobs(engine: Engine, job_ids: list[str]) -> dict[str, Job]:
    with make_sessionmaker(engine)() as session:
        rows = session.scalars(select(Job).where(Job.id.in_(job_ids))).all()
        return {row.id: row for row in rows}


def wait_final(
    engine: Engine, job_ids: list[str], timeout: float
) -> tuple[dict[str, Job], float]:
    """Wait until every job is final; returns the jobs and the seconds it took."""
    started = time.monotonic()

    def done() -> dict[str, Job] | None:
        found = jobs(engine, job_ids)
        final = [job for job in found.values() if job.state in FINAL]
        return found if len(final) == len(job_ids) else None

    try:
        found = wait_until(done, timeout, f"{len(job_ids)} jobs to be final", step=0.5)
    except AssertionError:
        states: dict[str, int] = {}
        for job in jobs(engine, job_ids).values():
            states[job.state] = states.get(job.state, 0) + 1
        raise AssertionError(f"jobs not final after {timeout:.0f}s: {states}") from None
    return found, time.monotonic() - started


def events_per_article(engine: Engine) -> dict[str, int]:
    with make_sessionmaker(engine)() as session:
        rows = session.execute(
            select(Event.article_id, func.count()).group_by(Event.article_id)
        ).all()
        return {article_id: int(count) for article_id, count in rows}


def assert_exactly_once(stack: Stack, found: dict[str, Job]) -> None:
    """Succeeded jobs hold their events once: the stored count is what the last
    extraction of that article produced, and no event id repeats."""
    counts = events_per_article(stack.engine)
    last_done: dict[str, int] = {}
    for line in stack.extractions():
        if line["kind"] == "done":
            last_done[line["key"]] = line["events"]
    with make_sessionmaker(stack.engine)() as session:
        total, distinct = session.execute(
            select(func.count(Event.id), func.count(Event.id.distinct()))
        ).one()
        keys = dict(session.execute(text("SELECT id, external_id FROM articles")).all())
    assert total == distinct
    for job in found.values():
        stored = counts.get(job.article_id, 0)
        if job.state == "succeeded":
            assert job.event_count == stored, (job.id, job.event_count, stored)
            assert last_done[keys[job.article_id]] == stored
        else:
            assert stored == 0, (job.id, stored)


def fault_env(settings: Settings, folder: Path) -> dict[str, str]:
    faults = folder / "faults"
    faults.mkdir(parents=True, exist_ok=True)
    extra = {
        "EVENTWIRE_PIPELINE_FACTORY": "tests.reliability.faulty:build",
        "EVENTWIRE_FAULT_DIR": str(faults),
        "EVENTWIRE_BROKER_TIMEOUT": str(settings.broker_timeout),
        "EVENTWIRE_RECONCILE_RUNNING_MARGIN": str(settings.reconcile_running_margin),
        "EVENTWIRE_WORKER_BATCH_SIZE": str(settings.worker_batch_size),
        "EVENTWIRE_RATE_LIMIT": settings.rate_limit,
        "PYTHONPATH": str(REPO),
    }
    light = os.environ.get("EVENTWIRE_FAULT_LIGHT")
    if light:
        extra["EVENTWIRE_FAULT_LIGHT"] = light
    return settings_env(settings, **extra)


def fault_settings(database_url: str, broker_url: str, folder: Path) -> Settings:
    """Short limits so that every recovery path runs within a test."""
    return Settings(
        data_dir=folder / "var",
        database_url=database_url,
        broker_url=broker_url,
        rate_limit="100000/minute",
        task_time_limit=20,
        task_soft_time_limit=15,
        max_attempts=3,
        retry_backoff_max=4,
        visibility_timeout=60,
        broker_timeout=1.0,
        reconcile_interval=1.0,
        reconcile_queued_after=10.0,
        reconcile_running_margin=2.0,
    )


def empty_tables(engine: Engine) -> None:
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    if server.process is not None:
        server.thaw()
    server.kill()


@pytest.fixture
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def make_stack(pg_url: str, tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    """Build a stack on the session's PostgreSQL database and a given broker."""
    stacks: list[Stack] = []

    def _make(broker_url: str, database_url: str = pg_url, **changes: Any) -> Stack:
        settings = replace(
            fault_settings(database_url, broker_url, tmp_path), **changes
        )
        if database_url != pg_url:
            upgrade(_engine(settings))
        with make_sessionmaker(_engine(settings)).begin() as session:
            token = create_key(session, "reliability", ["admin"])[1]
        stack = Stack(settings, fault_env(settings, tmp_path), tmp_path, token)
        stacks.append(stack)
        return stack

    yield _make
    for stack in stacks:
        stack.stop_all()
    for stack in stacks:
        try:
            empty_tables(stack.engine)
        except Exception:  # a throw-away server may be gone already
            pass
    for engine in _engines.values():
        engine.dispose()
