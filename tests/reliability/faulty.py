"""A pipeline that delegates to the real one and injects faults for marked articles.

Markers in an article's text:

- ``[fault:raise]`` raises every time (a poison article);
- ``[fault:kill]`` SIGKILLs its own process every time;
- ``[fault:kill-once]`` SIGKILLs its own process on the first try only;
- ``[fault:sleep=N]`` sleeps N seconds on the first try only (a long task).

Every extraction appends one JSON line to ``$EVENTWIRE_FAULT_DIR/extractions.jsonl``
so a test can count how often each article was extracted and by which process.
Set ``EVENTWIRE_FAULT_LIGHT=1`` to use a small deterministic extractor instead of
the real models (for developing the harness only).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workers.pipeline.model import ArticleInput, Entity, Event, Participant, Span

MARKER = re.compile(r"\[fault:(raise|kill|kill-once|sleep=(\d+(?:\.\d+)?))\]")


class PoisonArticle(RuntimeError):
    """Raised for ``[fault:raise]`` articles, deterministically."""


def fault_dir() -> Path:
    return Path(os.environ["EVENTWIRE_FAULT_DIR"])


def article_key(article: ArticleInput) -> str:
    if article.external_id:
        return article.external_id
    return hashlib.sha256(article.text.encode()).hexdigest()[:16]


def record(kind: str, article: ArticleInput, **extra: Any) -> None:
    line = {
        "kind": kind,
        "key": article_key(article),
        "pid": os.getpid(),
        "t": time.time(),
        **extra,
    }
    data = (json.dumps(line) + "\n").encode()
    fd = os.open(
        fault_dir() / "extractions.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND
    )
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def first_time(article: ArticleInput, what: str) -> bool:
    """True once per article and fault: a flag file remembers across processes."""
    flag = fault_dir() / f"{what}-{article_key(article)}"
    try:
        fd = os.open(flag, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def inject(article: ArticleInput) -> None:
    """Act on the article's fault marker, if it has one."""
    match = MARKER.search(article.text)
    if match is None:
        return
    what = match.group(1)
    if what == "raise":
        record("raise", article)
        raise PoisonArticle("this article breaks the extractor")
    if what == "kill" or (what == "kill-once" and first_time(article, "kill")):
        record("kill", article)
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(10)  # not reached
    if match.group(2) and first_time(article, "sleep"):
        record("sleep", article, seconds=float(match.group(2)))
        time.sleep(float(match.group(2)))


class LightPipeline:
    """One CONSULT event per capitalised word pair; for harness development only."""

    version = "light-1"

    def load(self) -> None:
        return None

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[list[Event]]:
        return [self.extract(article) for article in articles]

    def extract(self, article: ArticleInput) -> list[Event]:
        events = []
        for found in re.finditer(
            r"\b([A-Z][a-z]+) (met) ([A-Z][a-z]+)\b", article.text
        ):
            name = found.group(1)
            source = Participant(
                "source", name, found.start(1), found.end(1), Entity(name, "country")
            )
            events.append(
                Event(
                    type="CONSULT",
                    trigger=Span("met", found.start(2), found.end(2)),
                    sentence=Span(found.group(0), found.start(), found.end()),
                    participants=[source],
                    modality="asserted",
                    confidence=0.9,
                    pipeline_version=self.version,
                )
            )
        return events


class FaultyPipeline:
    """Faults first, then the wrapped pipeline; logs each extraction's event count."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    @property
    def version(self) -> str:
        return str(self.inner.version)

    def load(self) -> None:
        self.inner.load()

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[list[Event]]:
        for article in articles:
            record("start", article)
        for article in articles:
            inject(article)
        results = list(self.inner.extract_many(list(articles)))
        for article, events in zip(articles, results, strict=True):
            record("done", article, events=len(events))
        return results

    def extract(self, article: ArticleInput) -> list[Event]:
        record("start", article)
        inject(article)
        events = list(self.inner.extract(article))
        record("done", article, events=len(events))
        return events


def _light_settings_stub() -> None:
    """Light mode before the real package exists: the worker still asks it for
    PipelineSettings, so give it a stand-in (development only)."""
    import workers.pipeline as package

    if not hasattr(package, "PipelineSettings"):
        package.PipelineSettings = lambda **kwargs: kwargs  # type: ignore[attr-defined]


if os.environ.get("EVENTWIRE_FAULT_LIGHT") == "1":
    _light_settings_stub()


def build(pipeline_settings: Any) -> FaultyPipeline:
    """EVENTWIRE_PIPELINE_FACTORY entry point: tests.reliability.faulty:build."""
    if os.environ.get("EVENTWIRE_FAULT_LIGHT") == "1":
        return FaultyPipeline(LightPipeline())
    from workers.pipeline import Pipeline

    return FaultyPipeline(Pipeline(pipeline_settings))


def extractions(folder: Path) -> list[dict[str, Any]]:
    """The extraction log written by the workers."""
    path = folder / "extractions.jsonl"
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]
