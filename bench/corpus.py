"""Benchmark inputs: the sample articles, repeated and made unique, or made long."""

from __future__ import annotations

import os
from pathlib import Path

from workers.pipeline.model import ArticleInput


def samples_dir() -> Path:
    default = Path.cwd().parent / "shared" / "data" / "samples"
    return Path(os.environ.get("EVENTWIRE_SAMPLES", default))


def sample_texts() -> list[str]:
    paths = sorted(samples_dir().glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no sample articles in {samples_dir()}")
    return [path.read_text(encoding="utf-8") for path in paths]


def articles(count: int) -> list[ArticleInput]:
    """``count`` articles cycling through the samples, each with its own id."""
    texts = sample_texts()
    return [
        ArticleInput(text=texts[i % len(texts)], external_id=f"bench-{i}")
        for i in range(count)
    ]


def long_text(chars: int) -> str:
    """About ``chars`` characters of article text: the samples one after another."""
    texts = sample_texts()
    parts: list[str] = []
    size = 0
    while size < chars:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        size += len(text) + 2
    return "\n\n".join(parts)[:chars]
