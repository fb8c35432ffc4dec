"""Wire schemas for articles: what scrapers post and what the API returns."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.fields import DateOrDateTime, StrictString
from schemas.job import JobSchema

SUPPORTED_LANGUAGES = ("en",)
MAX_TEXT_CHARS = 2_000_000


class ArticleInSchema(Schema):
    """One article posted for extraction. ``text`` or ``html`` is required."""

    text = StrictString(validate=validate.Length(min=1, max=MAX_TEXT_CHARS))
    html = StrictString(validate=validate.Length(min=1, max=MAX_TEXT_CHARS))
    title = StrictString(validate=validate.Length(max=1000), allow_none=True)
    url = fields.URL(
        schemes={"http", "https"}, validate=validate.Length(max=2048), allow_none=True
    )
    external_id = StrictString(
        validate=validate.Length(min=1, max=256), allow_none=True
    )
    published_at = DateOrDateTime(allow_none=True)
    source = StrictString(validate=validate.Length(max=256), allow_none=True)
    language = fields.String(
        load_default="en",
        validate=validate.OneOf(SUPPORTED_LANGUAGES, error="Only 'en' is supported."),
    )
    metadata = fields.Dict(keys=fields.String(), allow_none=True)

    @validates_schema
    def _text_or_html(self, data: dict[str, Any], **kwargs: Any) -> None:
        has_text, has_html = "text" in data, "html" in data
        if not has_text and not has_html:
            raise ValidationError("Give 'text' or 'html'.", field_name="text")
        if has_text and has_html:
            raise ValidationError("Give 'text' or 'html', not both.", field_name="html")
        body = data.get("text") or data.get("html") or ""
        if not body.strip():
            field = "text" if has_text else "html"
            raise ValidationError("Must not be blank.", field_name=field)


class BatchInSchema(Schema):
    """Up to the configured number of articles; each item is validated on its own."""

    articles = fields.List(
        fields.Raw(),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Article objects as for POST /v1/articles"},
    )


class ArticleSchema(Schema):
    """An article as stored."""

    id = fields.String()
    external_id = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    language = fields.String()
    published_at = DateOrDateTime(allow_none=True)
    metadata = fields.Dict(attribute="meta", allow_none=True)
    text = fields.String(metadata={"description": "Event offsets point into this text"})
    created_at = fields.DateTime()


class AcceptedSchema(Schema):
    """The answer to a posted article: its id and its extraction job."""

    article_id = fields.String()
    job = fields.Nested(JobSchema)


class BatchItemSchema(Schema):
    """One outcome of a batch: status 202/200 with the job, or 4xx with a problem."""

    index = fields.Integer()
    status = fields.Integer()
    article_id = fields.String(allow_none=True)
    job = fields.Nested(JobSchema, allow_none=True)
    problem = fields.Dict(allow_none=True)


class BatchOutSchema(Schema):
    items = fields.List(fields.Nested(BatchItemSchema))
