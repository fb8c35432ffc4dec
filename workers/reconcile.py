"""The reconciler: sends again every job the broker may have lost."""

from __future__ import annotations

import datetime as dt
import logging

from celery import Celery, Task, shared_task

from services.config import Settings
from services.storage.articles import mark_enqueued
from services.storage.jobs import requeue_orphans, stuck_jobs
from services.storage.models import utcnow
from workers.celery_app import RECONCILE_TASK, settings_of
from workers.enqueue import enqueue_jobs
from workers.runtime import sessions

logger = logging.getLogger(__name__)

BATCH = 500


@shared_task(name=RECONCILE_TASK, bind=True, ignore_result=True)
def reconcile(self: Task) -> int:
    return reconcile_once(self.app, settings_of(self.app))


def reconcile_once(
    app: Celery, settings: Settings, now: dt.datetime | None = None
) -> int:
    """Re-enqueue queued jobs never sent or sent long ago, and orphaned running ones."""
    now = now or utcnow()
    queued_before = now - dt.timedelta(seconds=settings.reconcile_queued_after)
    running_before = now - dt.timedelta(
        seconds=settings.task_time_limit + settings.reconcile_running_margin
    )
    make_session = sessions(settings)
    total = 0
    while True:
        with make_session.begin() as session:
            ids = [
                job.id
                for job in stuck_jobs(session, queued_before, running_before, BATCH)
            ]
            requeue_orphans(session, ids, running_before)
        if not ids:
            break
        sent = enqueue_jobs(app, ids)
        if sent:
            with make_session.begin() as session:
                mark_enqueued(session, sent)
        total += len(sent)
        if len(sent) < len(ids):
            break  # the broker is down; the next run tries again
    if total:
        logger.info("reconciler re-enqueued %d jobs", total)
    return total
