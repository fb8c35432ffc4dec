"""The job state machine: queued → running → succeeded | failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from services.storage.models import Article, Event, Job, JobState, Participant, utcnow

FINAL_STATES = (JobState.SUCCEEDED, JobState.FAILED)


@dataclass(frozen=True, slots=True)
class Attempt:
    """What a worker needs to run one attempt, read before the long model work."""

    job_id: str
    article_id: str
    attempt: int
    text: str
    title: str | None
    published_at: dt.datetime | None
    external_id: str | None


def start_attempt(
    session: Session, job_id: str, task_id: str, max_attempts: int, lease: float
) -> Attempt | None:
    """Mark the job running and count the attempt; None when there is nothing to do.

    A job already final is skipped (a duplicate delivery), and so is one that another
    delivery started less than ``lease`` seconds ago. A job whose attempts are used up
    is failed here: this is how a message that kills its worker every time ends
    instead of looping.
    """
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None or job.state in FINAL_STATES:
        return None
    now = utcnow()
    if (
        job.state == JobState.RUNNING
        and job.lease_task_id != task_id
        and job.started_at is not None
        and _aware(job.started_at) > now - dt.timedelta(seconds=lease)
    ):
        return None
    if job.attempts >= max_attempts:
        _fail(job, attempts_exhausted(job.attempts))
        return None
    job.state = JobState.RUNNING
    job.attempts += 1
    job.started_at = now
    job.lease_task_id = task_id
    article = session.get(Article, job.article_id)
    assert article is not None  # a job is deleted with its article
    return _attempt(job, article)


def _attempt(job: Job, article: Article) -> Attempt:
    return Attempt(
        job_id=job.id,
        article_id=article.id,
        attempt=job.attempts,
        text=article.text,
        title=article.title,
        published_at=article.published_at,
        external_id=article.external_id,
    )


def claim_fresh(
    session: Session, task_id: str, limit: int, exclude: str
) -> list[Attempt]:
    """Take up to ``limit`` never-attempted queued jobs to run in the same batch.

    Only fresh jobs: one that already crashed a worker runs alone, so a poison
    article cannot use up the attempts of the articles batched with it. Their own
    messages, delivered later, find them finished or held and are acknowledged.
    """
    if limit <= 0:
        return []
    jobs = session.scalars(
        select(Job)
        .where(Job.state == JobState.QUEUED, Job.attempts == 0, Job.id != exclude)
        .order_by(Job.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    now = utcnow()
    attempts = []
    for job in jobs:
        job.state = JobState.RUNNING
        job.attempts = 1
        job.started_at = now
        job.lease_task_id = task_id
        article = session.get(Article, job.article_id)
        assert article is not None
        attempts.append(_attempt(job, article))
    return attempts


def store_result(
    session: Session,
    job_id: str,
    pipeline_version: str,
    events: list[dict[str, Any]],
) -> bool:
    """Replace the article's events with these and mark the job succeeded, atomically.

    Returns False (and writes nothing) when another delivery already finished the job.
    """
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None or job.state in FINAL_STATES:
        return False
    old = select(Event.seq).where(Event.article_id == job.article_id)
    session.execute(delete(Participant).where(Participant.event_seq.in_(old)))
    session.execute(delete(Event).where(Event.article_id == job.article_id))
    for payload in events:
        session.add(_event_row(job.article_id, pipeline_version, payload))
    job.state = JobState.SUCCEEDED
    job.event_count = len(events)
    job.pipeline_version = pipeline_version
    job.error = None
    job.finished_at = utcnow()
    return True


def fail_job(session: Session, job_id: str, problem: dict[str, Any]) -> None:
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is not None and job.state not in FINAL_STATES:
        _fail(job, problem)


def release_for_retry(session: Session, job_id: str, problem: dict[str, Any]) -> None:
    """Back to queued after a transient error; the retry is already scheduled."""
    job = session.get(Job, job_id)
    if job is not None and job.state == JobState.RUNNING:
        job.state = JobState.QUEUED
        job.error = problem
        job.enqueued_at = utcnow()


def stuck_jobs(
    session: Session,
    queued_before: dt.datetime,
    running_before: dt.datetime,
    limit: int,
) -> list[Job]:
    """Jobs the broker may have lost: never sent, sent long ago, or running too long."""
    return list(
        session.scalars(
            select(Job)
            .where(
                or_(
                    (Job.state == JobState.QUEUED)
                    & (Job.enqueued_at.is_(None) | (Job.enqueued_at < queued_before)),
                    (Job.state == JobState.RUNNING) & (Job.started_at < running_before),
                )
            )
            .order_by(Job.created_at)
            .limit(limit)
        )
    )


def requeue_orphans(
    session: Session, job_ids: list[str], running_before: dt.datetime
) -> None:
    """Running jobs whose worker is gone go back to queued, to be sent once."""
    session.execute(
        update(Job)
        .where(
            Job.id.in_(job_ids),
            Job.state == JobState.RUNNING,
            Job.started_at < running_before,
        )
        .values(state=JobState.QUEUED, enqueued_at=None, lease_task_id=None)
    )


def attempts_exhausted(attempts: int) -> dict[str, Any]:
    return {
        "type": "https://eventwire.dev/problems/attempts-exhausted",
        "title": "Extraction gave up",
        "status": 500,
        "detail": f"The article could not be processed in {attempts} attempts; "
        "each attempt ended its worker or timed out.",
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _fail(job: Job, problem: dict[str, Any]) -> None:
    job.state = JobState.FAILED
    job.error = problem
    job.finished_at = utcnow()


def _event_row(article_id: str, version: str, payload: dict[str, Any]) -> Event:
    date = payload.get("date")
    event = Event(
        id=payload["id"],
        article_id=article_id,
        pipeline_version=version,
        type=payload["type"],
        modality=payload["modality"],
        confidence=payload["confidence"],
        date=dt.date.fromisoformat(date) if date else None,
        payload=payload,
    )
    for participant in payload["participants"]:
        entity = participant["entity"]
        event.participants.append(
            Participant(
                role=participant["role"],
                name=entity["name"][:512],
                name_lower=entity["name"][:512].lower(),
                country=entity.get("country"),
                sector=(entity.get("sector") or None),
            )
        )
    return event
