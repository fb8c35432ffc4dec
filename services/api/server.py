"""Serve the API with gunicorn, configured from code."""

from __future__ import annotations

import dataclasses
import gc
from typing import Any

from gunicorn.app.base import BaseApplication

from services.config import Settings


class GunicornServer(BaseApplication):
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self._settings = settings
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from services.api import create_app

        app = create_app(self._settings)
        # What start-up built (modules, schemas, the app) lives as long as the
        # process; frozen, it is no longer walked by every full collection, which
        # otherwise stalls all of this process's requests for tens of milliseconds.
        gc.freeze()
        return app


def serve(
    settings: Settings, host: str, port: int, processes: int, threads: int
) -> None:
    # One connection per thread, kept: fewer would open one per request under load.
    pool_size = max(settings.database_pool_size, threads)
    settings = dataclasses.replace(settings, database_pool_size=pool_size)
    options = {
        "bind": f"{host}:{port}",
        "workers": processes,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 30,
        "graceful_timeout": 20,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # Apps are built after the fork: no engine or broker connection is shared.
        "preload_app": False,
    }
    GunicornServer(settings, options).run()
