"""Send job ids to the broker; the only way jobs reach it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import Celery

from workers.celery_app import EXTRACT_TASK, QUEUE

logger = logging.getLogger(__name__)


def enqueue_jobs(app: Celery, job_ids: Iterable[str]) -> list[str]:
    """Publish one message per job; returns the ids the broker accepted.

    The messages go out together, in one pipeline on Redis, so a batch costs one
    round trip. Call only after the job rows are committed. A failure is logged, not
    raised, and counts every message of the call as unsent: the jobs stay queued
    without ``enqueued_at`` and the reconciler sends them (a message that did reach
    the broker then arrives twice, which the job's lease makes harmless).
    """
    ids = list(job_ids)
    if not ids:
        return []
    try:
        with app.producer_or_acquire() as producer, producer.batch():
            for job_id in ids:
                app.send_task(
                    EXTRACT_TASK,
                    args=[job_id],
                    queue=QUEUE,
                    producer=producer,
                    # Given, so Celery need not build them with saferepr per message.
                    argsrepr=repr([job_id]),
                    kwargsrepr="{}",
                )
    except Exception as exc:  # any broker failure: the database row is the truth
        logger.warning(
            "%d job(s) not enqueued, the reconciler will send them: %r", len(ids), exc
        )
        return []
    return ids
