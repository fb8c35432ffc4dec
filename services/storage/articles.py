"""Intake repository: store an article and its job once, find them again."""

from __future__ import annotations

import functools
import hashlib
import unicodedata
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


def submit_article(
    session: Session, fields: dict[str, Any], text: str, html: str | None
) -> Submission:
    """Insert the article and its queued job, or return the ones already stored.

    Runs in the caller's transaction. Concurrent duplicates meet on the unique dedup
    key (INSERT ... ON CONFLICT DO NOTHING) and the loser reads the winner's rows.
    Core statements rather than the unit of work: this is the intake's hot path.
    """
    text_hash = content_hash(text)
    key = dedup_key(fields, text_hash)
    now = utcnow()
    article = Article(
        id=new_id(),
        dedup_key=key,
        external_id=fields.get("external_id"),
        url=fields.get("url"),
        title=fields.get("title"),
        source=fields.get("source"),
        language=fields.get("language", "en"),
        published_at=fields.get("published_at"),
        meta=fields.get("metadata"),
        text=text,
        html=html,
        content_hash=text_hash,
        created_at=now,
    )
    connection = session.connection()
    inserted = connection.execute(
        _article_insert(connection.dialect.name), _columns(article)
    ).first()
    if inserted is None:
        found = _by_dedup_key(session, key)
        if found is None:  # deleted between the two statements
            raise LookupError(f"article {key!r} vanished during submission")
        return found
    # Optimistic: the caller publishes right after commit and calls mark_unsent if
    # that fails, which saves a second commit on the hot path.
    job = Job(
        id=new_id(),
        article_id=article.id,
        state=JobState.QUEUED,
        attempts=0,
        created_at=now,
        updated_at=now,
        enqueued_at=now,
    )
    connection.execute(_JOB_INSERT, _columns(job))
    return Submission(article, job, created=True)


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
    """The row's values keyed by column ("metadata"), not by attribute ("meta")."""
    mapper = inspect(type(row))
    return {
        column.key: getattr(row, attr.key)
        for attr in mapper.column_attrs
        for column in attr.columns
        if getattr(row, attr.key) is not None
    }


def _by_dedup_key(session: Session, key: str) -> Submission | None:
    row = session.execute(
        select(Article, Job)
        .join(Job, Job.article_id == Article.id)
        .where(Article.dedup_key == key)
    ).first()
    if row is None:
        return None
    return Submission(row[0], row[1], created=False)


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
