"""The pipeline: clean, annotate, find mentions, type them, resolve who, when, where."""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from workers.pipeline.actors import ActorResolver
from workers.pipeline.classify import HEAD_PATH, EventClassifier, MentionText
from workers.pipeline.clean import blank_debris
from workers.pipeline.gazetteer import Gazetteer
from workers.pipeline.mentions import Mention, find_mentions
from workers.pipeline.model import ArticleInput, Event, Participant, Span
from workers.pipeline.resources import load_spacy
from workers.pipeline.when import find_dateline, resolve_date
from workers.pipeline.where import resolve_location

VERSION = "0.1.0"


@dataclass(frozen=True)
class PipelineSettings:
    spacy_model: str = "en_core_web_sm"
    encoder: str | None = None
    head_path: str | None = None
    quantize: bool = False
    batch_size: int = 32
    chunk_chars: int = 20_000


@dataclass
class _Candidate:
    article: int
    mention: Mention
    doc_offset: int


class Pipeline:
    """Text and metadata in, ``Event`` records out; models load on first use."""

    def __init__(
        self,
        settings: PipelineSettings | None = None,
        *,
        classifier: EventClassifier | None = None,
    ) -> None:
        self.settings = settings or PipelineSettings()
        self._classifier = classifier
        self._nlp: Any = None
        self._gazetteer: Gazetteer | None = None
        self._timings: dict[str, float] = defaultdict(float)

    @property
    def version(self) -> str:
        path = self.settings.head_path or HEAD_PATH
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()[:8]  # noqa: SIM115
        return f"{VERSION}+{digest}"

    def load(self) -> None:
        if self._nlp is not None:
            return
        self._nlp = load_spacy(self.settings.spacy_model)
        if self._classifier is None:
            self._classifier = EventClassifier.load(
                self.settings.encoder,
                self.settings.head_path,
                quantize=self.settings.quantize,
            )
        # Load the encoder now, with the other models, not on the first article.
        self._classifier.encoder.dim  # noqa: B018
        self._gazetteer = Gazetteer.default()

    def stage_timings(self) -> dict[str, float]:
        return dict(self._timings)

    def extract(self, article: ArticleInput) -> list[Event]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[list[Event]]:
        """One encoder batch across every article's mentions."""
        self.load()
        assert self._classifier is not None
        assert self._gazetteer is not None
        clock = time.perf_counter()
        cleaned = [blank_debris(a.text) for a in articles]
        clock = self._tick("clean", clock)
        chunks = [
            (i, off, text)
            for i, t in enumerate(cleaned)
            for off, text in _chunks(t, self.settings.chunk_chars)
        ]
        docs: list[Doc] = list(self._nlp.pipe([c[2] for c in chunks], batch_size=16))
        clock = self._tick("annotate", clock)
        candidates: list[_Candidate] = []
        for (index, offset, _), doc in zip(chunks, docs, strict=True):
            for sentence in doc.sents:
                candidates += [
                    _Candidate(index, m, offset) for m in find_mentions(sentence)
                ]
        clock = self._tick("mentions", clock)
        texts = [
            MentionText(
                c.mention.sentence.text,
                c.mention.trigger.idx - c.mention.sentence.start_char,
                c.mention.trigger.idx
                - c.mention.sentence.start_char
                + len(c.mention.trigger),
            )
            for c in candidates
        ]
        decisions = self._classifier.classify(texts)
        clock = self._tick("classify", clock)
        resolvers = {
            id(doc): ActorResolver(self._gazetteer).for_document(doc) for doc in docs
        }
        results: list[list[Event]] = [[] for _ in articles]
        references = [
            (a.published_at, "publication")
            if a.published_at
            else (find_dateline(a.text), "dateline")
            for a in articles
        ]
        for candidate, decision in zip(candidates, decisions, strict=True):
            if decision.type is None:
                continue
            mention = candidate.mention
            actors = resolvers[id(mention.trigger.doc)]
            participants = self._participants(mention, actors, candidate.doc_offset)
            if not any(p.role in ("source", "target") for p in participants):
                continue
            reference, reason = references[candidate.article]
            date = resolve_date(mention.sentence, mention.trigger, reference, reason)
            location = resolve_location(
                mention.sentence, mention.trigger, self._gazetteer
            )
            if location is not None and location.start is not None:
                location = type(location)(
                    location.name,
                    location.country,
                    location.start + candidate.doc_offset,
                    (location.end or 0) + candidate.doc_offset,
                )
            results[candidate.article].append(
                Event(
                    type=decision.type,
                    trigger=_span(
                        mention.trigger.doc,
                        mention.trigger.i,
                        mention.trigger.i + 1,
                        candidate.doc_offset,
                        articles[candidate.article].text,
                    ),
                    sentence=_span(
                        mention.trigger.doc,
                        mention.sentence.start,
                        mention.sentence.end,
                        candidate.doc_offset,
                        articles[candidate.article].text,
                    ),
                    participants=participants,
                    modality=mention.modality,
                    confidence=round(decision.confidence, 4),
                    pipeline_version=self.version,
                    mode=decision.mode,
                    cameo_root=decision.cameo_root,
                    date=date.date,
                    date_precision=date.precision,
                    date_reason=date.reason,
                    location=location,
                )
            )
        clock = self._tick("actors", clock)
        merged = [merge(events) for events in results]
        self._tick("merge", clock)
        return merged

    def _participants(
        self, mention: Mention, actors: Any, offset: int
    ) -> list[Participant]:
        found: list[Participant] = []
        seen: set[tuple[str, str]] = set()
        roles: list[tuple[str, Any, str | None]] = [
            ("source", s, None) for s in mention.sources
        ]
        roles += [("target", t, None) for t in mention.targets]
        if mention.reporter is not None:
            roles.append(("other", mention.reporter, "reported_by"))
        for role, phrase, relation in roles:
            entity = actors.resolve(phrase)
            if entity is None or (role, entity.name) in seen:
                continue
            if role == "target" and ("source", entity.name) in seen:
                continue
            seen.add((role, entity.name))
            found.append(
                Participant(
                    role,
                    phrase.text,
                    phrase.start_char + offset,
                    phrase.end_char + offset,
                    entity,
                    relation,
                )
            )
        return found

    def _tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self._timings[stage] += now - since
        return now


def merge(events: list[Event]) -> list[Event]:
    """One event per (type, sources, targets): later tellings become mentions."""
    kept: dict[tuple[Any, ...], Event] = {}
    for event in events:
        key = (
            event.type,
            frozenset(p.entity.name for p in event.sources()),
            frozenset(p.entity.name for p in event.targets()),
            event.modality == "negated",
        )
        first = kept.get(key)
        if first is None:
            kept[key] = event
        elif event.sentence.start != first.sentence.start:
            first.mentions.append(event.trigger)
            first.confidence = max(first.confidence, event.confidence)
    return list(kept.values())


def _span(doc: Doc, start: int, end: int, offset: int, text: str) -> Span:
    """Offsets into the submitted text, trimmed of the blanks left by cleaning."""
    piece = doc[start:end]
    first, last = piece.start_char + offset, piece.end_char + offset
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return Span(text[first:last], first, last)


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Paragraph-aligned pieces of about ``size`` characters, with their offsets."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start, start + size)
        if cut <= start:
            cut = text.rfind("\n", start, start + size)
        if cut <= start:
            cut = start + size
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]
