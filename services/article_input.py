"""A POST body (the article schema) to the pipeline's ArticleInput, for offline runs."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError

from schemas.article import ArticleInSchema
from workers.pipeline import ArticleInput
from workers.pipeline.clean import html_to_text


class InputError(ValueError):
    pass


def from_post_body(record: Any) -> ArticleInput:
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object")
    try:
        fields = ArticleInSchema().load(record)
    except ValidationError as exc:
        raise InputError(f"invalid article: {exc.normalized_messages()}") from exc
    text = fields.get("text") or html_to_text(fields["html"])
    published = fields.get("published_at")
    return ArticleInput(
        text=text,
        title=fields.get("title"),
        published_at=published.date() if published else None,
        external_id=fields.get("external_id"),
    )
