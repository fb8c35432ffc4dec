"""Score the whole pipeline on the PLOVER gold sentences (OEDA, CC BY-SA 4.0).

Two columns: ``cv`` — k-fold cross-validation, each fold's head trained on the project's
examples plus the other folds' gold triggers; ``committed`` — the committed head, which
never saw these records.

Actor rule: a gold code that is an ISO 3166 alpha-3 country (after the legacy CAMEO
spellings below) must equal the predicted participant's ``entity.country``; any other
code (IGO, NGO, IMG ...) must equal its ``entity.sector``. A compound gold actor matches
when any of its codes does. Sentences with no gold source (target) are left out of the
source (target) figure, and that side is not required for a full match.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workers.pipeline import (
    ArticleInput,
    Event,
    Participant,
    Pipeline,
    PipelineSettings,
)
from workers.pipeline.classify import (
    EventClassifier,
    Head,
    MentionText,
    mention_features,
)
from workers.pipeline.encoder import MentionEncoder
from workers.pipeline.training import (
    FEATURE_MODE,
    MAX_LENGTH,
    TrainingExample,
    example_features,
    fit_head,
    load_examples,
    stratified_folds,
)

OLD_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# CAMEO spellings that predate ISO 3166 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
METRICS = ("type", "source", "target", "full")
COLUMNS = ("cv", "committed")
# Cosine of two sentences' mean-pooled encodings at and above which a training
# sentence retells a gold one ("Syria said it was willing to withdraw its troops
# from Lebanon" for "Syria says it is willing to withdraw its troops from
# neighboring Lebanon ...", 0.89), rather than showing the same kind of event.
RETELLING_SIMILARITY = 0.70
_MARKUP = re.compile(r"\((?P<tag>[A-Z/]+):\s*(?P<text>[^()]*?)\s*\)")


@dataclass
class _Tally:
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    sentences: int = 0
    false_events: int = 0

    def add(self, hits: dict[str, bool | None], false_events: int) -> None:
        self.sentences += 1
        self.false_events += false_events
        for metric, hit in hits.items():
            if hit is not None:
                self.totals[metric] += 1
                self.hits[metric] += int(hit)

    def row(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"n": self.sentences}
        for metric in METRICS:
            total = self.totals[metric]
            out[metric] = round(self.hits[metric] / total, 3) if total else 0.0
        out["false_per_sentence"] = round(self.false_events / max(self.sentences, 1), 3)
        return out


@dataclass
class PloverReport:
    """Per gold type and overall (``ALL``), for each column scored."""

    folds: int
    columns: tuple[str, ...] = COLUMNS
    tallies: dict[str, dict[str, _Tally]] = field(
        default_factory=lambda: {c: defaultdict(_Tally) for c in COLUMNS}
    )
    # Per column, the records with a metric missed: what went wrong, for reading.
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, column: str, gold_type: str, hits: dict[str, bool | None], false: int
    ) -> None:
        for key in (gold_type, "ALL"):
            self.tallies[column][key].add(hits, false)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folds": self.folds,
            "columns": {
                column: {k: t.row() for k, t in sorted(self.tallies[column].items())}
                for column in self.columns
            },
        }

    def format_table(self) -> str:
        data = self.to_dict()["columns"]
        head = f"{'type':<10} {'n':>4}"
        for column in self.columns:
            head += "  " + " ".join(f"{column[:3]}:{m:<6}" for m in METRICS)
            head += f" {column[:3]}:false"
        lines = [head]
        first = data[self.columns[0]]
        for key in first:
            line = f"{key:<10} {first[key]['n']:>4}"
            for column in self.columns:
                row = data[column].get(key, {})
                line += "  " + " ".join(f"{row.get(m, 0.0):>10.3f}" for m in METRICS)
                line += f" {row.get('false_per_sentence', 0.0):>9.3f}"
            lines.append(line)
        legend = "committed = shipped head"
        if "cv" in self.columns:
            legend = f"cv = {self.folds}-fold cross-validation; {legend}"
        lines.append(legend)
        return "\n".join(lines)


class _CachedClassifier(EventClassifier):
    """Reuses feature rows across heads: every fold sees the same candidates."""

    def __init__(self, base: EventClassifier, cache: dict[MentionText, np.ndarray]):
        super().__init__(base.encoder, base.head, base.lexicon)
        self._cache = cache

    def with_head(self, head: Head) -> _CachedClassifier:
        clone = _CachedClassifier(self, self._cache)
        clone.head = head
        return clone

    def cached_mentions(self) -> list[MentionText]:
        """Every mention classified so far, in the order first seen."""
        return list(self._cache)

    def features(self, mentions: Sequence[MentionText]) -> np.ndarray:
        missing = list(dict.fromkeys(m for m in mentions if m not in self._cache))
        if missing:
            rows = mention_features(self.encoder, missing, self.head.feature_mode)
            self._cache.update(zip(missing, rows, strict=True))
        return (
            np.stack([self._cache[m] for m in mentions])
            if mentions
            else np.zeros((0, 0), dtype=np.float32)
        )


def load_records(path: Path) -> list[dict[str, Any]]:
    """The gold records without the DOCUMENT header."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in data if r.get("event") != "DOCUMENT"]


