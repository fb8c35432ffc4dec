"""The embedded mode's local admin key: made on first start, kept in the data folder."""

from __future__ import annotations

import os
from pathlib import Path

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import create_key, identify

KEY_FILE = "api-key"


def key_path(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def ensure_local_key(settings: Settings) -> tuple[str, bool]:
    """The stored local key if it still works, else a new admin key (file mode 0600)."""
    path = key_path(settings)
    sessions = make_sessionmaker(make_engine(settings))
    if path.exists():
        token = path.read_text().strip()
        with sessions() as session:
            if identify(session, token) is not None:
                return token, False
    with sessions.begin() as session:
        _, token = create_key(session, "local", ["admin"])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token, True


def read_local_key(settings: Settings) -> str | None:
    path = key_path(settings)
    return path.read_text().strip() if path.exists() else None
