"""Rate limits per API key (per client address in open mode), 429 with Retry-After."""

from __future__ import annotations

import math
import time

from flask import Flask, Response, g, request
from flask_limiter import Limiter, RequestLimit

from services.api.problems import problem_body, problem_response
from services.config import Settings


def _client_key() -> str:
    identity = getattr(g, "api_key", None)
    if identity is not None:
        return f"key:{identity.id}"
    return f"addr:{request.remote_addr or 'unknown'}"


def _too_many_requests(limit: RequestLimit) -> Response:
    retry_after = max(1, math.ceil(limit.reset_at - time.time()))
    body = problem_body(
        429,
        "Too Many Requests",
        f"Rate limit of {limit.limit} exceeded; retry in {retry_after}s.",
        slug="rate-limited",
        instance=request.path,
    )
    return problem_response(body, {"Retry-After": str(retry_after)})


def init_limits(app: Flask, settings: Settings) -> Limiter:
    """Shared counters in Redis in production; in-process memory in embedded mode."""
    storage = settings.rate_limit_storage_url or (
        settings.broker_url if settings.broker_url.startswith("redis") else "memory://"
    )
    limiter = Limiter(
        key_func=_client_key,
        app=app,
        # One budget per key across every route: per-route limits would let a key
        # spend the full rate on each endpoint.
        application_limits=[settings.rate_limit],
        storage_uri=storage,
        storage_options={"socket_timeout": int(max(1, settings.broker_timeout))},
        # Flask-Limiter's headers would put a Retry-After on every response.
        headers_enabled=False,
        on_breach=_too_many_requests,
        # A broker outage must not take reads down with it: fail open, in memory.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        application_limits_exempt_when=lambda: request.path in ("/healthz", "/readyz"),
    )
    return limiter