def gold_type(record: dict[str, Any]) -> str:
    return OLD_NAMES.get(record["event"], record["event"])


def gold_triggers(record: dict[str, Any]) -> list[MentionText]:
    """The ``(EVT: ...)`` spans of a record's markup, as offsets into its text."""
    text = record["text"]
    info = record.get("textInfo")
    # One record carries the markup string directly instead of {"markup": ...}.
    markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
    out: list[MentionText] = []
    cursor = 0
    for match in _MARKUP.finditer(markup):
        if match["tag"] != "EVT":
            continue
        words = match["text"]
        start = text.find(words, cursor)
        if start < 0 or not words or "..." in words:
            continue
        out.append(MentionText(text, start, start + len(words)))
        cursor = start + len(words)
    return out


def gold_candidates(
    record: dict[str, Any], candidates: Sequence[MentionText]
) -> list[MentionText]:
    """The pipeline's candidates in ``record`` whose trigger overlaps its first gold
    trigger span that any candidate overlaps.

    These, not the gold spans themselves, join a fold's training rows: the head is then
    fitted on mentions marked the way the pipeline marks them (one verb, a particle),
    not on spans such as "said prepared to lift ban" or "research center".
    """
    text = record["text"]
    placed = []  # each candidate of this record with its trigger's offsets in it
    for mention in candidates:
        offset = text.find(mention.sentence)
        if offset >= 0:
            start, end = offset + mention.trigger_start, offset + mention.trigger_end
            placed.append((mention, start, end))
    for gold in gold_triggers(record):
        out = [
            m
            for m, start, end in placed
            if start < gold.trigger_end and gold.trigger_start < end
        ]
        if out:
            return out
    return []


def same_text_same_fold(
    records: Sequence[dict[str, Any]], fold_of: np.ndarray
) -> np.ndarray:
    """Records that share a sentence (the file codes a few sentences twice, once per
    event) moved into the fold of the first: no fold head trains on a sentence it
    is then scored on."""
    first: dict[str, int] = {}
    out = fold_of.copy()
    for i, record in enumerate(records):
        key = " ".join(record["text"].split())
        out[i] = out[first.setdefault(key, i)]
    return out


def gold_examples(
    records: Sequence[dict[str, Any]], candidates: Sequence[MentionText]
) -> list[tuple[int, TrainingExample]]:
    """Training rows from gold records, each with the index of its record: the
    candidates at the first gold trigger (``gold_candidates``), labelled with the
    record's type."""
    return [
        (i, TrainingExample(m.sentence, m.trigger_start, m.trigger_end, gold_type(r)))
        for i, r in enumerate(records)
        for m in gold_candidates(r, candidates)
    ]


