"""The one Celery app, built from Settings, with its reliability settings."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery

from services.config import Settings

logger = logging.getLogger(__name__)

EXTRACT_TASK = "eventwire.extract_article"
RECONCILE_TASK = "eventwire.reconcile"
QUEUE = "eventwire"


# Seconds a pool process may take to load the models and report up.
PROCESS_START_TIMEOUT = 120.0


def create_celery(settings: Settings) -> Celery:
    """Build the Celery app; refuses settings that could run a task twice at once."""
    settings.validate()
    app = Celery("eventwire", set_as_current=False)
    app.conf.update(
        broker_url=settings.celery_broker_url,
        broker_transport_options=_transport_options(settings),
        broker_connection_timeout=settings.broker_timeout,
        broker_connection_retry_on_startup=True,
        # Publishing must fail fast: the database row exists and the reconciler
        # sends it later, so a hung broker must not hang the API. One try only:
        # a retry on a frozen Redis triples the wait (one socket timeout each, plus
        # a reconnect), and a stale pooled connection reconnects by itself.
        task_publish_retry=False,
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_store_errors_even_if_ignored=False,
        # At-least-once: ack after the work, requeue when the worker dies.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        # A new pool process loads the models in worker_process_init before it
        # reports up: seconds on a busy machine, more than Celery's 4 s default,
        # after which it would kill and replace the child over and over.
        worker_proc_alive_timeout=PROCESS_START_TIMEOUT,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=settings.task_soft_time_limit,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        beat_schedule={
            "reconcile": {
                "task": RECONCILE_TASK,
                "schedule": settings.reconcile_interval,
                # Runs missed while no worker listened are dropped, not piled up.
                "options": {"expires": max(1.0, settings.reconcile_interval)},
            }
        },
        include=["workers.tasks", "workers.reconcile"],
        eventwire_settings=settings,
    )
    return app


def _transport_options(settings: Settings) -> dict[str, Any]:
    if settings.celery_broker_url.startswith("filesystem"):
        folder = settings.broker_folder
        for sub in ("queue", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "store_processed": False,
            "control_folder": str(folder / "control"),
            # The folder is polled; kombu's default of 1 s caps a worker at one
            # message a second, however fast the extraction.
            "polling_interval": 0.1,
        }
    return {
        "visibility_timeout": settings.visibility_timeout,
        "socket_timeout": settings.broker_timeout,
        "socket_connect_timeout": settings.broker_timeout,
        "retry_on_timeout": False,
        # Kombu's connect retries for publishing: with one retry a refused
        # connection costs 2 s per request while Redis is down; none costs ~0.
        "max_retries": 0,
    }


def settings_of(app: Celery) -> Settings:
    settings = app.conf.get("eventwire_settings")
    if not isinstance(settings, Settings):
        raise RuntimeError("this Celery app was not built by create_celery()")
    return settings
