"""The pipeline: clean, annotate, find mentions, resolve actors, type, date, place."""

from __future__ import annotations

import functools
import hashlib
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workers.pipeline.actors import ActorResolver, DocumentActors
from workers.pipeline.annotate import Annotator, Chunk
from workers.pipeline.authorities import place_source
from workers.pipeline.clean import blank_debris
from workers.pipeline.gazetteer import Gazetteer
from workers.pipeline.intended_places import intended_place_target
from workers.pipeline.intent import intent_type
from workers.pipeline.mentions import Mention, find_mentions
from workers.pipeline.merge import merge
from workers.pipeline.model import ArticleInput, Event, Participant, Span
from workers.pipeline.movers import moved_as_sources
from workers.pipeline.resolution import resolve
from workers.pipeline.stances import DEMAND, lays_obligation
from workers.pipeline.when import find_dateline, resolve_date
from workers.pipeline.where import localise_sources, place_target, resolve_location

if TYPE_CHECKING:
    import datetime as dt

    from workers.pipeline.classify import EventClassifier

VERSION = "0.1.0"
STAGES = (
    "clean",
    "annotate",
    "mentions",
    "actors",
    "classify",
    "when",
    "where",
    "merge",
)
# An abstaining head's probability of "no event" below which an obligation laid
# still counts as a demand.
NOT_AN_EVENT = 0.5


