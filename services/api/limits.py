"""Rate limits per API key (per client address in open mode), 429 with Retry-After."""

from __future__ import annotations

import logging
import math
import threading
import time

from flask import Flask, Response, g, request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from services.api.problems import problem_body, problem_response
from services.config import ConfigError, Settings

logger = logging.getLogger(__name__)

EXEMPT_PATHS = ("/healthz", "/readyz")
# After a storage error, counts stay in process memory this long before Redis is
# tried again: a frozen Redis must not cost every request a socket timeout.
STORAGE_RETRY_SECONDS = 5.0


class RateLimiter:
    """One application-wide limit, counted in fixed windows shared through Redis.

    Fails open to in-process counters while the shared storage is unreachable, so a
    broker outage never takes the API down with it.
    """

    def __init__(self, limit: RateLimitItem, storage: Storage) -> None:
        self.limit = limit
        self._shared = FixedWindowRateLimiter(storage)
        self._local = FixedWindowRateLimiter(MemoryStorage())
        self._lock = threading.Lock()
        self._shared_down_until = 0.0

    def hit(self, key: str) -> tuple[bool, int]:
        """Count one request for ``key``: (allowed, seconds until the window resets)."""
        limiter = self._current()
        try:
            allowed = limiter.hit(self.limit, key)
            reset_at = 0.0 if allowed else limiter.get_window_stats(self.limit, key)[0]
        except Exception as exc:  # any storage failure: count locally for a while
            self._mark_down(exc)
            limiter = self._local
            allowed = limiter.hit(self.limit, key)
            reset_at = 0.0 if allowed else limiter.get_window_stats(self.limit, key)[0]
        return allowed, max(1, math.ceil(reset_at - time.time()))

    def _current(self) -> FixedWindowRateLimiter:
        with self._lock:
            down = time.monotonic() < self._shared_down_until
        return self._local if down else self._shared

    def _mark_down(self, exc: Exception) -> None:
        with self._lock:
            self._shared_down_until = time.monotonic() + STORAGE_RETRY_SECONDS
        logger.warning("rate-limit storage unreachable, counting in memory: %r", exc)


def _client_key() -> str:
    identity = getattr(g, "api_key", None)
    if identity is not None:
        return f"key:{identity.id}"
    return f"addr:{request.remote_addr or 'unknown'}"


def _too_many_requests(limiter: RateLimiter, retry_after: int) -> Response:
    body = problem_body(
        429,
        "Too Many Requests",
        f"Rate limit of {limiter.limit} exceeded; retry in {retry_after}s.",
        slug="rate-limited",
        instance=request.path,
    )
    return problem_response(body, {"Retry-After": str(retry_after)})


def init_limits(app: Flask, settings: Settings) -> RateLimiter:
    """Shared counters in Redis in production; in-process memory in embedded mode.

    One budget per key across every route: per-route limits would let a key spend
    the full rate on each endpoint. Register after authentication, so that limits
    count per key.
    """
    uri = settings.rate_limit_storage_url or (
        settings.broker_url if settings.broker_url.startswith("redis") else "memory://"
    )
    options = (
        {} if uri.startswith("memory") else {"socket_timeout": settings.broker_timeout}
    )
    storage = storage_from_string(uri, **options)
    if not isinstance(storage, Storage):
        raise ConfigError(f"EVENTWIRE_RATE_LIMIT_STORAGE_URL {uri!r} is asynchronous")
    limiter = RateLimiter(parse(settings.rate_limit), storage)

    @app.before_request
    def _check_rate_limit() -> Response | None:
        if request.path in EXEMPT_PATHS:
            return None
        allowed, retry_after = limiter.hit(_client_key())
        return None if allowed else _too_many_requests(limiter, retry_after)

    return limiter
