"""Train the event-type head from the project's examples: deterministic, calibrated."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from workers.pipeline.classify import (
    NONE_LABEL,
    Head,
    MentionText,
    decide,
    default_head_path,
    mention_features,
    softmax,
)
from workers.pipeline.encoder import MentionEncoder
from workers.pipeline.model import PLOVER_TYPES
from workers.pipeline.resources import DATA_DIR

if TYPE_CHECKING:
    from numpy.typing import NDArray

logger = logging.getLogger(__name__)

TRAINING_DIR = DATA_DIR / "training"
LABELS: tuple[str, ...] = (*PLOVER_TYPES, NONE_LABEL)
# Chosen by 5-fold cross-validation on the project's examples (see docs/QUALITY.md).
FEATURE_MODE = "plain+trigger"
MAX_LENGTH = 64
REGULARISATION = 4.0
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.0, 0.91, 0.05))


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """One labelled mention: ``type`` is a PLOVER type or ``NONE``."""

    sentence: str
    start: int
    end: int
    type: str
    mode: str | None = None
    cameo: str | None = None

    @property
    def mention(self) -> MentionText:
        return MentionText(self.sentence, self.start, self.end)


@dataclass
class TrainReport:
    """What a training run produced and how well the head did under cross-validation."""

    path: Path
    examples: int
    counts: dict[str, int]
    cv_accuracy: float
    cv_event_f1: float
    temperature: float
    threshold: float
    sha256: str
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"trained on {self.examples} examples -> {self.path} "
            f"(sha256 {self.sha256[:12]}); cross-validated accuracy "
            f"{self.cv_accuracy:.3f}, event F1 {self.cv_event_f1:.3f}; "
            f"temperature {self.temperature:.3f}, abstain below {self.threshold:.2f}"
        )


def load_examples(directory: Path = TRAINING_DIR) -> list[TrainingExample]:
    """Every example in ``directory/*.jsonl``, in file and line order."""
    examples: list[TrainingExample] = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            sentence, trigger = row["sentence"], row["trigger"]
            start = row.get("start", sentence.find(trigger))
            end = row.get("end", start + len(trigger))
            if start < 0 or sentence[start:end] != trigger:
                raise ValueError(f"{path.name}:{number}: trigger not in sentence")
            if row["type"] not in LABELS:
                raise ValueError(f"{path.name}:{number}: unknown type {row['type']!r}")
            examples.append(
                TrainingExample(
                    sentence, start, end, row["type"], row.get("mode"), row.get("cameo")
                )
            )
    return examples


def example_features(
    encoder: MentionEncoder,
    mentions: Sequence[MentionText],
    feature_mode: str = FEATURE_MODE,
    *,
    progress: bool = False,
    chunk: int = 256,
) -> NDArray[np.float32]:
    """Feature rows for many mentions, in chunks so a progress bar can follow."""
    from tqdm import tqdm

    parts = []
    starts = range(0, len(mentions), chunk)
    for lo in tqdm(starts, desc="encoding", unit="chunk", disable=not progress):
        parts.append(mention_features(encoder, mentions[lo : lo + chunk], feature_mode))
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.concatenate(parts, axis=0)


def stratified_folds(labels: Sequence[str], folds: int, seed: int) -> NDArray[np.int64]:
    """A fold number per row, each class spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(labels), dtype=np.int64)
    offset = 0
    for label in sorted(set(labels)):
        rows = np.array([i for i, y in enumerate(labels) if y == label], dtype=np.int64)
        rows = rows[rng.permutation(len(rows))]
        fold_of[rows] = (np.arange(len(rows)) + offset) % folds
        offset += len(rows)
    return fold_of


def fit_linear(
    features: NDArray[np.float32], targets: NDArray[np.int64], classes: int, c: float
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Multinomial logistic regression (L-BFGS, deterministic) over all ``classes``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, tol=1e-6)
    model.fit(features.astype(np.float64), targets)
    weights = np.zeros((classes, features.shape[1]), dtype=np.float32)
    # Classes missing from a small training set keep a very low bias.
    bias = np.full(classes, -1e4, dtype=np.float32)
    weights[model.classes_] = model.coef_.astype(np.float32)
    bias[model.classes_] = model.intercept_.astype(np.float32)
    return weights, bias


def logits_of(
    features: NDArray[np.float32],
    weights: NDArray[np.float32],
    bias: NDArray[np.float32],
) -> NDArray[np.float64]:
    return np.asarray(
        features.astype(np.float64) @ weights.T.astype(np.float64) + bias, np.float64
    )


def fit_temperature(logits: NDArray[np.float64], targets: NDArray[np.int64]) -> float:
    """The temperature that minimises the log loss of held-out logits."""
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.25), np.log(8.0), 121)):
        probs = softmax(logits / temperature)
        loss = -float(np.mean(np.log(probs[np.arange(len(targets)), targets] + 1e-12)))
        if loss < best_loss - 1e-12:
            best, best_loss = float(temperature), loss
    return round(best, 6)


def event_f1(predicted: Sequence[str | None], gold: Sequence[str]) -> float:
    """Micro F1 over event mentions: a right type counts, a wrong or extra one not."""
    pairs = zip(predicted, gold, strict=True)
    true_pos = sum(1 for p, g in pairs if p == g != NONE_LABEL)
    pred_pos = sum(1 for p in predicted if p is not None)
    gold_pos = sum(1 for g in gold if g != NONE_LABEL)
    if true_pos == 0:
        return 0.0
    precision, recall = true_pos / pred_pos, true_pos / gold_pos
    return 2 * precision * recall / (precision + recall)


def cross_validate(
    features: NDArray[np.float32],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
    c: float = REGULARISATION,
) -> NDArray[np.float64]:
    """Out-of-fold logits for every row."""
    targets = np.array([LABELS.index(y) for y in labels], dtype=np.int64)
    fold_of = stratified_folds(labels, folds, seed)
    out = np.zeros((len(labels), len(LABELS)), dtype=np.float64)
    for fold in range(folds):
        train, test = fold_of != fold, fold_of == fold
        weights, bias = fit_linear(features[train], targets[train], len(LABELS), c)
        out[test] = logits_of(features[test], weights, bias)
    return out


def fit_head(
    features: NDArray[np.float32],
    labels: Sequence[str],
    *,
    seed: int = 0,
    folds: int = 5,
    c: float = REGULARISATION,
    feature_mode: str = FEATURE_MODE,
    max_length: int = MAX_LENGTH,
) -> tuple[Head, dict[str, float]]:
    """A head on all rows, with temperature and threshold from out-of-fold logits."""
    targets = np.array([LABELS.index(y) for y in labels], dtype=np.int64)
    held_out = cross_validate(features, labels, folds=folds, seed=seed, c=c)
    temperature = fit_temperature(held_out, targets)
    probs = softmax(held_out / temperature)
    best_threshold, best_f1 = 0.0, -1.0
    for threshold in THRESHOLDS:
        predicted = [t for t, _ in decide(probs, LABELS, threshold)]
        score = event_f1(predicted, labels)
        if score > best_f1 + 1e-9:
            best_threshold, best_f1 = threshold, score
    predicted = [t for t, _ in decide(probs, LABELS, best_threshold)]
    hits = [(p or NONE_LABEL) == g for p, g in zip(predicted, labels, strict=True)]
    accuracy = float(np.mean(hits))
    weights, bias = fit_linear(features, targets, len(LABELS), c)
    head = Head(
        weights=weights,
        bias=bias,
        labels=LABELS,
        temperature=temperature,
        threshold=float(best_threshold),
        feature_mode=feature_mode,
        max_length=max_length,
    )
    return head, {"cv_accuracy": accuracy, "cv_event_f1": best_f1}


def train_head(
    out_path: Path | None = None,
    *,
    seed: int = 0,
    extra: Sequence[TrainingExample] = (),
    progress: bool = True,
    examples: Sequence[TrainingExample] | None = None,
    encoder: MentionEncoder | None = None,
    quantize: bool = False,
) -> TrainReport:
    """Encode the examples, fit the head, write it; same data and seed, same bytes.

    ``examples`` replaces the project's training files (``extra`` is added either way).
    With ``quantize`` the features come from the int8 encoder, for the int8 head.
    """
    path = Path(out_path) if out_path is not None else default_head_path(quantize)
    rows = [*(load_examples() if examples is None else examples), *extra]
    if not rows:
        raise ValueError("no training examples")
    encoder = encoder or MentionEncoder(max_length=MAX_LENGTH, quantize=quantize)
    features = example_features(
        encoder, [r.mention for r in rows], FEATURE_MODE, progress=progress
    )
    labels = [r.type for r in rows]
    head, scores = fit_head(features, labels, seed=seed, max_length=encoder.max_length)
    head.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    counts = dict(sorted(Counter(labels).items()))
    logger.info("head written to %s (%d examples, sha256 %s)", path, len(rows), digest)
    return TrainReport(
        path=path,
        examples=len(rows),
        counts=counts,
        cv_accuracy=scores["cv_accuracy"],
        cv_event_f1=scores["cv_event_f1"],
        temperature=head.temperature,
        threshold=head.threshold,
        sha256=digest,
    )
