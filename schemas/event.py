"""Wire schemas for events, their participants, and the event query."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

# The 16 PLOVER event types; tests check this matches the pipeline's list.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "CONCEDE",
)  # fmt: skip
MODALITIES = ("asserted", "reported", "future", "hypothetical", "negated")
ROLES = ("source", "target", "other")
ENTITY_KINDS = ("person", "country", "organization", "group", "location", "other")
COUNTRY_CODE = validate.Regexp(r"^[A-Z]{3}$", error="Not an ISO 3166 alpha-3 code.")


class SpanSchema(Schema):
    text = fields.String()
    start = fields.Integer(metadata={"description": "Character offset into the text"})
    end = fields.Integer()


class EntitySchema(Schema):
    name = fields.String()
    kind = fields.String(metadata={"enum": list(ENTITY_KINDS)})
    country = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)


class ParticipantSchema(Schema):
    role = fields.String(metadata={"enum": list(ROLES)})
    relation = fields.String(allow_none=True)
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    entity = fields.Nested(EntitySchema)


class LocationSchema(Schema):
    name = fields.String()
    country = fields.String(allow_none=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)


class EventSchema(Schema):
    """One event: who did what to whom, when and where, with the evidence."""

    id = fields.String()
    article_id = fields.String()
    type = fields.String(metadata={"enum": list(EVENT_TYPES)})
    mode = fields.String(allow_none=True)
    cameo_root = fields.String(allow_none=True)
    trigger = fields.Nested(SpanSchema)
    sentence = fields.Nested(SpanSchema)
    mentions = fields.List(fields.Nested(SpanSchema))
    participants = fields.List(fields.Nested(ParticipantSchema))
    date = fields.String(allow_none=True, metadata={"format": "date"})
    date_precision = fields.String(allow_none=True)
    date_reason = fields.String(allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    modality = fields.String(metadata={"enum": list(MODALITIES)})
    confidence = fields.Float()
    pipeline_version = fields.String()


class EventPageSchema(Schema):
    items = fields.List(fields.Nested(EventSchema))
    next_cursor = fields.String(allow_none=True)


class EventQuerySchema(Schema):
    """Filters for GET /v1/events; unknown parameters are refused."""

    type = fields.String(validate=validate.OneOf(EVENT_TYPES))
    actor = fields.String(validate=validate.Length(min=1, max=200))
    country = fields.String(validate=COUNTRY_CODE)
    source_country = fields.String(validate=COUNTRY_CODE)
    target_country = fields.String(validate=COUNTRY_CODE)
    since = fields.Date()
    until = fields.Date()
    article_id = fields.String(validate=validate.Length(max=64))
    min_confidence = fields.Float(validate=validate.Range(min=0.0, max=1.0))
    modality = fields.String(validate=validate.OneOf(MODALITIES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = fields.String(validate=validate.Length(max=200))


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    cursor = fields.String(validate=validate.Length(max=200))
