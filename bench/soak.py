"""Worker memory over many articles: RSS of each pool process after every step."""

from __future__ import annotations

from dataclasses import dataclass

from bench.memory import pool_rss_mb
from bench.service import run_end_to_end
from bench.stack import Stack


@dataclass
class SoakResult:
    steps: list[tuple[int, list[float]]]  # (articles done, RSS MB per pool process)

    @property
    def growth_mb(self) -> float:
        """Largest rise of any pool process from the first step to the last."""
        first, last = self.steps[0][1], self.steps[-1][1]
        return max((b - a for a, b in zip(first, last, strict=False)), default=0.0)


def run_soak(stack: Stack, total: int = 5000, step: int = 1000) -> SoakResult:
    """Push ``total`` articles through the service ``step`` at a time."""
    steps = [(0, pool_rss_mb(stack.worker_pid))]
    done = 0
    while done < total:
        count = min(step, total - done)
        run_end_to_end(stack, count, timeout=max(900.0, count * 2.0))
        done += count
        steps.append((done, pool_rss_mb(stack.worker_pid)))
    return SoakResult(steps)
