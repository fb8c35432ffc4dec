"""PLOVER event type of a trigger-marked mention: encoder features and a head."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from workers.pipeline.encoder import MentionEncoder, mark_trigger
from workers.pipeline.resources import DATA_DIR

if TYPE_CHECKING:
    from numpy.typing import NDArray

HEAD_PATH = DATA_DIR / "head.npz"
# The int8 encoder's features differ slightly from fp32 ones: it gets a head fitted
# on its own features.
HEAD_INT8_PATH = DATA_DIR / "head-int8.npz"
MODES_PATH = DATA_DIR / "modes.json"
NONE_LABEL = "NONE"


def default_head_path(quantize: bool = False) -> Path:
    """The committed head for the fp32 or the int8 encoder."""
    return HEAD_INT8_PATH if quantize else HEAD_PATH


# How a mention becomes a feature vector. "marked": the sentence with the trigger in
# brackets, mean-pooled. "marked+trigger": that, concatenated with the mean over the
# trigger's own tokens. "plain+trigger": the unmarked sentence and the trigger's tokens,
# so every mention of a sentence shares one encoder pass.
FEATURE_MODES: tuple[str, ...] = ("marked", "marked+trigger", "plain+trigger")


@dataclass(frozen=True, slots=True)
class MentionText:
    """A candidate event mention: its sentence and the trigger's offsets in it."""

    sentence: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class TypeDecision:
    """The head's verdict on one mention."""

    type: str | None
    confidence: float
    mode: str | None
    cameo_root: str | None


def mention_features(
    encoder: MentionEncoder, mentions: Sequence[MentionText], feature_mode: str
) -> NDArray[np.float32]:
    """The head's input rows for ``mentions`` under ``feature_mode``."""
    if feature_mode not in FEATURE_MODES:
        raise ValueError(f"unknown feature mode {feature_mode!r}")
    if feature_mode == "plain+trigger":
        sentences = [m.sentence for m in mentions]
        spans = [(m.trigger_start, m.trigger_end) for m in mentions]
    else:
        marked = [
            mark_trigger(m.sentence, m.trigger_start, m.trigger_end) for m in mentions
        ]
        sentences = [text for text, _, _ in marked]
        spans = [(start, end) for _, start, end in marked]
    sentence_vecs, trigger_vecs = encoder.encode_mentions(sentences, spans)
    if feature_mode == "marked":
        return sentence_vecs
    return np.concatenate([sentence_vecs, trigger_vecs], axis=1)


