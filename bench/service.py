"""End-to-end throughput, intake rate and idle latency against a running stack."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import requests
from sqlalchemy import func, select

from bench.corpus import sample_texts
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


# Between the intake clients' processes all being ready and their first post.
START_DELAY = 0.2


@dataclass
class IntakeResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float

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
    processes: int = 5,
) -> IntakeResult:
    """``clients`` keep-alive connections posting ~``size``-byte articles.

    Without ``rate`` each client posts as fast as it is answered (the service's
    ceiling). With ``rate`` the clients together post that many a second on a fixed
    schedule, and each latency counts from the post's scheduled time, so a stall
    shows in the figures instead of only slowing the senders down. The clients run
    as threads of ``processes`` processes: fifty threads under one interpreter lock
    would add their own waits to the latencies measured.
    """
    per_process = -(-clients // processes)
    groups = [
        list(range(first, min(first + per_process, clients)))
        for first in range(0, clients, per_process)
    ]
    context = multiprocessing.get_context("spawn")
    # Every process imports what it needs first; the clock starts once all are ready.
    ready = context.Barrier(len(groups) + 1)
    results = context.Queue()
    plan = _ClientPlan(stack.base_url, stack.token, clients, size, rate, seconds)
    workers = [
        context.Process(target=_client_group, args=(plan, group, ready, results))
        for group in groups
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=120)
    start_at = time.time() + START_DELAY
    outcomes = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(ms for mine, _, _ in outcomes for ms in mine)
    errors = sum(group_errors for _, group_errors, _ in outcomes)
    elapsed = max(finished for _, _, finished in outcomes) - start_at
    return IntakeResult(
        len(latencies),
        elapsed,
        errors,
        statistics.median(latencies),
        latencies[int(0.99 * (len(latencies) - 1))],
    )


@dataclass(frozen=True)
class _ClientPlan:
    base_url: str
    token: str
    clients: int
    size: int
    rate: float | None
    seconds: float


def _client_group(
    plan: _ClientPlan, numbers: list[int], ready: Any, results: Any
) -> None:
    """Run some of the clients as threads; put (latencies in ms, errors, end time)."""
    ready.wait(timeout=120)
    start_at = time.time() + START_DELAY
    base = urlparse(plan.base_url)
    headers = {
        "Authorization": f"Bearer {plan.token}",
        "Content-Type": "application/json",
    }
    filler = (sample_texts()[0] * 2)[: plan.size]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = start_at + plan.seconds
    interval = plan.clients / plan.rate if plan.rate else 0.0

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            base.hostname or "127.0.0.1", base.port, timeout=30
        )

    def client(number: int) -> None:
        connection = connect()
        mine: list[float] = []
        count = 0
        # Clients start spread over one interval, not all at once.
        due = start_at + interval * number / plan.clients
        time.sleep(max(0.0, start_at - time.time()))
        while True:
            if interval:
                time.sleep(max(0.0, due - time.time()))
            sent_at = due if interval else time.time()
            if sent_at >= stop_at:
                break
            body = json.dumps(
                {
                    "text": filler,
                    "external_id": f"in-{number}-{count}-{uuid.uuid4().hex[:6]}",
                }
            )
            try:
                connection.request("POST", "/v1/articles", body, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 202
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = connect()
            mine.append((time.time() - sent_at) * 1000)
            count += 1
            due += interval
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, errors[0], time.time()))
