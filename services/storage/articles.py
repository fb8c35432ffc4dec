"""Intake repository: store an article and its job once, find them again."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from services.storage.models import Article, Base, Job, JobState, new_id, utcnow


@dataclass(frozen=True, slots=True)
class Submission:
    article: Article
    job: Job
    created: bool


def content_hash(text: str) -> str:
    """Hash of the text with Unicode and white space normalised, for resubmissions."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def dedup_key(fields: dict[str, Any], text_hash: str) -> str:
    """Same external_id, else same url, else same normalised text: the same article."""
    if fields.get("external_id"):
        return f"ext:{fields['external_id']}"
    if fields.get("url"):
        return f"url:{fields['url']}"
    return f"sha:{text_hash}"


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A validated submission: the schema's fields and the text events point into."""

    fields: dict[str, Any]
    text: str
    html: str | None


def submit_articles(session: Session, items: Sequence[NewArticle]) -> list[Submission]:
    """Insert articles and their queued jobs, or find the ones already stored.

    One result per item, in order. Runs in the caller's transaction. Rows are
    inserted several to a statement: a batch costs about as many round trips as one
    article. Concurrent duplicates meet on the unique dedup key (INSERT ... ON
    CONFLICT DO NOTHING) and the loser reads the winner's rows, as does a duplicate
    of an earlier item in the same call.
    """
    now = utcnow()
    articles = [_new_article(item, now) for item in items]
    connection = session.connection()
    statement = _article_insert(connection.dialect.name)
    inserted: set[str] = set()
    for rows in _by_key_set(articles):
        inserted.update(connection.execute(statement, rows).scalars())
    # Optimistic: the caller publishes right after commit and calls mark_unsent if
    # that fails, which saves a second commit on the hot path.
    jobs = {a.id: _new_job(a.id, now) for a in articles if a.id in inserted}
    if jobs:
        connection.execute(_JOB_INSERT, [_columns(job) for job in jobs.values()])
    earlier = _by_dedup_keys(
        session, {a.dedup_key for a in articles if a.id not in inserted}
    )
    results = []
    for article in articles:
        job = jobs.get(article.id)
        if job is not None:
            results.append(Submission(article, job, created=True))
            continue
        found = earlier.get(article.dedup_key)
        if found is None:  # deleted between the two statements
            raise LookupError(f"article {article.dedup_key!r} vanished on submission")
        results.append(found)
    return results


def _new_article(item: NewArticle, now: dt.datetime) -> Article:
    text_hash = content_hash(item.text)
    fields = item.fields
    return Article(
        id=new_id(),
        dedup_key=dedup_key(fields, text_hash),
        external_id=fields.get("external_id"),
        url=fields.get("url"),
        title=fields.get("title"),
        source=fields.get("source"),
        language=fields.get("language", "en"),
        published_at=fields.get("published_at"),
        meta=fields.get("metadata"),
        text=item.text,
        html=item.html,
        content_hash=text_hash,
        created_at=now,
    )


def _new_job(article_id: str, now: dt.datetime) -> Job:
    return Job(
        id=new_id(),
        article_id=article_id,
        state=JobState.QUEUED,
        attempts=0,
        created_at=now,
        updated_at=now,
        enqueued_at=now,
    )


def _by_key_set(rows: list[Article]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they set: one multi-row statement per group.

    Unset columns are left out rather than sent as None, which a JSON column would
    store as JSON null.
    """
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        values = _columns(row)
        groups.setdefault(frozenset(values), []).append(values)
    return list(groups.values())


# Built once and given their values at execution: building a statement per request
# costs more than running it. Table-level (Core) statements: the ORM's bulk-insert
# path costs about a millisecond per row on top.
_JOB_INSERT = insert(cast(Table, Job.__table__))


@functools.cache
def _article_insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (dedup_key) DO NOTHING RETURNING id."""
    inserts: dict[str, Any] = {"postgresql": pg_insert, "sqlite": sqlite_insert}
    dialect_insert = inserts.get(dialect)
    if dialect_insert is None:
        raise NotImplementedError(f"no duplicate-ignoring insert for {dialect}")
    table = cast(Table, Article.__table__)
    stmt = dialect_insert(table).on_conflict_do_nothing(index_elements=["dedup_key"])
    return stmt.returning(table.c.id)


def _columns(row: Base) -> dict[str, Any]:
    """The row's set values keyed by column ("metadata"), not attribute ("meta")."""
    values = {
        column: getattr(row, attribute) for column, attribute in _names(type(row))
    }
    return {column: value for column, value in values.items() if value is not None}


@functools.cache
def _names(model: type[Base]) -> tuple[tuple[str, str], ...]:
    """(column key, attribute key) pairs of a mapped class."""
    return tuple(
        (column.key, attr.key)
        for attr in inspect(model).column_attrs
        for column in attr.columns
    )


def _by_dedup_keys(session: Session, keys: set[str]) -> dict[str, Submission]:
    if not keys:
        return {}
    rows = session.execute(
        select(Article, Job)
        .join(Job, Job.article_id == Article.id)
        .where(Article.dedup_key.in_(keys))
    ).all()
    return {row[0].dedup_key: Submission(row[0], row[1], created=False) for row in rows}


def mark_enqueued(session: Session, job_ids: list[str]) -> None:
    """Record that the broker accepted these jobs' messages."""
    now = utcnow()
    for job in session.scalars(select(Job).where(Job.id.in_(job_ids))):
        job.enqueued_at = now


def mark_unsent(session: Session, job_ids: list[str]) -> None:
    """The broker refused these jobs' messages: the reconciler sends them."""
    for job in session.scalars(select(Job).where(Job.id.in_(job_ids))):
        job.enqueued_at = None


def get_article(session: Session, article_id: str) -> Article | None:
    return session.get(Article, article_id)


def get_job(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)
