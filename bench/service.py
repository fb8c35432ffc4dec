"""End-to-end throughput, intake rate and idle latency against a running stack."""

from __future__ import annotations

import multiprocessing
import statistics
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from sqlalchemy import func, select, text

from bench.corpus import sample_texts
from bench.load import LoadPlan, run_load
from bench.stack import Stack
from services.storage.db import make_engine, make_sessionmaker
from services.storage.models import Article, Job


@dataclass
class EndToEndResult:
    articles: int
    seconds: float
    failed: int

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds


@dataclass
class IntakeResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    # Cores the load generator itself kept busy on the machine it measures.
    client_cores: float
    # Autovacuum and autoanalyze passes the database finished during the run: the
    # rows a previous measurement stored can set them off under this one.
    maintenance: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


@dataclass
class LatencyResult:
    runs: int
    p50_ms: float
    p90_ms: float


def _headers(stack: Stack) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {stack.token}",
        "Content-Type": "application/json",
    }


def run_end_to_end(
    stack: Stack, count: int = 500, timeout: float = 900
) -> EndToEndResult:
    """POST ``count`` articles in batches of 100; time until every job is final."""
    texts = sample_texts()
    run = uuid.uuid4().hex[:8]
    payloads = [
        {"text": texts[i % len(texts)], "external_id": f"e2e-{run}-{i}"}
        for i in range(count)
    ]
    engine = make_engine(stack.settings)
    sessions = make_sessionmaker(engine)

    def final_counts() -> tuple[int, int]:
        with sessions() as session:
            rows = dict(
                session.execute(
                    select(Job.state, func.count())
                    .join(Article, Article.id == Job.article_id)
                    .where(Article.external_id.like(f"e2e-{run}-%"))
                    .group_by(Job.state)
                ).all()
            )
        return rows.get("succeeded", 0) + rows.get("failed", 0), rows.get("failed", 0)

    started = time.perf_counter()
    for i in range(0, count, 100):
        response = requests.post(
            f"{stack.base_url}/v1/articles/batch",
            json={"articles": payloads[i : i + 100]},
            headers=_headers(stack),
            timeout=60,
        )
        response.raise_for_status()
    deadline = started + timeout
    final = failed = 0
    while time.perf_counter() < deadline:
        final, failed = final_counts()
        if final >= count:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    engine.dispose()
    if final < count:
        raise TimeoutError(f"only {final} of {count} jobs final after {timeout:.0f}s")
    return EndToEndResult(count, elapsed, failed)


def run_latency(stack: Stack, runs: int = 20) -> LatencyResult:
    """On an idle service: POST one article, poll its job until it is final."""
    text = sample_texts()[0]
    session = requests.Session()
    session.headers.update(_headers(stack))
    durations = []
    for i in range(runs):
        body = {"text": text, "external_id": f"latency-{uuid.uuid4().hex}-{i}"}
        started = time.perf_counter()
        job = session.post(
            f"{stack.base_url}/v1/articles", json=body, timeout=10
        ).json()
        job_id = job["job"]["id"]
        while True:
            state = session.get(f"{stack.base_url}/v1/jobs/{job_id}", timeout=10).json()
            if state["state"] in ("succeeded", "failed"):
                break
            time.sleep(0.01)
        durations.append((time.perf_counter() - started) * 1000)
        time.sleep(0.2)
    durations.sort()
    return LatencyResult(
        runs, statistics.median(durations), durations[int(0.9 * (runs - 1))]
    )


def run_intake(
    stack: Stack,
    clients: int = 50,
    seconds: float = 10.0,
    size: int = 2048,
    rate: float | None = None,
) -> IntakeResult:
    """``clients`` keep-alive connections posting ~``size``-byte articles.

    Without ``rate`` each client posts as fast as it is answered (the service's
    ceiling); with ``rate`` they post on a fixed schedule (see ``bench.load``). The
    clients run in a process of their own, so nothing else in the bench's process
    delays the clock that times them.
    """
    base = urlparse(stack.base_url)
    plan = LoadPlan(
        host=base.hostname or "127.0.0.1",
        port=base.port or 80,
        path="/v1/articles",
        token=stack.token,
        text=(sample_texts()[0] * 2)[:size],
        clients=clients,
        seconds=seconds,
        rate=rate,
    )
    context = multiprocessing.get_context("spawn")
    maintenance_before = maintenance_passes(stack)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        outcome = pool.submit(run_load, plan).result(timeout=seconds + 120)
    latencies = sorted(outcome.latencies_ms)
    return IntakeResult(
        len(latencies),
        outcome.seconds,
        outcome.errors,
        statistics.median(latencies),
        latencies[int(0.99 * (len(latencies) - 1))],
        outcome.cpu_seconds / outcome.seconds,
        maintenance_passes(stack) - maintenance_before,
    )


def maintenance_passes(stack: Stack) -> int:
    """Autovacuum and autoanalyze passes finished so far on the service's tables."""
    engine = make_engine(stack.settings)
    try:
        with engine.connect() as connection:
            # The statistics a backend reads are a snapshot per transaction.
            connection.execute(text("SELECT pg_stat_clear_snapshot()"))
            total = connection.execute(
                text(
                    "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) "
                    "FROM pg_stat_user_tables"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(total)
