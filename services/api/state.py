"""What one API process holds: settings, a session factory, a Celery app for sending."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from celery import Celery
from flask import current_app, g
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from services.api.group_commit import GroupCommit
from services.config import Settings
from services.storage.db import (
    make_autocommit_sessionmaker,
    make_engine,
    make_sessionmaker,
)
from workers.celery_app import create_celery
from workers.enqueue import enqueue_jobs

EXTENSION = "eventwire"

logger = logging.getLogger(__name__)


@dataclass
class ApiState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    celery: Celery = field(repr=False)
    intake: GroupCommit = field(repr=False)

    @classmethod
    def build(cls, settings: Settings) -> ApiState:
        engine = make_engine(settings)
        sessions = make_sessionmaker(engine)
        celery = create_celery(settings)
        # The intake writes a batch in one statement (see submit_articles).
        intake = GroupCommit(
            make_autocommit_sessionmaker(engine), lambda ids: enqueue_jobs(celery, ids)
        )
        return cls(settings, engine, sessions, celery, intake)


def state() -> ApiState:
    found: ApiState = current_app.extensions[EXTENSION]
    return found


def db() -> Session:
    """The request's session; closed (and rolled back if open) at teardown."""
    if "db_session" not in g:
        g.db_session = state().sessions()
    session: Session = g.db_session
    return session


def close_db(_exc: BaseException | None = None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except DBAPIError as exc:
            # The connection died under the request (the database restarted): drop
            # it instead of turning a finished response into a 500.
            logger.warning("discarding a broken database connection: %r", exc)
            session.invalidate()
