"""Scraper debris out, offsets kept: debris is blanked with spaces, never deleted."""

from __future__ import annotations

import re

# Lines a scraper leaves around an article; they must never become events or actors.
DEBRIS = re.compile(
    r"^\s*(?:"
    r"\$\s*[\d.,]+\s*[-+]?[\d.,]*%?"  # tickers: "$ 87.70 -0.69"
    r"|all news|show more news|follow us on:?.*|share(?: this)?:?|subscribe.*"
    r"|(?:file )?photo:.*|original url:.*|read more:?.*|related:?.*|advertisement"
    r"|#\s.*"  # the headline: a fragment spaCy mis-tags ("Russia Ready" as a person)
    r")\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def blank_debris(text: str) -> str:
    """``text`` with debris lines replaced by spaces of the same length."""
    return DEBRIS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def html_to_text(html: str) -> str:
    """The main text of an HTML page (trafilatura), or "" when none is found."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""
