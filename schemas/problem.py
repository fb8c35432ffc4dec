"""RFC 9457 problem details: the one error shape of the API."""

from __future__ import annotations

from marshmallow import Schema, fields


class ProblemSchema(Schema):
    """An error response (``application/problem+json``)."""

    type = fields.String(
        metadata={"description": "URI reference naming the problem type"}
    )
    title = fields.String(metadata={"description": "Short summary of the problem type"})
    status = fields.Integer(metadata={"description": "HTTP status code"})
    detail = fields.String(
        metadata={"description": "What went wrong in this occurrence"}
    )
    instance = fields.String(metadata={"description": "The request path"})
    errors = fields.Dict(
        metadata={"description": "Field name to messages, for invalid input"}
    )
