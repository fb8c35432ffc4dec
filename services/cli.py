"""The `eventwire` command: run the service, manage keys, submit, extract, evaluate."""

from __future__ import annotations

import os
import sys

import click

from services.config import ConfigError, Settings


def _settings() -> Settings:
    try:
        settings = Settings.from_env()
        settings.validate()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    return settings


def _pin_threads() -> None:
    # Before numpy/torch load: one BLAS thread per process, processes per core.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@click.group()
@click.option("--log-level", default=None, help="Logging level (default INFO).")
def main(log_level: str | None) -> None:
    """eventwire: political events from news articles, as a service."""
    from services.logs import setup_logging

    setup_logging(log_level or os.environ.get("EVENTWIRE_LOG_LEVEL", "INFO"))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    "worker_count",
    default=None,
    type=int,
    help="Worker processes (default: one per core).",
)
def up(host: str, port: int, worker_count: int | None) -> None:
    """Migrate, then run the API, a worker and the scheduler together."""
    from services.supervisor import run_all

    settings = _settings()
    _prepare(settings)
    run_all(settings, host, port, worker_count)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--processes", default=2, show_default=True, type=int)
@click.option(
    "--threads",
    default=16,
    show_default=True,
    type=int,
    help="Per process; posts that arrive together are stored in one transaction.",
)
def api(host: str, port: int, processes: int, threads: int) -> None:
    """Run the HTTP API under gunicorn."""
    from services.api.server import serve

    settings = _settings()
    serve(settings, host, port, processes, threads)


@main.command()
@click.option("--concurrency", default=None, type=int, help="Default: one per core.")
def worker(concurrency: int | None) -> None:
    """Run a Celery worker that extracts events."""
    _pin_threads()
    from workers.boot import run_worker

    run_worker(_settings(), concurrency)


@main.command()
def scheduler() -> None:
    """Run the scheduler (Celery beat) that drives the reconciler."""
    from workers.boot import run_scheduler

    run_scheduler(_settings())


@main.command()
def reconcile() -> None:
    """Re-enqueue stuck jobs once, now."""
    from workers.celery_app import create_celery
    from workers.reconcile import reconcile_once

    settings = _settings()
    count = reconcile_once(create_celery(settings), settings)
    click.echo(f"re-enqueued {count} jobs")


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations up to the newest."""
    from services.storage.db import make_engine
    from services.storage.migrate import upgrade

    settings = _settings()
    upgrade(make_engine(settings))
    click.echo("database is up to date")


def _prepare(settings: Settings) -> None:
    from services.storage.db import make_engine
    from services.storage.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(make_engine(settings))
    if settings.auth_mode == "keys":
        from services.local_key import ensure_local_key

        token, created = ensure_local_key(settings)
        state = "created" if created else "stored"
        click.echo(f"local API key ({state} in {settings.data_dir}/api-key): {token}")


from bench.report import bench  # noqa: E402
from services.cli_keys import keys  # noqa: E402
from services.cli_work import eval_group, extract, submit, train  # noqa: E402

main.add_command(keys)
main.add_command(submit)
main.add_command(extract)
main.add_command(train)
main.add_command(eval_group)
main.add_command(bench)

if __name__ == "__main__":
    sys.exit(main())
