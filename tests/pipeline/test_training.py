"""The training examples and the deterministic training of the head."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from workers.pipeline.classify import Head
from workers.pipeline.model import PLOVER_TYPES
from workers.pipeline.training import (
    TrainingExample,
    event_f1,
    fit_temperature,
    load_examples,
    stratified_folds,
    train_head,
)


def test_examples_cover_every_type() -> None:
    examples = load_examples()
    counts = Counter(e.type for e in examples)
    for label in PLOVER_TYPES:
        assert counts[label] >= 60, label
    assert counts["NONE"] >= 600
    for e in examples:
        assert 0 <= e.start < e.end <= len(e.sentence)


def test_no_sentence_is_given_twice() -> None:
    # A repeated sentence would weigh twice in the head, or teach it two types.
    sentences = Counter(e.sentence.strip().lower() for e in load_examples())
    assert [s for s, n in sentences.items() if n > 1] == []


def test_no_gold_sentence_is_copied(plover_path: Path) -> None:
    gold = {
        r.get("text", "").strip().lower() for r in json.loads(plover_path.read_text())
    }
    ours = {e.sentence.strip().lower() for e in load_examples()}
    assert not gold & ours


def test_training_is_deterministic(tmp_path: Path) -> None:
    rows = load_examples()
    # Three examples of each label keep the run short.
    subset: list[TrainingExample] = []
    seen: Counter[str] = Counter()
    for row in rows:
        if seen[row.type] < 5:
            subset.append(row)
            seen[row.type] += 1
    first = train_head(tmp_path / "a.npz", examples=subset, progress=False)
    second = train_head(tmp_path / "b.npz", examples=subset, progress=False)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert first.sha256 == second.sha256
    head = Head.load(tmp_path / "a.npz")
    assert head.weights.shape[0] == len(PLOVER_TYPES) + 1
    assert 0.0 <= head.threshold < 1.0 and head.temperature > 0


def test_folds_are_stratified() -> None:
    labels = ["A"] * 10 + ["B"] * 5
    folds = stratified_folds(labels, 5, seed=1)
    assert sorted(Counter(folds[:10]).values()) == [2] * 5
    assert sorted(Counter(folds[10:]).values()) == [1] * 5


def test_temperature_sharpens_underconfident_logits() -> None:
    rng = np.random.default_rng(0)
    targets = rng.integers(0, 3, size=300)
    logits = rng.normal(size=(300, 3)) * 0.1
    logits[np.arange(300), targets] += 0.5  # right but timid
    assert fit_temperature(logits, targets) < 1.0


def test_event_f1_counts_wrong_types_and_misses() -> None:
    assert event_f1(["AID", None, "AID"], ["AID", "AGREE", "NONE"]) == 0.5
