"""Shared fixtures: settings on real PostgreSQL and Redis, an app, keys, a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import create_key
from services.storage.migrate import upgrade
from services.storage.models import Base
from tests.services import create_database, drop_database, redis_url


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    url = create_database()
    upgrade(make_engine(Settings(database_url=url)))
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def broker_url() -> str:
    return redis_url()


@pytest.fixture
def settings(pg_url: str, broker_url: str, tmp_path: Path) -> Iterator[Settings]:
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=pg_url,
        broker_url=broker_url,
        rate_limit="100000/minute",
    )
    yield settings
    _empty_tables(settings)
    redis.Redis.from_url(broker_url).flushdb()


def _empty_tables(settings: Settings) -> None:
    engine = make_engine(settings)
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    from services.api import create_app

    flask_app = create_app(settings)
    yield flask_app
    flask_app.extensions["eventwire"].engine.dispose()


@pytest.fixture
def make_token(settings: Settings) -> Any:
    sessions = make_sessionmaker(make_engine(settings))

    def _make(*scopes: str) -> str:
        with sessions.begin() as session:
            return create_key(session, "test", list(scopes))[1]

    return _make


@pytest.fixture
def client(app: Flask, make_token: Any) -> FlaskClient:
    """A test client that sends an admin key on every request."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {make_token('admin')}"
    return test_client
