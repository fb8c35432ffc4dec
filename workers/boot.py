"""Start a worker or the scheduler; models load in each pool process after the fork."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery.signals import worker_process_init

from services.config import Settings
from workers.celery_app import QUEUE, create_celery
from workers.priority import lower_priority

logger = logging.getLogger(__name__)


def run_worker(settings: Settings, concurrency: int | None = None) -> None:
    app = create_celery(settings)

    @worker_process_init.connect(weak=False)
    def _load_models(**_: Any) -> None:
        from workers.runtime import pin_threads, pipeline

        pin_threads()
        pipeline(settings)
        logger.info("worker process %d: models loaded", os.getpid())

    # The pool processes inherit both.
    lower_priority(settings.worker_nice, settings.worker_idle_class)
    argv = [
        "worker",
        f"--loglevel={settings.log_level}",
        f"--concurrency={concurrency or os.cpu_count() or 1}",
        "--pool=prefork",
        f"--queues={QUEUE}",
        "--without-gossip",
        "--without-mingle",
        f"--hostname=eventwire-{os.getpid()}@%h",
    ]
    app.worker_main(argv)


def run_scheduler(settings: Settings) -> None:
    from celery.apps.beat import Beat

    app = create_celery(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = settings.data_dir / f"beat-schedule-{os.getpid()}"
    Beat(app=app, schedule=str(schedule), loglevel=settings.log_level).run()
