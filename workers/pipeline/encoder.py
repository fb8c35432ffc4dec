"""Sentence and trigger embeddings from a BERT-style encoder, loaded lazily."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import torch

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


class MentionEncoder:
    """Mean-pooled, L2-normalised embeddings; the model loads on first use."""

    def __init__(
        self,
        model: str | None = None,
        *,
        quantize: bool = False,
        max_length: int = 64,
        batch_size: int = 32,
    ) -> None:
        if max_length < 8:
            raise ValueError("max_length must be at least 8 tokens")
        self.model_name = model
        self.quantize = quantize
        self.max_length = max_length
        self.batch_size = batch_size
        self._tokenizer: Any = None
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        self._load()
        return int(self._model.config.hidden_size)

    def _load(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            import torch
            from transformers import AutoModel, AutoTokenizer

            from workers.pipeline.resources import default_encoder_path

            name = self.model_name or default_encoder_path()
            logger.info("loading encoder %s (quantize=%s)", name, self.quantize)
            tokenizer = AutoTokenizer.from_pretrained(name)
            model = AutoModel.from_pretrained(name)
            model.eval()
            if self.quantize:
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
            self._tokenizer = tokenizer
            self._model = model

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
        self._load()
        import torch

        dim = int(self._model.config.hidden_size)
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
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                batch = order[b : b + self.batch_size]
                hidden, mask = self._forward([unique[w] for w in batch], torch)
                pairs = [(r, i) for r, w in enumerate(batch) for i in members[w]]
                src = [r for r, _ in pairs]
                dst = [i for _, i in pairs]
                trig_mask = torch.zeros_like(mask[src])
                for k, (_, i) in enumerate(pairs):
                    trig_mask[k, trigger_positions[i]] = 1.0
                sent_out[dst] = _pool(hidden[src], mask[src])
                trig_out[dst] = _pool(hidden[src], trig_mask)
        return sent_out, trig_out

    def _forward(
        self, windows: list[tuple[int, ...]], torch: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Last hidden states of a padded batch, and its attention mask as floats."""
        width = max(len(ids) for ids in windows)
        pad = self._tokenizer.pad_token_id or 0
        input_ids = torch.full((len(windows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(windows), width), dtype=torch.long)
        for r, ids in enumerate(windows):
            input_ids[r, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            mask[r, : len(ids)] = 1
        hidden: torch.Tensor = self._model(
            input_ids=input_ids, attention_mask=mask
        ).last_hidden_state
        return hidden, mask.to(hidden.dtype)


def _pool(hidden: torch.Tensor, weights: torch.Tensor) -> np.ndarray:
    summed = (hidden * weights.unsqueeze(-1)).sum(dim=1)
    pooled = summed / weights.sum(dim=1, keepdim=True).clamp(min=1e-9)
    pooled = pooled / pooled.norm(dim=1, keepdim=True).clamp(min=1e-12)
    return pooled.float().cpu().numpy()
