"""The event-type head: logistic regression over trigger-marked mention embeddings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workers.pipeline.encoder import MentionEncoder
from workers.pipeline.resources import DATA_DIR

EXAMPLES = DATA_DIR / "training" / "examples.jsonl"
HEAD_FILE = DATA_DIR / "head.npz"
NONE = "NONE"
# Below this probability the head abstains: the mention is not reported as an event.
ABSTAIN_BELOW = 0.25


@dataclass(frozen=True, slots=True)
class MentionText:
    sentence: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class TypeDecision:
    type: str | None
    confidence: float


def load_examples(path: Path = EXAMPLES) -> list[tuple[MentionText, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        start = record["sentence"].index(record["trigger"])
        mention = MentionText(record["sentence"], start, start + len(record["trigger"]))
        rows.append((mention, record["type"]))
    return rows


def features(encoder: MentionEncoder, mentions: Sequence[MentionText]) -> np.ndarray:
    """The window and trigger embeddings side by side."""
    if not mentions:
        return np.zeros((0, 2 * encoder.dim), dtype=np.float32)
    window, trigger = encoder.encode_mentions(
        [m.sentence for m in mentions],
        [(m.trigger_start, m.trigger_end) for m in mentions],
    )
    return np.hstack([window, trigger]).astype(np.float32)


@dataclass
class Head:
    labels: list[str]
    weights: np.ndarray
    bias: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = x @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return probs

    def decide(self, x: np.ndarray) -> list[TypeDecision]:
        decisions = []
        for row in self.probabilities(x):
            best = int(row.argmax())
            label, confidence = self.labels[best], float(row[best])
            kept = label != NONE and confidence >= ABSTAIN_BELOW
            decisions.append(TypeDecision(label if kept else None, confidence))
        return decisions

    def save(self, path: Path = HEAD_FILE) -> None:
        np.savez(
            path, labels=np.array(self.labels), weights=self.weights, bias=self.bias
        )

    @classmethod
    def load(cls, path: Path = HEAD_FILE) -> Head:
        with np.load(path) as data:
            return cls(list(data["labels"]), data["weights"], data["bias"])


def train(encoder: MentionEncoder, examples: Sequence[tuple[MentionText, str]]) -> Head:
    """Fit the head deterministically (lbfgs, fixed regularisation, sorted labels)."""
    from sklearn.linear_model import LogisticRegression

    x = features(encoder, [m for m, _ in examples])
    y = [label for _, label in examples]
    model = LogisticRegression(C=4.0, max_iter=2000)
    model.fit(x, y)
    return Head(
        [str(c) for c in model.classes_],
        model.coef_.astype(np.float32),
        model.intercept_.astype(np.float32),
    )
