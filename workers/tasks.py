"""Thin Celery tasks: load a job by id, run the pipeline, store its events once."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Any

import redis.exceptions
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.exc import DBAPIError, OperationalError

from services.config import Settings
from services.storage.jobs import (
    Attempt,
    claim_fresh,
    fail_job,
    release_for_retry,
    start_attempt,
    store_result,
)
from workers.celery_app import EXTRACT_TASK, settings_of
from workers.pipeline.model import ArticleInput, Event
from workers.runtime import pipeline, release_freed_memory, sessions
from workers.serialize import event_payload

if TYPE_CHECKING:
    from workers.pipeline import Pipeline

logger = logging.getLogger(__name__)

# Errors that say "try again later", never "this article is bad".
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    BrokerError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    SoftTimeLimitExceeded,
)


class JobLog(logging.LoggerAdapter[logging.Logger]):
    """Every line of a task names its job and article."""

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        extra = self.extra or {}
        return (
            f"job={extra.get('job_id')} article={extra.get('article_id')} {msg}",
            kwargs,
        )


@shared_task(name=EXTRACT_TASK, bind=True, max_retries=None, acks_late=True)
def extract_article(self: Task, job_id: str) -> None:
    """Run one extraction job. Idempotent: a finished job is left alone."""
    settings = settings_of(self.app)
    log = JobLog(logger, {"job_id": job_id, "article_id": None})
    try:
        run_job(settings, job_id, self.request.id or job_id, log)
    except TRANSIENT_ERRORS as exc:
        retries = self.request.retries
        if retries + 1 >= settings.max_attempts:
            log.error("giving up after %d transient failures: %r", retries + 1, exc)
            _fail_quietly(settings, job_id, transient_problem(exc, retries + 1))
            return
        delay = backoff(retries, settings.retry_backoff_max)
        log.warning("transient failure, retry %d in %.1fs: %r", retries + 1, delay, exc)
        _release_quietly(settings, job_id, transient_problem(exc, retries + 1))
        raise self.retry(exc=exc, countdown=delay) from exc


def run_job(settings: Settings, job_id: str, task_id: str, log: JobLog) -> None:
    """Run the job, batched with other fresh queued jobs; store each result alone."""
    # Load the models before claiming anything: a broken pipeline fails the message
    # without holding jobs.
    pipe = pipeline(settings)
    make_session = sessions(settings)
    with make_session.begin() as session:
        attempt = start_attempt(
            session, job_id, task_id, settings.max_attempts, settings.task_time_limit
        )
        if attempt is None:
            log.info("nothing to do (finished, held by another delivery, or failed)")
            return
        # A job that has crashed a worker before runs alone (see claim_fresh).
        extra = settings.worker_batch_size - 1 if attempt.attempt == 1 else 0
        batch = [attempt, *claim_fresh(session, task_id, extra, exclude=job_id)]
    log.extra = {"job_id": job_id, "article_id": attempt.article_id}
    log.info("attempt %d started, batch of %d", attempt.attempt, len(batch))
    for item, outcome in zip(batch, extract_batch(pipe, batch), strict=True):
        ids = {"job_id": item.job_id, "article_id": item.article_id}
        item_log = JobLog(logger, ids)
        with make_session.begin() as session:
            if isinstance(outcome, BaseException):
                # The extractor failed on this input: the same text fails the same way.
                item_log.error("extraction failed: %r", outcome)
                fail_job(session, item.job_id, extraction_problem(outcome))
                continue
            payloads = [event_payload(event, item.article_id) for event in outcome]
            stored = store_result(session, item.job_id, pipe.version, payloads)
        verdict = "stored" if stored else "already done"
        item_log.info("%s %d events", verdict, len(outcome))
    release_freed_memory()


def extract_batch(
    pipe: Pipeline, batch: list[Attempt]
) -> list[list[Event] | BaseException]:
    """Events per attempt; one article's error is isolated to that article."""
    inputs = [article_input(item) for item in batch]
    try:
        return list(pipe.extract_many(inputs))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        if len(batch) == 1:
            return [exc]
    outcomes: list[list[Event] | BaseException] = []
    for article in inputs:
        try:
            outcomes.append(pipe.extract(article))
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def article_input(attempt: Attempt) -> ArticleInput:
    published = attempt.published_at.date() if attempt.published_at else None
    return ArticleInput(
        text=attempt.text,
        title=attempt.title,
        published_at=published,
        external_id=attempt.external_id,
    )


def backoff(retries: int, cap: float) -> float:
    """Exponential backoff with equal jitter, capped: never near zero, so a short
    outage cannot use up every attempt at once."""
    base = min(cap, 2.0 ** (retries + 1))
    return base / 2 + random.uniform(0, base / 2)


def transient_problem(exc: BaseException, attempt: int) -> dict[str, Any]:
    return {
        "type": "https://eventwire.dev/problems/transient-failure",
        "title": "Temporary failure",
        "status": 503,
        "detail": f"Attempt {attempt} hit a temporary failure ({type(exc).__name__}).",
    }


def extraction_problem(exc: BaseException) -> dict[str, Any]:
    return {
        "type": "https://eventwire.dev/problems/extraction-failed",
        "title": "Extraction failed",
        "status": 422,
        "detail": "The extractor could not process this article "
        f"({type(exc).__name__}).",
    }


def _release_quietly(settings: Settings, job_id: str, problem: dict[str, Any]) -> None:
    try:
        with sessions(settings).begin() as session:
            release_for_retry(session, job_id, problem)
    except DBAPIError as exc:
        # The database is what failed; the retry's own start will record the attempt.
        logger.warning("job=%s could not record the retry: %r", job_id, exc)


def _fail_quietly(settings: Settings, job_id: str, problem: dict[str, Any]) -> None:
    try:
        with sessions(settings).begin() as session:
            fail_job(session, job_id, problem)
    except DBAPIError as exc:
        logger.error(
            "job=%s could not be marked failed, reconciler will retry: %r", job_id, exc
        )
