"""Cost against article length: a 200,000-character article next to short ones."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

from bench.corpus import long_text, sample_texts
from workers.pipeline import Pipeline, PipelineSettings
from workers.pipeline.model import ArticleInput


@dataclass
class LengthResult:
    short_us_per_char: float
    long_us_per_char: float
    long_chars: int
    long_seconds: float
    long_events: int
    peak_rss_mb: float

    @property
    def ratio(self) -> float:
        return self.long_us_per_char / self.short_us_per_char


def run_long_article(chars: int = 200_000) -> LengthResult:
    """One process, one thread: microseconds per character, short vs. long."""
    from workers.runtime import pin_threads

    pin_threads()
    pipe = Pipeline(PipelineSettings())
    pipe.load()
    shorts = [ArticleInput(text=t) for t in sample_texts()]
    pipe.extract_many(shorts)  # warm up
    started = time.perf_counter()
    for _ in range(3):
        for article in shorts:
            pipe.extract(article)
    short_seconds = time.perf_counter() - started
    short_chars = 3 * sum(len(a.text) for a in shorts)
    text = long_text(chars)
    started = time.perf_counter()
    events = pipe.extract(ArticleInput(text=text))
    long_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return LengthResult(
        short_seconds / short_chars * 1e6,
        long_seconds / len(text) * 1e6,
        len(text),
        long_seconds,
        len(events),
        peak,
    )