def pipeline_candidates(
    records: Sequence[dict[str, Any]], *, quantize: bool = False
) -> list[MentionText]:
    """Every mention the pipeline asks the head about in the records' sentences."""
    classifier = _CachedClassifier(EventClassifier.load(quantize=quantize), {})
    pipeline = Pipeline(PipelineSettings(), classifier=classifier)
    for lo in range(0, len(records), 32):
        pipeline.extract_many(_articles(records[lo : lo + 32]))
    return classifier.cached_mentions()


def gold_retellings(
    sentences: Sequence[str],
    records: Sequence[dict[str, Any]],
    encoder: MentionEncoder,
    threshold: float = RETELLING_SIMILARITY,
) -> list[tuple[float, str, str]]:
    """Training sentences that retell a gold sentence: (similarity, sentence, gold).

    Such a sentence would let the committed head score on what it was shown, so the
    training files must hold none.
    """
    if not sentences or not records:
        return []

    def unit(rows: np.ndarray) -> np.ndarray:
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    gold = [r["text"] for r in records]
    similarity = unit(encoder.encode(list(sentences))) @ unit(encoder.encode(gold)).T
    nearest = similarity.argmax(axis=1)
    return sorted(
        (
            (float(similarity[i, j]), sentences[i], gold[j])
            for i, j in enumerate(nearest)
            if similarity[i, j] >= threshold
        ),
        reverse=True,
    )


def _codes(actors: Any) -> set[str]:
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return set()
    codes = {
        str(a.get("code", "")).strip().upper() for a in actors if isinstance(a, dict)
    }
    return {LEGACY_CODES.get(c, c) for c in codes if c}


