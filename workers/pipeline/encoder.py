"""Sentence and trigger embeddings from a BERT-style encoder, loaded lazily."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

# Brackets are single WordPiece tokens in the uncased vocabulary, so marking a trigger
# costs two tokens and needs no new embeddings.
MARK_OPEN = "["
MARK_CLOSE = "]"


def mark_trigger(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """``sentence`` with the trigger in brackets, and the trigger's new offsets."""
    marked = f"{sentence[:start]}{MARK_OPEN} {sentence[start:end]} {MARK_CLOSE}"
    marked += sentence[end:]
    new_start = start + len(MARK_OPEN) + 1
    return marked, new_start, new_start + (end - start)


# "onnx": ONNX Runtime on an exported copy of the model, the same outputs within 1e-5
# at twice torch's speed on CPU. "torch": the transformers model itself.
RUNTIMES: tuple[str, ...] = ("onnx", "torch")

# Token ids and mask (both int64, batch × tokens) in, last hidden states out.
Forward = Callable[[np.ndarray, np.ndarray], np.ndarray]


class MentionEncoder:
    """Mean-pooled, L2-normalised embeddings; the model loads on first use.

    ``quantize`` gives the linear layers int8 weights, by ONNX Runtime's dynamic
    quantisation: it needs the ONNX runtime. Dynamic quantisation scales a run's
    activations by their range over the whole batch, so with ``batch_size`` above one
    an int8 embedding depends on the other windows in its batch.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        quantize: bool = False,
        runtime: str = "onnx",
        cache_dir: Path | None = None,
        max_length: int = 64,
        batch_size: int = 1,
    ) -> None:
        if max_length < 8:
            raise ValueError("max_length must be at least 8 tokens")
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {RUNTIMES}, not {runtime!r}")
        if quantize and runtime != "onnx":
            raise ValueError("the int8 encoder runs on the onnx runtime only")
        self.model_name = model
        self.quantize = quantize
        self.runtime = runtime
        self.cache_dir = cache_dir
        self.max_length = max_length
        self.batch_size = batch_size
        self._tokenizer: Any = None
        self._forward: Forward | None = None
        self._dim = 0
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        self._load()
        return self._dim

    def _load(self) -> Forward:
        """The model's forward function, loading tokenizer and model on first call."""
        if self._forward is not None:
            return self._forward
        with self._lock:
            if self._forward is not None:
                return self._forward
            from transformers import AutoConfig, AutoTokenizer

            from workers.pipeline.resources import default_encoder_path

            name = self.model_name or default_encoder_path()
            logger.info(
                "loading encoder %s (runtime=%s, quantize=%s)",
                name,
                self.runtime,
                self.quantize,
            )
            self._tokenizer = AutoTokenizer.from_pretrained(name)
            self._dim = int(AutoConfig.from_pretrained(name).hidden_size)
            if self.runtime == "onnx":
                self._forward = _onnx_forward(name, self.cache_dir, self.quantize)
            else:
                self._forward = _torch_forward(name)
            return self._forward

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One (n, dim) float32 row per text: the mean over its tokens."""
        spans = [(0, len(t)) for t in texts]
        sentence, _ = self._encode_spans(list(texts), spans, window_on_span=False)
        return sentence

    def encode_mentions(
        self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per mention, the mean over the window's tokens and over the trigger's.

        The window of ``max_length`` tokens is centred on the trigger so long
        sentences keep the words around it. Both arrays are L2-normalised.
        """
        return self._encode_spans(list(sentences), list(spans), window_on_span=True)

    def _window(self, offsets: list[tuple[int, int]], start: int, end: int) -> range:
        """Token indices kept for a trigger at [start, end): centred on its tokens."""
        inner = [i for i, (a, b) in enumerate(offsets) if a < end and b > start]
        limit = self.max_length - 2  # room for [CLS] and [SEP]
        n = len(offsets)
        if n <= limit:
            return range(n)
        first, last = (inner[0], inner[-1]) if inner else (0, 0)
        room = max(limit - (last - first + 1), 0)
        lo = max(first - room // 2, 0)
        hi = min(lo + limit, n)
        lo = max(hi - limit, 0)
        return range(lo, hi)

    def _encode_spans(
        self,
        texts: list[str],
        spans: list[tuple[int, int]],
        *,
        window_on_span: bool,
    ) -> tuple[np.ndarray, np.ndarray]:
        forward = self._load()
        dim = self._dim
        n = len(texts)
        sent_out = np.zeros((n, dim), dtype=np.float32)
        trig_out = np.zeros((n, dim), dtype=np.float32)
        if n == 0:
            return sent_out, trig_out
        tok = self._tokenizer
        enc = tok(texts, add_special_tokens=False, return_offsets_mapping=True)
        # Mentions of one sentence usually share their window: one pass serves them all.
        windows: dict[tuple[int, ...], int] = {}
        members: dict[int, list[int]] = {}
        trigger_positions: list[list[int]] = []
        for i in range(n):
            ids = enc["input_ids"][i]
            offsets = [tuple(o) for o in enc["offset_mapping"][i]]
            start, end = spans[i]
            if window_on_span:
                keep = self._window(offsets, start, end)
            else:
                keep = range(min(len(ids), self.max_length - 2))
            window_ids = (tok.cls_token_id, *(ids[j] for j in keep), tok.sep_token_id)
            # Positions (inside the window, after [CLS]) of the trigger's tokens; a
            # trigger outside the window pools over the whole window instead.
            positions = [
                k + 1
                for k, j in enumerate(keep)
                if offsets[j][0] < end and offsets[j][1] > start
            ]
            trigger_positions.append(positions or list(range(len(window_ids))))
            window = windows.setdefault(window_ids, len(windows))
            members.setdefault(window, []).append(i)
        unique = list(windows)
        # Length-sorted batches waste little on padding.
        order = sorted(range(len(unique)), key=lambda w: len(unique[w]))
        pad = self._tokenizer.pad_token_id or 0
        for b in range(0, len(order), self.batch_size):
            batch = order[b : b + self.batch_size]
            input_ids, mask = _padded([unique[w] for w in batch], pad)
            hidden = forward(input_ids, mask)
            pairs = [(r, i) for r, w in enumerate(batch) for i in members[w]]
            src = [r for r, _ in pairs]
            dst = [i for _, i in pairs]
            trig_mask = np.zeros((len(pairs), mask.shape[1]), dtype=np.float32)
            for k, (_, i) in enumerate(pairs):
                trig_mask[k, trigger_positions[i]] = 1.0
            sent_out[dst] = _pool(hidden[src], mask[src].astype(np.float32))
            trig_out[dst] = _pool(hidden[src], trig_mask)
        return sent_out, trig_out


def _padded(windows: list[tuple[int, ...]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest window, and the attention mask."""
    width = max(len(ids) for ids in windows)
    input_ids = np.full((len(windows), width), pad, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for r, ids in enumerate(windows):
        input_ids[r, : len(ids)] = ids
        mask[r, : len(ids)] = 1
    return input_ids, mask


def _onnx_forward(name: str, cache_dir: Path | None, quantize: bool) -> Forward:
    import torch

    from workers.pipeline.onnx_runtime import OnnxEncoder, cached_export

    path = cached_export(name, cache_dir, quantize=quantize)
    # As many threads as torch was given: one knob (``pin_threads``) for both.
    return OnnxEncoder(path, threads=torch.get_num_threads())


def _torch_forward(name: str) -> Forward:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(name).eval()

    def forward(input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            hidden = model(
                input_ids=torch.from_numpy(input_ids),
                attention_mask=torch.from_numpy(mask),
            ).last_hidden_state
        return np.asarray(hidden.float().numpy())

    return forward


def _pool(hidden: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over tokens, L2-normalised: one float32 row per input row."""
    summed = np.einsum("btd,bt->bd", hidden, weights)
    pooled = summed / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)
