"""Bearer API keys with scopes: POST needs `ingest`, GET needs `read`, `admin` all."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, g, request
from werkzeug.exceptions import Forbidden, Unauthorized

from services.api.state import state
from services.config import Settings
from services.storage.keys import KeyIdentity, identify

logger = logging.getLogger(__name__)

PUBLIC_PATHS = ("/healthz", "/readyz", "/openapi.json", "/docs")
# Revocation reaches every API process within this many seconds.
CACHE_SECONDS = 10.0


class KeyCache:
    """Token hash lookups cached briefly: intake must not cost a query per key check."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, KeyIdentity | None]] = {}

    def lookup(self, token: str) -> KeyIdentity | None:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(token)
        if hit is not None and hit[0] > now:
            return hit[1]
        # A session of its own, closed at once: on SQLite even a read transaction
        # holds the write lock (BEGIN IMMEDIATE), which the intake's commit needs.
        with state().sessions() as session:
            found = identify(session, token)
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[token] = (now + CACHE_SECONDS, found)
        return found


def required_scope(method: str, path: str) -> str | None:
    if path in PUBLIC_PATHS or path.startswith("/docs"):
        return None
    if method == "OPTIONS":
        return None
    return "ingest" if method in ("POST", "PUT", "PATCH", "DELETE") else "read"


def init_auth(app: Flask, settings: Settings) -> None:
    cache = KeyCache()
    if settings.auth_mode == "open":
        logger.warning("EVENTWIRE_AUTH_MODE=open: the API serves anyone without a key")

    @app.before_request
    def _authenticate() -> None:
        scope = required_scope(request.method, request.path)
        g.api_key = None
        if scope is None or settings.auth_mode == "open":
            return
        header = request.headers.get("Authorization", "")
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send an API key as 'Authorization: Bearer <key>'.")
        identity = cache.lookup(token.strip())
        if identity is None:
            raise Unauthorized("The API key is unknown or revoked.")
        if not identity.allows(scope):
            raise Forbidden(f"This API key lacks the '{scope}' scope.")
        g.api_key = identity
