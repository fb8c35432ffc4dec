"""Locate ../shared/data: a failure under CI, a skip elsewhere when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    return Path(
        os.environ.get("EVENTWIRE_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data")
    )


def require_shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        message = f"shared data folder {path} is missing"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