@functools.cache
def pipeline_version(head_path: str | None = None) -> str:
    """``VERSION+<8 hex of the head weights' sha256>``: which model made an event.

    Without ``head_path``, the head the default settings load.
    """
    from workers.pipeline.classify import default_head_path

    path = (
        Path(head_path) if head_path else default_head_path(PipelineSettings.quantize)
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"{VERSION}+{digest}"


@dataclass(frozen=True)
class PipelineSettings:
    spacy_model: str = "en_core_web_sm"
    encoder: str | None = None  # HF model id or local path; None: packaged MiniLM
    head_path: str | None = None  # None: the committed head weights
    quantize: bool = False  # int8 weights for the encoder (needs the onnx runtime)
    encoder_runtime: str = "onnx"  # "onnx" or "torch"; see encoder.RUNTIMES
    onnx_cache_dir: str | None = None  # None: ~/.cache/eventwire/onnx
    # Windows per encoder run. One: on this CPU a window alone runs faster than
    # padded, length-sorted batches of 32 (no padding, shorter attention), and an int8
    # window's activation scale then depends on that window, not on its neighbours.
    batch_size: int = 1
    chunk_chars: int = 20_000  # long articles are parsed in chunks of about this size


@dataclass
class _Candidate:
    """A mention with actors, waiting for its type."""

    article: int
    chunk: Chunk
    mention: Mention
    participants: list[Participant]


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
        self._annotator = Annotator(
            self.settings.spacy_model, self.settings.chunk_chars
        )
        self._gazetteer: Gazetteer | None = None
        self._actors: ActorResolver | None = None
        self._timings: dict[str, float] = defaultdict(float)

    @property
    def version(self) -> str:
        from workers.pipeline.classify import default_head_path

        head = self.settings.head_path or str(default_head_path(self.settings.quantize))
        return pipeline_version(head)

    def load(self) -> None:
        """Load every model now (idempotent); otherwise the first article does."""
        if self._actors is not None and self._classifier is not None:
            return
        self._annotator.load()
        if self._classifier is None:
            from workers.pipeline.classify import EventClassifier

            self._classifier = EventClassifier.load(
                self.settings.encoder,
                self.settings.head_path,
                quantize=self.settings.quantize,
                runtime=self.settings.encoder_runtime,
                cache_dir=(
                    Path(self.settings.onnx_cache_dir)
                    if self.settings.onnx_cache_dir
                    else None
                ),
            )
        encoder = getattr(self._classifier, "encoder", None)
        if encoder is not None:
            encoder.batch_size = self.settings.batch_size
            # The encoder's weights load now, with the other models, not on an article.
            encoder.dim  # noqa: B018
        self._gazetteer = Gazetteer.default()
        self._actors = ActorResolver(self._gazetteer)

    def stage_timings(self) -> dict[str, float]:
        """Cumulative seconds per stage since construction."""
        return {stage: self._timings.get(stage, 0.0) for stage in STAGES}

    def extract(self, article: ArticleInput) -> list[Event]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[list[Event]]:
        """Events of each article; one classifier batch across all their mentions."""
        self.load()
        clock = time.perf_counter()
        cleaned = [blank_debris(a.text) for a in articles]
        clock = self._tick("clean", clock)
        chunks = self._annotator.annotate(cleaned)
        clock = self._tick("annotate", clock)
        found = [(c, m) for c in chunks for s in c.doc.sents for m in find_mentions(s)]
        clock = self._tick("mentions", clock)
        candidates = self._with_actors(found)
        clock = self._tick("actors", clock)
        events = self._typed(candidates, articles)
        clock = self._tick("classify", clock)
        self._date(events, candidates, articles)
        clock = self._tick("when", clock)
        self._place(events, candidates, articles)
        clock = self._tick("where", clock)
        results: list[list[Event]] = [[] for _ in articles]
        for event, candidate in zip(events, candidates, strict=True):
            if event is not None:
                results[candidate.article].append(event)
        merged = [merge(found) for found in results]
        self._tick("merge", clock)
        return merged

    def _with_actors(self, found: list[tuple[Chunk, Mention]]) -> list[_Candidate]:
        """Mentions whose arguments name actors; the others are not typed at all."""
        assert self._actors is not None
        per_doc: dict[int, DocumentActors] = {}
        out: list[_Candidate] = []
        for chunk, mention in found:
            actors = per_doc.get(id(chunk.doc))
            if actors is None:
                actors = per_doc[id(chunk.doc)] = self._actors.for_document(chunk.doc)
            participants = resolve(
                actors, mention.sources, mention.targets, mention.reporter, chunk.offset
            )
            if any(p.role != "other" for p in participants):
                out.append(_Candidate(chunk.article, chunk, mention, participants))
        return out

    def _typed(
        self, candidates: list[_Candidate], articles: Sequence[ArticleInput]
    ) -> list[Event | None]:
        from workers.pipeline.classify import MentionText

        assert self._classifier is not None
        texts: list[MentionText] = []
        for c in candidates:
            whole = c.mention.sentence
            first, last = _trimmed(c.chunk.text, whole.start_char, whole.end_char)
            begin, end = c.mention.trigger_chars()
            texts.append(
                MentionText(c.chunk.text[first:last], begin - first, end - first)
            )
        decisions = self._classifier.classify(texts)
        version = self.version
        events: list[Event | None] = []
        for c, decision, mention in zip(candidates, decisions, texts, strict=True):
            obligation = lays_obligation(c.mention.first)
            confidence = decision.confidence
            if decision.type is None:
                # An obligation laid is a demand whatever is obliged: the head need
                # only find more event than not in it, whichever type it leans to.
                if not (obligation and decision.confidence < NOT_AN_EVENT):
                    events.append(None)
                    continue
                confidence = 1.0 - decision.confidence
            kind, modality = decision.type or DEMAND, c.mention.modality
            mode, cameo = decision.mode, decision.cameo_root
            intent = intent_type(kind, c.mention)
            if obligation:
                intent = DEMAND
            if intent is not None:
                # The statement of intent is what happened; it is reported.
                kind, modality = intent, "reported"
                mode, cameo = self._classifier.lexicon.lookup(
                    kind, mention.sentence, mention.trigger_start, mention.trigger_end
                )
            text = articles[c.article].text
            whole = c.mention.sentence
            begin, end = c.mention.trigger_chars()
            events.append(
                Event(
                    type=kind,
                    trigger=_span(text, begin, end, c),
                    sentence=_span(text, whole.start_char, whole.end_char, c),
                    participants=moved_as_sources(
                        kind, c.mention.trigger, list(c.participants), c.chunk.offset
                    ),
                    modality=modality,
                    confidence=round(float(confidence), 4),
                    pipeline_version=version,
                    mode=mode,
                    cameo_root=cameo,
                )
            )
        return events

    def _date(
        self,
        events: list[Event | None],
        candidates: list[_Candidate],
        articles: Sequence[ArticleInput],
    ) -> None:
        references: dict[int, tuple[dt.date | None, str]] = {}
        for event, c in zip(events, candidates, strict=True):
            if event is None:
                continue
            if c.article not in references:
                published = articles[c.article].published_at
                references[c.article] = (
                    (published, "publication")
                    if published
                    else (find_dateline(articles[c.article].text), "dateline")
                )
            reference, reason = references[c.article]
            when = resolve_date(
                c.mention.sentence, c.mention.trigger, reference, reason
            )
            event.date, event.date_precision = when.date, when.precision
            event.date_reason = when.reason

    def _place(
        self,
        events: list[Event | None],
        candidates: list[_Candidate],
        articles: Sequence[ArticleInput],
    ) -> None:
        assert self._gazetteer is not None
        for event, c in zip(events, candidates, strict=True):
            if event is None:
                continue
            found = resolve_location(
                c.mention.sentence, c.mention.trigger, self._gazetteer
            )
            if found is not None and found.start is not None and found.end is not None:
                found = replace(
                    found,
                    start=found.start + c.chunk.offset,
                    end=found.end + c.chunk.offset,
                )
            event.location = found
            localise_sources(
                event, c.mention.sentence, c.mention.trigger, self._gazetteer
            )
            text = articles[c.article].text
            source = place_source(event, c.mention.trigger, text)
            if source is not None:
                event.participants.insert(0, source)
                continue  # the place is who acted, not whom it was done to
            target = place_target(event, text) or intended_place_target(
                event, c.mention.trigger, c.mention.sentence, c.chunk.offset, text
            )
            if target is not None:
                event.participants.append(target)

    def _tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self._timings[stage] += now - since
        return now


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` less the blanks cleaning left at the edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _span(text: str, start: int, end: int, candidate: _Candidate) -> Span:
    """A span of the submitted text from chunk offsets, trimmed of blanks."""
    first, last = _trimmed(candidate.chunk.text, start, end)
    first += candidate.chunk.offset
    last += candidate.chunk.offset
    return Span(text[first:last], first, last)
