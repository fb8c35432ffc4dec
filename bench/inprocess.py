"""The in-process pipeline on all cores: one process per core, one thread each."""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import articles


@dataclass
class InProcessResult:
    articles: int
    processes: int
    seconds: float
    events: int
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds


def _worker(args: tuple[int, int, int, bool, Any, Any]) -> None:
    start, stop, batch, quantize, results, go = args
    from workers.pipeline import Pipeline, PipelineSettings
    from workers.runtime import pin_threads, release_freed_memory

    pin_threads()
    pipe = Pipeline(PipelineSettings(quantize=quantize))
    pipe.load()
    pipe.extract_many(articles(2))  # warm up outside the clock
    warm = pipe.stage_timings()
    inputs = articles(stop)[start:stop]
    results.put(("ready", os.getpid()))
    go.wait()
    events = 0
    for i in range(0, len(inputs), batch):
        events += sum(len(found) for found in pipe.extract_many(inputs[i : i + batch]))
        release_freed_memory()  # as a worker does after each batch
    timings = {k: v - warm.get(k, 0.0) for k, v in pipe.stage_timings().items()}
    results.put(("done", events, timings))


def run_inprocess(
    count: int = 500,
    processes: int | None = None,
    batch: int = 8,
    quantize: bool = False,
) -> InProcessResult:
    """Extract ``count`` articles split over ``processes``; time from ready to done."""
    processes = processes or os.cpu_count() or 1
    context = mp.get_context("spawn")
    results = context.Queue()
    go = context.Event()
    share = -(-count // processes)
    jobs = [
        (i * share, min(count, (i + 1) * share), batch, quantize, results, go)
        for i in range(processes)
    ]
    children = [context.Process(target=_worker, args=(job,)) for job in jobs]
    for child in children:
        child.start()
    for _ in children:
        assert results.get(timeout=300)[0] == "ready"
    started = time.perf_counter()
    go.set()
    events = 0
    stages: dict[str, float] = {}
    for _ in children:
        _, found, timings = results.get(timeout=3600)
        events += found
        for name, seconds in timings.items():
            stages[name] = stages.get(name, 0.0) + seconds
    elapsed = time.perf_counter() - started
    for child in children:
        child.join()
    return InProcessResult(count, processes, elapsed, events, stages)
