"""Submitting articles on PostgreSQL: one statement per batch, duplicates found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from services.config import Settings
from services.storage.articles import NewArticle, submit_articles
from services.storage.db import make_autocommit_sessionmaker, make_engine


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    built = make_engine(settings)
    yield built
    built.dispose()


@pytest.fixture
def statements(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


def _article(url: str, **fields: Any) -> NewArticle:
    return NewArticle({"url": url, **fields}, f"Text of {url}.", None)


def test_a_new_batch_is_one_statement(engine: Engine, statements: list[str]) -> None:
    published = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    batch = [
        _article("https://news.example/1", metadata={"desk": "world"}),
        _article("https://news.example/2", published_at=published, title="Talks"),
    ]
    with make_autocommit_sessionmaker(engine)() as session:
        results = submit_articles(session, batch)
    assert len(statements) == 1
    assert [r.created for r in results] == [True, True]
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.url, a.metadata::text, a.published_at, a.title, j.id, "
                "j.state, j.enqueued_at IS NOT NULL FROM articles a "
                "JOIN jobs j ON j.article_id = a.id ORDER BY a.url"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("https://news.example/1", '{"desk": "world"}', None, None,
         results[0].job.id, "queued", True),
        ("https://news.example/2", None, published, "Talks",
         results[1].job.id, "queued", True),
    ]  # fmt: skip


def test_duplicates_in_and_across_batches_get_the_first_job(engine: Engine) -> None:
    sessions = make_autocommit_sessionmaker(engine)
    with sessions() as session:
        [first] = submit_articles(session, [_article("https://news.example/1")])
    with sessions() as session:
        again = submit_articles(
            session,
            [
                _article("https://news.example/1"),
                _article("https://news.example/2"),
                _article("https://news.example/2"),
            ],
        )
    assert [r.created for r in again] == [False, True, False]
    assert again[0].job.id == first.job.id
    assert again[2].job.id == again[1].job.id
    with engine.connect() as connection:
        counts = connection.execute(
            text("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM jobs)")
        ).one()
    assert tuple(counts) == (2, 2)
