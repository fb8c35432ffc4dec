"""Helpers for tests on real parses: a sentence's mentions by trigger, span texts."""

from __future__ import annotations

from typing import Any

from workers.pipeline.mentions import Mention, find_mentions


def mentions(nlp: Any, text: str) -> dict[str, Mention]:
    """The mentions of ``text``'s first sentence, keyed by their trigger's text."""
    sentence = next(nlp(text).sents)
    return {m.trigger.text: m for m in find_mentions(sentence)}


def texts(spans: Any) -> list[str]:
    return [s.text for s in spans]
