"""Score the extractor on the PLOVER gold records (OEDA, CC BY-SA 4.0)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from workers.pipeline import ArticleInput, Event, Pipeline

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}  # fmt: skip
METRICS = ("type", "source", "target", "full")


@dataclass
class PloverReport:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    false_events: int = 0
    sentences: int = 0

    def add(self, gold_type: str, hits: dict[str, bool], false_events: int) -> None:
        for key in (gold_type, "ALL"):
            self.counts[key]["n"] += 1
            for metric, hit in hits.items():
                self.counts[key][metric] += int(hit)
        self.false_events += false_events
        self.sentences += 1

    def to_dict(self) -> dict[str, Any]:
        rows = {
            name: {m: round(c[m] / c["n"], 3) for m in METRICS} | {"n": c["n"]}
            for name, c in sorted(self.counts.items())
        }
        false_rate = self.false_events / max(self.sentences, 1)
        return {"types": rows, "false_events_per_sentence": round(false_rate, 3)}

    def format_table(self) -> str:
        data = self.to_dict()
        lines = [
            f"{'type':<10} {'n':>4} {'type':>6} {'source':>7} {'target':>7} {'full':>6}"
        ]
        for name, row in data["types"].items():
            lines.append(
                f"{name:<10} {row['n']:>4} {row['type']:>6.3f} {row['source']:>7.3f} "
                f"{row['target']:>7.3f} {row['full']:>6.3f}"
            )
        lines.append(
            f"false events per sentence: {data['false_events_per_sentence']:.3f}"
        )
        return "\n".join(lines)


def _codes(actors: Any) -> set[str]:
    """Actor codes of a record; a few records give one actor as a bare object."""
    if isinstance(actors, dict):
        actors = [actors]
    return {a["code"] for a in actors or [] if isinstance(a, dict) and a.get("code")}


def _matches(gold: set[str], predicted: list[Any]) -> bool:
    """A gold code matches an entity's country, or its sector for non-country codes."""
    if not gold:
        return not predicted
    found = {p.entity.country for p in predicted} | {p.entity.sector for p in predicted}
    return bool(gold & found)


def score(record: dict[str, Any], events: list[Event]) -> tuple[dict[str, bool], int]:
    gold_type = OLD_NAMES.get(record["event"], record["event"])
    typed = [e for e in events if e.type == gold_type]
    sources, targets = _codes(record.get("source")), _codes(record.get("target"))
    hits = {
        "type": bool(typed),
        "source": any(_matches(sources, e.sources()) for e in typed),
        "target": any(_matches(targets, e.targets()) for e in typed),
        "full": any(
            _matches(sources, e.sources()) and _matches(targets, e.targets())
            for e in typed
        ),
    }
    return hits, sum(1 for e in events if e.type != gold_type)


def run_plover_eval(
    path: Path, *, folds: int = 5, progress: bool = True
) -> PloverReport:
    """The committed head never saw these records, so no folds are needed yet."""
    records = [r for r in json.loads(path.read_text()) if r["event"] != "DOCUMENT"]
    pipeline = Pipeline()
    report = PloverReport()
    batch = 32
    bar = tqdm(total=len(records), disable=not progress, desc="plover", unit="sentence")
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        results = pipeline.extract_many([ArticleInput(text=r["text"]) for r in chunk])
        for record, events in zip(chunk, results, strict=True):
            hits, false_events = score(record, events)
            report.add(
                OLD_NAMES.get(record["event"], record["event"]), hits, false_events
            )
        bar.update(len(chunk))
    bar.close()
    return report
