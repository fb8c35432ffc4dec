"""Real eventwire processes for tests (see services/localstack.py)."""

from services.localstack import (
    eventwire,
    free_port,
    http_ok,
    log_says,
    running,
    settings_env,
    stop,
    wait_for,
)

__all__ = [
    "eventwire",
    "free_port",
    "http_ok",
    "log_says",
    "running",
    "settings_env",
    "stop",
    "wait_for",
]