@dataclass(frozen=True)
class Head:
    """Multinomial logistic regression with a temperature and an abstain threshold."""

    weights: NDArray[np.float32]  # (classes, features)
    bias: NDArray[np.float32]  # (classes,)
    labels: tuple[str, ...]
    temperature: float
    threshold: float
    feature_mode: str
    max_length: int

    def probabilities(self, features: NDArray[np.float32]) -> NDArray[np.float64]:
        logits = (features.astype(np.float64) @ self.weights.T.astype(np.float64)) + (
            self.bias.astype(np.float64)
        )
        return softmax(logits / self.temperature)

    def save(self, path: Path) -> None:
        """Write the head so that equal heads give byte-identical files."""
        meta = {
            "labels": list(self.labels),
            "temperature": self.temperature,
            "threshold": self.threshold,
            "feature_mode": self.feature_mode,
            "max_length": self.max_length,
        }
        arrays: dict[str, np.ndarray] = {
            "weights": np.ascontiguousarray(self.weights, dtype=np.float32),
            "bias": np.ascontiguousarray(self.bias, dtype=np.float32),
            "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8),
            # Also as a plain string array, for readers that only want the labels.
            "labels": np.array(self.labels, dtype=str),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        # np.savez stamps each member with the current time; a fixed stamp keeps the
        # committed file reproducible.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> Head:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
        return cls(
            weights=weights,
            bias=bias,
            labels=tuple(meta["labels"]),
            temperature=float(meta["temperature"]),
            threshold=float(meta["threshold"]),
            feature_mode=str(meta["feature_mode"]),
            max_length=int(meta["max_length"]),
        )


def softmax(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


def decide(
    probs: NDArray[np.float64], labels: Sequence[str], threshold: float
) -> list[tuple[str | None, float]]:
    """Per row, the most probable event type if it clears ``threshold``, else None.

    Abstaining reports the probability that the mention is not an event, i.e. one
    minus the total mass on event types.
    """
    none_index = list(labels).index(NONE_LABEL)
    out: list[tuple[str | None, float]] = []
    for row in probs:
        event_probs = row.copy()
        event_probs[none_index] = -1.0
        best = int(event_probs.argmax())
        if row[best] >= threshold and row[best] > row[none_index]:
            out.append((labels[best], float(row[best])))
        else:
            out.append((None, float(row[none_index])))
    return out


@dataclass(frozen=True)
class _ModeRule:
    type: str
    scope: str
    pattern: re.Pattern[str]
    mode: str | None
    cameo: str | None


class ModeLexicon:
    """PLOVER mode and CAMEO root from the words of a mention (``data/modes.json``)."""

    # Words either side of the trigger that window rules may look at: enough for
    # "suicide bomber blew himself up" or "threatened to cut off gas supplies".
    WORDS_BEFORE = 6
    WORDS_AFTER = 8

    def __init__(self, roots: dict[str, str], rules: Sequence[_ModeRule]) -> None:
        self.roots = roots
        self.rules = list(rules)

    @classmethod
    def load(cls, path: Path = MODES_PATH) -> ModeLexicon:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = [
            _ModeRule(
                type=r["type"],
                scope=r["scope"],
                pattern=re.compile(r["pattern"], re.IGNORECASE),
                mode=r.get("mode"),
                cameo=r.get("cameo"),
            )
            for r in data["rules"]
        ]
        return cls(dict(data["root"]), rules)

    def lookup(
        self, event_type: str, sentence: str, start: int, end: int
    ) -> tuple[str | None, str | None]:
        trigger = sentence[start:end]
        before = sentence[:start].split()[-self.WORDS_BEFORE :]
        after = sentence[end:].split()[: self.WORDS_AFTER]
        window = " ".join([*before, trigger, *after])
        candidates = [r for r in self.rules if r.type == event_type]
        for scope, text in (("trigger", trigger), ("window", window)):
            for rule in candidates:
                if rule.scope == scope and rule.pattern.search(text):
                    return rule.mode, rule.cameo or self.roots.get(event_type)
        return None, self.roots.get(event_type)


class EventClassifier:
    """Encoder + head + mode lexicon; build with :meth:`load`."""

    def __init__(
        self, encoder: MentionEncoder, head: Head, lexicon: ModeLexicon
    ) -> None:
        self.encoder = encoder
        self.head = head
        self.lexicon = lexicon

    @classmethod
    def load(
        cls,
        encoder: str | None = None,
        head_path: str | Path | None = None,
        *,
        quantize: bool = False,
        runtime: str = "onnx",
        cache_dir: Path | None = None,
    ) -> EventClassifier:
        """Read the head now; the encoder's weights load on the first ``classify``."""
        path = Path(head_path) if head_path else default_head_path(quantize)
        head = Head.load(path)
        mention_encoder = MentionEncoder(
            encoder,
            quantize=quantize,
            runtime=runtime,
            cache_dir=cache_dir,
            max_length=head.max_length,
        )
        return cls(mention_encoder, head, ModeLexicon.load())

    def features(self, mentions: Sequence[MentionText]) -> NDArray[np.float32]:
        """The head's input rows; a subclass may cache them (the evaluation does)."""
        return mention_features(self.encoder, mentions, self.head.feature_mode)

    def classify(self, mentions: Sequence[MentionText]) -> list[TypeDecision]:
        if not mentions:
            return []
        features = self.features(mentions)
        probs = self.head.probabilities(features)
        decisions = decide(probs, self.head.labels, self.head.threshold)
        out: list[TypeDecision] = []
        for mention, (label, confidence) in zip(mentions, decisions, strict=True):
            mode, cameo = (None, None)
            if label is not None:
                mode, cameo = self.lexicon.lookup(
                    label, mention.sentence, mention.trigger_start, mention.trigger_end
                )
            out.append(TypeDecision(label, confidence, mode, cameo))
        return out
