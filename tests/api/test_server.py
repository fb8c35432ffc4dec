"""The gunicorn application builds the app in the worker and freezes what it built."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from flask import Flask

from services.api.server import GunicornServer
from services.config import Settings


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_loading_the_app_freezes_the_start_up_objects(
    settings: Settings, unfrozen: None
) -> None:
    server = GunicornServer(settings, {"workers": 1})
    assert gc.get_freeze_count() == 0
    app = server.load()
    assert isinstance(app, Flask)
    # Full collections no longer walk the app's own objects.
    assert gc.get_freeze_count() > 0
    assert not any(gc.is_tracked(o) and o is app for o in gc.get_objects())
    app.extensions["eventwire"].engine.dispose()
