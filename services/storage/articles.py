"""Intake repository: store an article and its job once, find them again."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Connection,
    String,
    Table,
    Text,
    bindparam,
    column,
    func,
    insert,
    inspect,
    literal,
    select,
)
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import ARRAY
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

    One result per item, in order. Runs in the caller's transaction. On PostgreSQL
    the articles and the jobs of those new go in one statement, so a batch costs one
    round trip; on SQLite in two. Concurrent duplicates meet on the unique dedup key
    (INSERT ... ON CONFLICT DO NOTHING) and the loser reads the winner's rows, as
    does a duplicate of an earlier item in the same call.
    """
    if not items:
        return []
    now = utcnow()
    articles = [_new_article(item, now) for item in items]
    # Optimistic: the caller publishes right after commit and calls mark_unsent if
    # that fails, which saves a second commit on the hot path.
    jobs = {a.id: _new_job(a.id, now) for a in articles}
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        inserted = _insert_in_one_statement(connection, articles, jobs, now)
    else:
        inserted = _insert_in_two_statements(connection, articles, jobs)
    jobs = {
        article_id: job for article_id, job in jobs.items() if article_id in inserted
    }
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


def _insert_in_two_statements(
    connection: Connection, articles: list[Article], jobs: dict[str, Job]
) -> set[str]:
    """Insert the new articles, then their jobs: the ids of the articles inserted."""
    statement = _article_insert(connection.dialect.name)
    inserted: set[str] = set()
    for rows in _by_key_set(articles):
        inserted.update(connection.execute(statement, rows).scalars())
    if inserted:
        rows = [
            _columns(job) for article_id, job in jobs.items() if article_id in inserted
        ]
        connection.execute(_JOB_INSERT, rows)
    return inserted


def _insert_in_one_statement(
    connection: Connection,
    articles: list[Article],
    jobs: dict[str, Job],
    now: dt.datetime,
) -> set[str]:
    """Articles and the jobs of those new, in one atomic statement and round trip.

    On an autocommit connection that is the whole transaction: the intake's commit,
    its one remaining round trip, is the statement itself.
    """
    values: dict[str, Any] = {
        name: [getattr(article, attribute) for article in articles]
        for name, attribute in _names(Article)
    }
    # Sent as text and cast back in SQL: a missing metadata is then SQL NULL, where a
    # JSON array element would carry JSON null.
    values["metadata"] = [
        None if meta is None else json.dumps(meta) for meta in values["metadata"]
    ]
    values["job_article_ids"] = list(jobs)
    values["job_ids"] = [job.id for job in jobs.values()]
    values["now"] = now
    inserted = connection.execute(_articles_with_jobs_insert(), values).scalars()
    return set(inserted)


@functools.cache
def _articles_with_jobs_insert() -> Any:
    """One statement with array parameters, built once and cached compiled.

    WITH inserted AS (INSERT INTO articles SELECT * FROM unnest(<one array per
    column>) ON CONFLICT (dedup_key) DO NOTHING RETURNING id) INSERT INTO jobs
    SELECT ... FROM inserted JOIN unnest(<article ids>, <job ids>) RETURNING
    article_id. A multi-row VALUES would be compiled again for every batch.
    """
    articles = cast(Table, Article.__table__)
    jobs = cast(Table, Job.__table__)
    names = [column.name for column in articles.columns]
    columns = [
        column(name, Text if name == "metadata" else articles.c[name].type)
        for name in names
    ]
    rows = (
        func.unnest(*(bindparam(c.name, type_=ARRAY(c.type)) for c in columns))
        .table_valued(*columns)
        .render_derived()
    )
    row_values = [
        cast_(rows.c[name], JSON) if name == "metadata" else rows.c[name]
        for name in names
    ]
    inserted = (
        pg_insert(articles)
        .from_select(names, select(*row_values))
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(articles.c.id)
        .cte("inserted")
    )
    pairs = (
        func.unnest(
            bindparam("job_article_ids", type_=ARRAY(String)),
            bindparam("job_ids", type_=ARRAY(String)),
        )
        .table_valued("article_id", "job_id")
        .render_derived()
    )
    now = bindparam("now", type_=jobs.c.created_at.type)
    new_jobs = select(
        pairs.c.job_id,
        inserted.c.id,
        literal(JobState.QUEUED.value, String),
        literal(0),
        now,
        now,
        now,
    ).join_from(inserted, pairs, pairs.c.article_id == inserted.c.id)
    job_columns = [
        "id",
        "article_id",
        "state",
        "attempts",
        "created_at",
        "updated_at",
        "enqueued_at",
    ]
    return (
        insert(jobs)
        .from_select(job_columns, new_jobs)
        .returning(jobs.c.article_id)
        .add_cte(inserted)
    )


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
