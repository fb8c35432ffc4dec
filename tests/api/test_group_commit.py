"""Group commit on PostgreSQL: concurrent posts share transactions, fail alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.api.group_commit import GroupCommit
from services.config import Settings
from services.storage.articles import NewArticle, Submission
from services.storage.db import make_engine, make_sessionmaker
from services.storage.models import Article, Job

THREADS = 12


@pytest.fixture
def sessions(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings)
    yield make_sessionmaker(engine)
    engine.dispose()


class Broker:
    """Records what would be published; can refuse, like a broker that is down."""

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.calls: list[list[str]] = []

    def publish(self, job_ids: list[str]) -> list[str]:
        self.calls.append(list(job_ids))
        return list(job_ids) if self.up else []


def submit_together(writer: GroupCommit, items: list[NewArticle]) -> list[object]:
    """Submit every item from its own thread, all released at once."""
    start = threading.Barrier(len(items))
    outcomes: list[object] = [None] * len(items)

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = writer.submit(items[index])
        except Exception as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(items))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def article(
    external_id: str, text: str = "Russia and Ukraine held talks."
) -> NewArticle:
    return NewArticle({"external_id": external_id}, text, None)


def test_concurrent_posts_are_each_stored_once_and_published_once(
    sessions: sessionmaker[Session],
) -> None:
    broker = Broker()
    writer = GroupCommit(sessions, broker.publish)

    outcomes = submit_together(writer, [article(f"a-{i}") for i in range(THREADS)])

    assert all(isinstance(o, Submission) and o.created for o in outcomes)
    published = [job_id for call in broker.calls for job_id in call]
    assert sorted(published) == sorted(o.job.id for o in outcomes)  # type: ignore[union-attr]
    # Fewer publishes than posts: later arrivals joined a batch.
    assert len(broker.calls) < THREADS
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == THREADS
        assert session.scalar(select(func.count()).select_from(Job)) == THREADS


def test_duplicates_in_one_batch_get_the_first_ones_job(
    sessions: sessionmaker[Session],
) -> None:
    writer = GroupCommit(sessions, Broker().publish)

    outcomes = submit_together(writer, [article("same") for _ in range(THREADS)])

    submissions = [o for o in outcomes if isinstance(o, Submission)]
    assert len(submissions) == THREADS
    assert sum(s.created for s in submissions) == 1
    assert len({s.job.id for s in submissions}) == 1
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_a_row_the_database_refuses_fails_alone(
    sessions: sessionmaker[Session],
) -> None:
    broker = Broker()
    writer = GroupCommit(sessions, broker.publish)
    # PostgreSQL text cannot hold NUL (the schema refuses it before this point).
    items = [article(f"ok-{i}") for i in range(THREADS - 1)]
    items.append(article("bad", "Talks\x00 were held."))

    outcomes = submit_together(writer, items)

    assert isinstance(outcomes[-1], Exception)
    good = outcomes[:-1]
    assert all(isinstance(o, Submission) and o.created for o in good)
    published = {job_id for call in broker.calls for job_id in call}
    assert published == {o.job.id for o in good}  # type: ignore[union-attr]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == THREADS - 1


def test_jobs_the_broker_refused_are_left_for_the_reconciler(
    sessions: sessionmaker[Session],
) -> None:
    writer = GroupCommit(sessions, Broker(up=False).publish)

    outcomes = submit_together(writer, [article(f"down-{i}") for i in range(4)])

    assert all(isinstance(o, Submission) for o in outcomes)
    with sessions() as session:
        unsent = session.scalars(select(Job.enqueued_at)).all()
    assert unsent == [None] * 4
