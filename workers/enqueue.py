"""Send job ids to the broker; the only way jobs reach it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import Celery

from workers.celery_app import EXTRACT_TASK, QUEUE

logger = logging.getLogger(__name__)


def enqueue_jobs(app: Celery, job_ids: Iterable[str]) -> list[str]:
    """Publish one message per job; returns the ids the broker accepted.

    Call only after the job rows are committed. A failure is logged, not raised:
    the job stays queued without ``enqueued_at`` and the reconciler sends it.
    """
    sent: list[str] = []
    for job_id in job_ids:
        try:
            app.send_task(EXTRACT_TASK, args=[job_id], queue=QUEUE)
        except Exception as exc:  # any broker failure: the database row is the truth
            logger.warning(
                "job %s not enqueued, the reconciler will send it: %r", job_id, exc
            )
            break
        sent.append(job_id)
    return sent