def _is_country(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def actor_matches(gold: set[str], predicted: Sequence[Participant]) -> bool:
    """The rule in the module docstring."""
    for code in gold:
        for participant in predicted:
            entity = participant.entity
            value = entity.country if _is_country(code) else entity.sector
            if value is not None and value.upper() == code:
                return True
    return False


def score(
    record: dict[str, Any], events: Sequence[Event]
) -> tuple[dict[str, bool | None], int]:
    """Hits per metric (None: not applicable) and the number of false events."""
    wanted = gold_type(record)
    typed = [e for e in events if e.type == wanted]
    sources, targets = _codes(record.get("source")), _codes(record.get("target"))

    def side(gold: set[str], event: Event, role: str) -> bool:
        found = event.sources() if role == "source" else event.targets()
        return not gold or actor_matches(gold, found)

    hits: dict[str, bool | None] = {
        "type": bool(typed),
        "source": any(side(sources, e, "source") for e in typed) if sources else None,
        "target": any(side(targets, e, "target") for e in typed) if targets else None,
        "full": any(side(sources, e, "source") and side(targets, e, "target")
                    for e in typed),
    }  # fmt: skip
    return hits, sum(1 for e in events if e.type != wanted)


def _articles(records: Sequence[dict[str, Any]]) -> list[ArticleInput]:
    out = []
    for record in records:
        try:
            published = dt.date.fromisoformat(record.get("date", ""))
        except ValueError:
            published = None
        out.append(ArticleInput(text=record["text"], published_at=published))
    return out


def _actors_of(record: dict[str, Any], side: str) -> list[dict[str, str]]:
    actors = record.get(side)
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return []
    return [
        {"text": str(a.get("actorText", "")), "code": str(a.get("code", ""))}
        for a in actors
        if isinstance(a, dict)
    ]


def miss_record(
    column: str,
    record: dict[str, Any],
    hits: dict[str, bool | None],
    events: Sequence[Event],
) -> dict[str, Any]:
    """One scored sentence as a line of the ``--errors`` file: gold and predicted."""
    return {
        "column": column,
        "id": record.get("id"),
        "sentence": record["text"],
        "gold": {
            "type": gold_type(record),
            "trigger": record.get("eventText"),
            "source": _actors_of(record, "source"),
            "target": _actors_of(record, "target"),
        },
        "missed": sorted(m for m, hit in hits.items() if hit is False),
        "predicted": [
            {
                "type": e.type,
                "trigger": e.trigger.text,
                "confidence": e.confidence,
                "participants": [
                    {
                        "role": p.role,
                        "text": p.text,
                        "country": p.entity.country,
                        "sector": p.entity.sector,
                    }
                    for p in e.participants
                ],
            }
            for e in events
        ],
    }


def _run(
    classifier: EventClassifier,
    records: Sequence[dict[str, Any]],
    report: PloverReport,
    column: str,
    bar: Any,
) -> None:
    pipeline = Pipeline(PipelineSettings(), classifier=classifier)
    for lo in range(0, len(records), 32):
        chunk = records[lo : lo + 32]
        for record, events in zip(
            chunk, pipeline.extract_many(_articles(chunk)), strict=True
        ):
            hits, false = score(record, events)
            report.add(column, gold_type(record), hits, false)
            if False in hits.values() or false:
                report.misses.append(miss_record(column, record, hits, events))
        bar.update(len(chunk))


def run_plover_eval(
    path: Path,
    *,
    folds: int = 5,
    progress: bool = True,
    limit: int | None = None,
    seed: int = 0,
    quantize: bool = False,
    cv: bool = True,
) -> PloverReport:
    """Cross-validated and committed-head figures; ``limit`` takes the first records.

    With ``quantize`` the encoder runs int8: the committed head then scores features
    it was not trained on, while the cross-validated heads are fitted on int8 ones.
    Without ``cv`` only the committed head is scored (no fold heads are fitted).
    """
    from tqdm import tqdm

    records = load_records(path)[:limit]
    base = EventClassifier.load(quantize=quantize)
    cache: dict[MentionText, np.ndarray] = {}
    classifier = _CachedClassifier(base, cache)
    columns = COLUMNS if cv else ("committed",)
    report = PloverReport(folds=folds if cv else 0, columns=columns)
    bar = tqdm(
        total=len(records) * len(columns),
        desc="plover",
        unit="sentence",
        disable=not progress,
    )
    # The committed run goes first: it leaves every candidate the pipeline classified in
    # the cache, and the fold heads are trained on those candidates.
    _run(classifier, records, report, "committed", bar)
    if cv:
        _cross_validate(classifier, records, report, bar, folds, seed, quantize)
    bar.close()
    return report


def _cross_validate(
    classifier: _CachedClassifier,
    records: Sequence[dict[str, Any]],
    report: PloverReport,
    bar: Any,
    folds: int,
    seed: int,
    quantize: bool,
) -> None:
    """The ``cv`` column: each fold scored by a head that never saw its records."""
    encoder = MentionEncoder(max_length=MAX_LENGTH, quantize=quantize)
    examples = load_examples()
    project_x = example_features(encoder, [e.mention for e in examples], FEATURE_MODE)
    project_y = [e.type for e in examples]
    gold = gold_examples(records, classifier.cached_mentions())
    gold_x = classifier.features([e.mention for _, e in gold])
    fold_of = same_text_same_fold(
        records, stratified_folds([gold_type(r) for r in records], folds, seed)
    )
    for fold in range(folds):
        keep = [k for k, (i, _) in enumerate(gold) if fold_of[i] != fold]
        features = np.concatenate([project_x, gold_x[keep]]) if keep else project_x
        labels = project_y + [gold[k][1].type for k in keep]
        head, _ = fit_head(features, labels, seed=seed, max_length=MAX_LENGTH)
        held_out = [r for i, r in enumerate(records) if fold_of[i] == fold]
        _run(classifier.with_head(head), held_out, report, "cv", bar)
