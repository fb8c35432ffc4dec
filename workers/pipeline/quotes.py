"""Quotations of an article and who speaks them, for "we" and "I" said inside them."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from workers.pipeline.gazetteer import Gazetteer
from workers.pipeline.model import Entity

SPEAKER_PLURAL = frozenset("we us our ours ourselves".split())
SPEAKER_SINGULAR = frozenset("i me my mine myself".split())
REPORTING_VERBS = frozenset(
    "say tell add stress note state emphasize emphasise underline underscore declare "
    "announce insist warn explain point remark reiterate claim write continue "
    "conclude reply answer comment tweet argue admit affirm assert".split()
)
OPENING_QUOTES, CLOSING_QUOTES = "“«", "”»"

# The actor a phrase names; passed in because a speaker is whoever the subject of
# the reporting verb resolves to, with all the article's people and coreference.
Resolve = Callable[[Span], Entity | None]


class Speakers:
    """The quotations of one article and the actor who speaks each of them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, resolve: Resolve) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self._resolve = resolve
        self._text = doc.text  # spaCy rebuilds doc.text from its tokens on each access
        self._quotes = _quote_regions(self._text)
        self._speakers: dict[int, Entity | None] = {}

    def first_person(self, tok: Token) -> Entity | None:
        """Who a first-person pronoun stands for: the speaker of its quotation."""
        word = tok.lower_
        speaker = self.speaker(tok.idx)
        if speaker is None or word in SPEAKER_SINGULAR:
            return speaker
        if speaker.kind == "person":
            # "we" in a minister's words is the state the minister speaks for.
            if speaker.country is None:
                return None
            name = self.gazetteer.country_names.get(speaker.country, speaker.country)
            return Entity(name, "country", speaker.country, speaker.sector)
        return speaker

    def speaker(self, at: int) -> Entity | None:
        """Who speaks the quotation around character ``at``, if it is a quotation."""
        region = next((r for r in self._quotes if r[0] <= at < r[1]), None)
        if region is None:
            return None
        if region[0] not in self._speakers:
            self._speakers[region[0]] = self._find_speaker(region)
        return self._speakers[region[0]]

    def _find_speaker(self, region: tuple[int, int]) -> Entity | None:
        text = self._text
        start = text.rfind("\n", 0, region[0]) + 1
        end = text.find("\n", region[1])
        end = len(text) if end < 0 else end
        previous = text.rfind("\n", 0, max(start - 1, 0)) + 1
        best: tuple[int, Entity] | None = None
        for tok in self.doc:
            if tok.lemma_.lower() not in REPORTING_VERBS or tok.pos_ != "VERB":
                continue
            if any(a <= tok.idx < b for a, b in self._quotes):
                continue
            if start <= tok.idx < end:
                distance = min(abs(tok.idx - region[0]), abs(tok.idx - region[1]))
            elif previous <= tok.idx < start:
                distance = 10_000 + start - tok.idx  # the paragraph leading in
            else:
                continue
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                continue
            subject = subjects[0]
            phrase = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
            who = self._resolve(phrase)
            if who is not None and (best is None or distance < best[0]):
                best = (distance, who)
        if best is not None:
            return best[1]
        earlier = [r for r in self._quotes if r[1] <= region[0] and r[1] >= previous]
        return self.speaker(earlier[-1][0]) if earlier else None


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; a quote open at a paragraph's end runs
    to that end, as wire copy leaves multi-paragraph quotes open."""
    regions: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        opened: int | None = None
        for j, ch in enumerate(line):
            if ch in OPENING_QUOTES or (ch == '"' and opened is None):
                opened = j if opened is None else opened
            elif ch in CLOSING_QUOTES or ch == '"':
                regions.append((offset + (opened or 0), offset + j + 1))
                opened = None
        if opened is not None:
            regions.append((offset + opened, offset + len(line)))
        offset += len(line) + 1
    return regions
