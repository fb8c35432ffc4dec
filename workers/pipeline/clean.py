"""Scraper debris out, offsets kept: debris is blanked with spaces, never deleted."""

from __future__ import annotations

import re

# Lines a scraper leaves around an article; they must never become events or actors.
DEBRIS = re.compile(
    r"^[ \t•*·-]*(?:"
    r"(?:[A-Z]{1,5}\s+)?\$?\s*[\d.,]+\s+[-+][\d.,]+%?"  # tickers: "$ 87.70 -0.69"
    r"|all news|show more(?: news)?|more news|latest news|top stories|advertisement"
    r"|share(?: this(?: article)?)?|print|e-?mail|comments?|read more|subscribe"
    # Labels with a colon: whatever follows the label is part of the debris.
    r"|(?:follow us(?: on)?|share(?: this)?|subscribe(?: to)?|sign up|read more"
    r"|related(?: articles?| stories| news)?|(?:file )?photos?|image|original url"
    r"|source url|updated(?: at)?|tags?|topics?):.*"
    r"|<?https?://\S*>?"  # a lone link
    r"|#.*"  # a markdown heading: the headline (see leading_block)
    r"|copyright\s*(?:©|\(c\)|\d{4}).*|©.*|all rights reserved.*"
    r")\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Sentence-final punctuation, possibly inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A lone date line ("September 30, 2015", "2015-09-30 10:00"): the dateline is kept.
_DATE_LINE = re.compile(
    rf"^[\W\d]*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s*\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s*\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    r"[\s,|]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\W*$",
    re.IGNORECASE,
)
# How many non-empty lines at the top may be headline, standfirst or kicker.
LEADING_LINES = 8


def _blank(piece: str) -> str:
    return re.sub(r"[^\n]", " ", piece)


def leading_block(text: str) -> list[tuple[int, int]]:
    """Spans of the unpunctuated lines above the first sentence of the body.

    Headlines and standfirsts ("Russia Ready to Liaise With U.S. Coalition ...") are
    fragments that the tagger reads wrongly (capitalised words become names), and the
    body tells the same events in full sentences, so they are not extracted. Lone date
    lines stay: they are the article's dateline.
    """
    spans: list[tuple[int, int]] = []
    seen = 0
    for line in re.finditer(r"[^\n]+", text):
        body = line.group(0).strip()
        if not body:
            continue
        seen += 1
        if seen > LEADING_LINES:
            break
        if _SENTENCE_END.search(body):
            return spans
        if not _DATE_LINE.match(body):
            spans.append(line.span())
    # No punctuated body line near the top: nothing there is known to be a headline.
    return []


def blank_debris(text: str) -> str:
    """``text`` with debris lines and the headline block replaced by spaces."""
    cleaned = DEBRIS.sub(lambda m: _blank(m.group(0)), text)
    pieces = list(cleaned)
    for start, end in leading_block(cleaned):
        pieces[start:end] = " " * (end - start)
    return "".join(pieces)


def html_to_text(html: str) -> str:
    """The main text of an HTML page (trafilatura), or "" when none is found."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""
