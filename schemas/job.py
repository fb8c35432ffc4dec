"""Wire schema for extraction jobs."""

from __future__ import annotations

from marshmallow import Schema, fields

JOB_STATES = ("queued", "running", "succeeded", "failed")


class JobSchema(Schema):
    """An extraction job: the database, not the broker, is its source of truth."""

    id = fields.String()
    article_id = fields.String()
    state = fields.String(metadata={"enum": list(JOB_STATES)})
    attempts = fields.Integer()
    event_count = fields.Integer(allow_none=True)
    pipeline_version = fields.String(allow_none=True)
    error = fields.Dict(allow_none=True, metadata={"description": "A problem detail"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
