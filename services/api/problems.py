"""RFC 9457 problem+json for every error, from 404 to validation failures to 500."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "https://eventwire.dev/problems/"
PROBLEM_MIMETYPE = "application/problem+json"


def http_error(
    error_class: type[HTTPException],
    detail: str | None = None,
    *,
    slug: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> HTTPException:
    """An HTTPException carrying what the problem handler puts in the body."""
    error = error_class(detail)
    data: dict[str, Any] = {}
    if slug:
        data["slug"] = slug
    if errors:
        data["errors"] = errors
    if headers:
        data["headers"] = headers
    error.data = data  # type: ignore[attr-defined]
    return error


def problem_body(
    status: int,
    title: str,
    detail: str | None = None,
    *,
    slug: str | None = None,
    errors: dict[str, Any] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or str(status)),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return body


def problem_response(
    body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    response = Response(
        json.dumps(body), status=body["status"], mimetype=PROBLEM_MIMETYPE
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_http_exception(error: HTTPException) -> Response:
    """Turn any HTTPException (abort(), webargs, Flask's own) into problem+json."""
    if isinstance(error.response, Response):
        return error.response  # already a problem, made where the error was raised
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _flatten_errors(data.get("errors") or data.get("messages"))
    if isinstance(error, InternalServerError) or status >= 500 and not data:
        original = getattr(error, "original_exception", None)
        if original is not None:
            logger.error(
                "unhandled error on %s %s",
                request.method,
                request.path,
                exc_info=original,
            )
        detail = data.get("message") if status != 500 else None
        body = problem_body(
            status,
            error.name,
            detail or "The server could not complete the request.",
            instance=request.path,
        )
        return problem_response(body, data.get("headers"))
    detail = data.get("message") or error.description
    if errors and status == 422:
        detail = "Invalid input: " + "; ".join(
            f"{field}: {' '.join(map(str, messages))}"
            for field, messages in errors.items()
        )
    slug = data.get("slug")
    body = problem_body(
        status,
        error.name,
        detail,
        slug=slug,
        errors=errors or None,
        instance=request.path,
    )
    headers = dict(data.get("headers") or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="eventwire"')
    if status == 405 and error.get_headers():
        headers.update({k: v for k, v in error.get_headers() if k == "Allow"})
    return problem_response(body, headers)


def _flatten_errors(raw: Any) -> dict[str, list[str]]:
    """webargs nests messages by location ({"json": {"text": [...]}}): drop it."""
    if not isinstance(raw, dict):
        return {}
    flat: dict[str, list[str]] = {}
    for location, messages in raw.items():
        if location in ("json", "query", "headers", "form", "files", "view_args") and (
            isinstance(messages, dict)
        ):
            flat.update(_field_messages(messages))
        elif isinstance(messages, list) and location in ("json", "query"):
            flat["body" if location == "json" else "query"] = [str(m) for m in messages]
        else:
            flat.update(_field_messages({location: messages}))
    return flat


def _field_messages(messages: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, value in messages.items():
        name = f"{prefix}{field}"
        if isinstance(value, dict):
            out.update(_field_messages(value, name + "."))
        elif isinstance(value, list):
            out[name] = [str(v) for v in value]
        else:
            out[name] = [str(value)]
    return out
