"""Event dates: the date words nearest the trigger, resolved against a reference."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from workers.pipeline.dates import MONTH_PATTERN, Parsed, month_number, parse_expression

# Dates after these words bound a period rather than say when something happened.
BOUNDING_WORDS = frozenset(
    {"since", "until", "till", "through", "by", "before", "after"}
)
# A date that modifies another noun ("the 2015 meeting", "December 2015 Resolution")
# dates that thing, not the event.
NOUN_MODIFIER_DEPS = frozenset(
    {"compound", "nmod", "amod", "nummod", "poss", "npadvmod"}
)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
FUTURE_HEADS = frozenset(
    {
        "go",
        "plan",
        "expect",
        "schedule",
        "set",
        "due",
        "intend",
        "prepare",
        "aim",
        "hope",
    }
)
# Words that date an event even when the entity recogniser misses them; month names
# are left to it, since "May" and "march" are also ordinary words.
DATE_WORDS = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|[Yy]esterday|[Tt]oday|[Tt]onight"
    r"|[Tt]omorrow)$"
)
DATELINE_LINES = 15

_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z .'-]+,\s*|(?:Published|Updated|Posted)(?: on| at)?:?\s*)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    rf"(?:(?P<month>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_PATTERN})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_ISO_DATELINE = re.compile(
    r"^(?:\D{0,30}\s)?(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"
)


@dataclass(frozen=True, slots=True)
class DateResolution:
    """When an event happened, how precisely that is known, and from what."""

    date: dt.date | None
    precision: str | None  # "day" | "month" | "year"
    reason: str | None  # "explicit" | "relative" | "dateline" | "publication"


def find_dateline(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The date line or dateline at the top of an article, if it has one.

    A dateline without a year ("MOSCOW, Sept 30 (Reuters) -") takes the year that
    puts it on or before ``reference`` when one is given, and is ignored otherwise.
    """
    lines = [line.strip(" \t#*•") for line in text.splitlines() if line.strip()]
    for line in lines[:DATELINE_LINES]:
        iso = _ISO_DATELINE.match(line)
        if iso and len(line) < 80:
            try:
                return dt.date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
            except ValueError:
                continue
        found = _DATELINE.match(line)
        if not found:
            continue
        month = month_number(found["month"] or found["month2"])
        day = int(found["day"] or found["day2"])
        year = int(found["year"]) if found["year"] else None
        if year is None:
            if reference is None:
                continue
            year = reference.year
            if (month, day) > (reference.month, reference.day):
                year -= 1
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def tense(trigger: Token) -> str:
    """ "future", "past" or "present" for the clause of the trigger."""
    verb = trigger
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    chain = [verb]
    # "is going to / plans to / is expected to hold talks": the future sits above.
    while chain[-1].dep_ in ("xcomp", "auxpass") and chain[-1].head != chain[-1]:
        chain.append(chain[-1].head)
    for tok in chain:
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return "future"
        if tok != verb and tok.lemma_.lower() in FUTURE_HEADS:
            return "future"
    if verb.tag_ == "VBD" or any(
        c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass")
    ):
        return "past"
    if verb.tag_ == "VBN":
        return "past"
    return "present"


def _clause_head(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and token.head != token:
        token = token.head
    return token


def _path_length(a: Token, b: Token) -> int | None:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, tok in enumerate(up_a):
        if tok in up_b:
            return i + up_b.index(tok)
    return None


def _candidates(sentence: Span) -> list[Span]:
    spans = [e for e in sentence.ents if e.label_ == "DATE"]
    covered = {t.i for e in spans for t in e}
    for tok in sentence:
        if tok.i not in covered and DATE_WORDS.match(tok.text):
            spans.append(sentence.doc[tok.i : tok.i + 1])
    return spans


def _attached(date: Span, trigger: Token) -> int | None:
    """Tree distance from the trigger when the date belongs to its clause."""
    root = date.root
    if root.i > 0 and root.doc[date.start - 1].lower_ in BOUNDING_WORDS:
        return None
    if trigger in date:
        return 0
    child = root
    for tok in root.ancestors:
        if tok == trigger:
            break
        if tok.pos_ in ("NOUN", "PROPN") and child.dep_ in NOUN_MODIFIER_DEPS:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            break
        child = tok
    if _clause_head(root) != _clause_head(trigger) and trigger not in root.ancestors:
        return None
    return _path_length(root, trigger)


def resolve_date(
    sentence: Span,
    trigger: Token,
    reference: dt.date | None,
    reference_reason: str = "publication",
) -> DateResolution:
    """The event's date from the date words nearest the trigger, else the reference."""
    when = tense(trigger)
    best: tuple[int, int, Parsed] | None = None
    for date in _candidates(sentence):
        distance = _attached(date, trigger)
        if distance is None:
            continue
        parsed = parse_expression(date.text, when, reference)
        if parsed is None:
            continue
        rank = (distance, abs(date.root.i - trigger.i))
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], parsed)
    if best is not None:
        return DateResolution(*best[2])
    if reference is None:
        return DateResolution(None, None, None)
    return DateResolution(reference, "day", reference_reason)
