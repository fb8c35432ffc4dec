"""`eventwire train`: fit the event-type head on the examples and write its weights."""

from __future__ import annotations

from pathlib import Path

from workers.pipeline.encoder import MentionEncoder
from workers.pipeline.head import HEAD_FILE, load_examples, train
from workers.pipeline.resources import default_encoder_path


def train_head(out_path: Path | None = None, *, encoder: str | None = None) -> str:
    examples = load_examples()
    head = train(MentionEncoder(encoder or default_encoder_path()), examples)
    target = out_path or HEAD_FILE
    head.save(target)
    return f"trained on {len(examples)} examples, {len(head.labels)} labels -> {target}"
