"""The job state machine and the reconciler, on real PostgreSQL and Redis."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

import workers.tasks as tasks
from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.models import Job, JobState
from workers.celery_app import QUEUE, create_celery
from workers.pipeline.model import Entity, Event, Participant, Span
from workers.reconcile import reconcile_once

LOG = tasks.JobLog(logging.getLogger("test"), {"job_id": None, "article_id": None})


class FakePipeline:
    """A test double for the model: one fixed event, or an error."""

    version = "test-1"

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.poison: str | None = None
        self.calls = 0

    def extract_many(self, articles: list[Any]) -> list[list[Event]]:
        return [self.extract(article) for article in articles]

    def extract(self, article: Any) -> list[Event]:
        self.calls += 1
        if self.error and (self.poison is None or self.poison in article.text):
            raise self.error
        word = article.text.split()[0]
        actor = Participant(
            "source", word, 0, len(word), Entity(word, "country", "RUS", None)
        )
        return [
            Event(
                type="CONSULT",
                trigger=Span(word, 0, len(word)),
                sentence=Span(article.text, 0, len(article.text)),
                participants=[actor],
                modality="asserted",
                confidence=0.9,
                pipeline_version=self.version,
            )
        ]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    double = FakePipeline()
    monkeypatch.setattr(tasks, "pipeline", lambda _settings: double)
    return double


def job_row(settings: Settings, job_id: str) -> Job:
    with make_sessionmaker(make_engine(settings))() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def post(client: FlaskClient, text: str = "Russia met America.") -> str:
    return str(client.post("/v1/articles", json={"text": text}).get_json()["job"]["id"])


def test_run_job_stores_events_once(
    client: FlaskClient, settings: Settings, fake: FakePipeline
) -> None:
    job_id = post(client)
    tasks.run_job(settings, job_id, "task-1", LOG)
    tasks.run_job(settings, job_id, "task-2", LOG)  # a duplicate delivery
    job = job_row(settings, job_id)
    assert (job.state, job.attempts, job.event_count) == ("succeeded", 1, 1)
    assert fake.calls == 1
    assert len(client.get("/v1/events").get_json()["items"]) == 1


def test_extractor_error_fails_the_job_with_a_problem(
    client: FlaskClient, settings: Settings, fake: FakePipeline
) -> None:
    fake.error = ValueError("bad input inside")
    job_id = post(client)
    tasks.run_job(settings, job_id, "task-1", LOG)
    job = job_row(settings, job_id)
    assert job.state == "failed"
    assert job.error and job.error["title"] == "Extraction failed"
    assert "bad input inside" not in str(job.error)


def test_a_running_job_is_not_run_twice_at_once(
    client: FlaskClient, settings: Settings, fake: FakePipeline
) -> None:
    job_id = post(client)
    from services.storage.jobs import start_attempt

    with make_sessionmaker(make_engine(settings)).begin() as session:
        assert start_attempt(session, job_id, "task-1", 5, 300) is not None
    tasks.run_job(settings, job_id, "task-2", LOG)  # another delivery while task-1 runs
    assert fake.calls == 0
    tasks.run_job(settings, job_id, "task-1", LOG)  # task-1 redelivered after a crash
    assert fake.calls == 1 and job_row(settings, job_id).attempts == 2


def test_attempt_cap_fails_a_job_that_keeps_dying(
    client: FlaskClient, settings: Settings, fake: FakePipeline
) -> None:
    job_id = post(client)
    from services.storage.jobs import start_attempt

    sessions = make_sessionmaker(make_engine(settings))
    for _ in range(settings.max_attempts):  # each attempt "dies" before finishing
        with sessions.begin() as session:
            assert start_attempt(
                session, job_id, "same-task", settings.max_attempts, 300
            )
    tasks.run_job(settings, job_id, "same-task", LOG)
    job = job_row(settings, job_id)
    assert job.state == "failed" and fake.calls == 0
    assert job.error and "attempts" in job.error["type"]


def test_reconciler_resends_lost_and_orphaned_jobs(
    client: FlaskClient, settings: Settings
) -> None:
    queue = redis.Redis.from_url(settings.broker_url)
    lost = post(client, "Lost in a Redis restart.")
    orphan = post(client, "Its worker was killed.")
    fresh = post(client, "Just queued.")
    queue.delete(QUEUE)  # Redis restarted without persistence
    sessions = make_sessionmaker(make_engine(settings))
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with sessions.begin() as session:
        session.get(Job, lost).enqueued_at = long_ago  # type: ignore[union-attr]
        job = session.get(Job, orphan)
        assert job is not None
        job.state, job.started_at, job.attempts = JobState.RUNNING, long_ago, 1
    app = create_celery(settings)
    assert reconcile_once(app, settings) == 2
    assert queue.llen(QUEUE) == 2
    assert job_row(settings, orphan).state == "queued"
    assert job_row(settings, fresh).enqueued_at is not None
    assert reconcile_once(app, settings) == 0  # nothing is sent twice


def test_refuses_a_time_limit_beyond_the_visibility_timeout() -> None:
    from services.config import ConfigError

    with pytest.raises(ConfigError, match="VISIBILITY_TIMEOUT"):
        create_celery(Settings(task_time_limit=4000, task_soft_time_limit=3900))
    with pytest.raises(ConfigError, match="VISIBILITY_TIMEOUT"):
        Settings(visibility_timeout=320, retry_backoff_max=30).validate()


def test_a_batch_runs_fresh_jobs_together_and_isolates_a_failure(
    client: FlaskClient, settings: Settings, fake: FakePipeline
) -> None:
    fake.error, fake.poison = ValueError("boom"), "POISON"
    first = post(client, "Russia met America.")
    poison = post(client, "POISON article.")
    third = post(client, "France met Germany.")
    tasks.run_job(settings, first, "task-1", LOG)
    states = {j: job_row(settings, j).state for j in (first, poison, third)}
    assert states == {first: "succeeded", poison: "failed", third: "succeeded"}
    tasks.run_job(settings, third, "task-3", LOG)  # its own message: nothing to do
    assert job_row(settings, third).attempts == 1
    assert len(client.get("/v1/events").get_json()["items"]) == 2
