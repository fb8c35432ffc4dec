"""Request guards and response headers: content types, body and nesting limits."""

from __future__ import annotations

import json

from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from services.config import Settings

JSON_TYPES = ("application/json",)
BATCH_PATH = "/v1/articles/batch"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}
# The docs page loads its script and styles from a CDN.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def init_guards(app: Flask, settings: Settings) -> None:
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes

    @app.before_request
    def _check_nul() -> None:
        # PostgreSQL text cannot hold NUL: refuse it in paths and queries up front.
        if (
            "\x00" in request.path
            or b"\x00" in request.query_string
            or (b"%00" in request.query_string)
        ):
            raise BadRequest("NUL characters are not allowed in the path or query.")

    @app.before_request
    def _check_body() -> None:
        if request.method not in ("POST", "PUT", "PATCH"):
            return
        if request.path == BATCH_PATH:
            request.max_content_length = settings.max_body_bytes * 16
        mimetype = request.mimetype
        if mimetype not in JSON_TYPES and not mimetype.endswith("+json"):
            raise UnsupportedMediaType(
                f"Send 'Content-Type: application/json' (got {mimetype or 'none'!r})."
            )
        body = request.get_data(cache=True)
        if not body.strip():
            raise BadRequest("The request body is empty; send a JSON object.")
        check_json_depth(body, settings.max_json_depth)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = DOCS_CSP
            response.headers["Cache-Control"] = "no-cache"
        return response


def check_json_depth(body: bytes, limit: int) -> None:
    """Refuse documents nested deeper than ``limit`` before anything recurses."""
    if not body:
        return
    try:
        document = json.loads(body)
    except RecursionError as exc:
        raise BadRequest(f"JSON is nested deeper than {limit} levels.") from exc
    except (ValueError, UnicodeDecodeError):
        return  # the schema layer answers invalid JSON with its own 400
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise BadRequest(f"JSON is nested deeper than {limit} levels.")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
