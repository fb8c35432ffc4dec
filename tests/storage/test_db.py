"""Pooled PostgreSQL connections: tested after idling, trusted when just used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from services.config import Settings
from services.storage import db
from services.storage.db import make_engine


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    built = make_engine(Settings(database_url=pg_url, database_pool_size=1))
    yield built
    built.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = engine.dialect.do_ping

    def counting(dbapi_connection: Any) -> bool:
        seen.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting)
    return seen


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_just_used_is_not_pinged(engine: Engine, pings: list[Any]) -> None:
    first = _backend_pid(engine)
    assert _backend_pid(engine) == first
    assert pings == []


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(
    engine: Engine, pings: list[Any], pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend_pid(engine)
    with make_engine(Settings(database_url=pg_url)).connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        admin.commit()
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    # The killed connection fails its ping; the caller gets a new one, no error.
    second = _backend_pid(engine)
    assert second != first
    assert len(pings) == 1
