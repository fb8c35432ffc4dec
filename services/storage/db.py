"""Engines and sessions for PostgreSQL or the embedded SQLite file."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from services.config import Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled connection back from use within this many seconds is handed out without
# a test query: under load every round trip also costs a wait for the interpreter
# lock, and the intake's commit is otherwise one round trip.
PING_AFTER_IDLE_SECONDS = 1.0


def make_engine(settings: Settings) -> Engine:
    """One engine per process; SQLite gets WAL and a busy timeout so writers queue."""
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take the write lock up front
        # so two writers wait on the busy timeout instead of failing on upgrade.
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    engine = create_engine(
        url,
        pool_size=settings.database_pool_size,
        max_overflow=10,
        pool_timeout=10,
        connect_args={"connect_timeout": 5},
    )
    ping_idle_connections(engine)
    return engine


def ping_idle_connections(engine: Engine) -> None:
    """Test a pooled connection on checkout only if it sat idle for a while.

    A server restart or a dropped connection is found on the first checkout after
    it, as with ``pool_pre_ping``, unless the connection was in use moments before;
    then the request using it fails once and the pool is refreshed, as it would be
    for a failure in the middle of a request.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None:  # a new connection: it has just talked to the server
            return
        if time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out another.
            raise exc.DisconnectionError("idle connection failed its ping") from error


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def make_autocommit_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for writers that make each change in one statement.

    On PostgreSQL every statement commits on its own: no BEGIN and COMMIT round
    trips around it. SQLite keeps its transactions, which take the write lock
    up front (see ``_sqlite_begin_immediate``).
    """
    if engine.dialect.name == "sqlite":
        return make_sessionmaker(engine)
    return make_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
