"""Pipeline events to the stored and served JSON shape."""

from __future__ import annotations

import dataclasses
from typing import Any

from services.storage.models import new_id
from workers.pipeline.model import Event, Span


def event_payload(event: Event, article_id: str) -> dict[str, Any]:
    """The event as stored and served (see schemas/event.py), with fresh ids."""
    return {"id": new_id(), "article_id": article_id, **event_dict(event)}


def event_dict(event: Event) -> dict[str, Any]:
    """The event's fields without ids: stable output for `eventwire extract`."""
    return {
        "type": event.type,
        "mode": event.mode,
        "cameo_root": event.cameo_root,
        "trigger": _span(event.trigger),
        "sentence": _span(event.sentence),
        "mentions": [_span(m) for m in event.mentions],
        "participants": [
            {
                "role": p.role,
                "relation": p.relation,
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "entity": dataclasses.asdict(p.entity),
            }
            for p in event.participants
        ],
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "date_reason": event.date_reason,
        "location": dataclasses.asdict(event.location) if event.location else None,
        "modality": event.modality,
        "confidence": round(float(event.confidence), 4),
        "pipeline_version": event.pipeline_version,
    }


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}
