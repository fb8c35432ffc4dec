"""Group commit for single-article posts: concurrent requests share one transaction."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from services.storage.articles import (
    NewArticle,
    Submission,
    mark_unsent,
    submit_articles,
)

logger = logging.getLogger(__name__)

Publish = Callable[[list[str]], list[str]]


@dataclass(eq=False)
class _Pending:
    item: NewArticle
    done: bool = False
    result: Submission | None = None
    error: BaseException | None = None


class GroupCommit:
    """Stores posted articles a batch at a time, each answered once it is committed.

    The first request to arrive while no batch is being written writes the queue,
    itself included, in one transaction; requests arriving meanwhile wait and go in
    the next batch. An idle service writes each post alone, without waiting; under
    load a commit, its round trips and the broker messages serve many posts.
    Publishing happens after the batch is released, by the thread that wrote it,
    so a slow broker delays that request alone, never the next batch.
    """

    def __init__(self, sessions: sessionmaker[Session], publish: Publish) -> None:
        self._sessions = sessions
        self._publish = publish
        self._lock = threading.Condition()
        self._queue: list[_Pending] = []
        self._writing = False

    def submit(self, item: NewArticle) -> Submission:
        """Store ``item`` and its job (or find the stored ones), committed on return."""
        pending = _Pending(item)
        with self._lock:
            self._queue.append(pending)
            while self._writing and not pending.done:
                self._lock.wait()
            if not pending.done:
                self._writing = True
                batch, self._queue = self._queue, []
        if not pending.done:
            created: list[str] = []
            try:
                created = self._write(batch)
            finally:
                with self._lock:
                    for waiting in batch:
                        waiting.done = True
                        if waiting.result is None and waiting.error is None:
                            waiting.error = RuntimeError("the batch was not written")
                    self._writing = False
                    self._lock.notify_all()
            self.send(created)
        if pending.error is not None:
            raise pending.error
        assert pending.result is not None
        return pending.result

    def _write(self, batch: list[_Pending]) -> list[str]:
        """Commit the batch; the ids of the jobs it created, to publish."""
        try:
            return self._commit(batch)
        except Exception as exc:
            if len(batch) == 1:
                batch[0].error = exc
                return []
            # One bad row must not fail its batch-mates: each alone, once.
            logger.warning(
                "batch of %d failed, storing one by one: %r", len(batch), exc
            )
        created = []
        for pending in batch:
            try:
                created.extend(self._commit([pending]))
            except Exception as exc:
                pending.error = exc
        return created

    def _commit(self, batch: list[_Pending]) -> list[str]:
        with self._sessions() as session:
            results = submit_articles(session, [pending.item for pending in batch])
            session.commit()
        for pending, result in zip(batch, results, strict=True):
            pending.result = result
        return [result.job.id for result in results if result.created]

    def send(self, job_ids: list[str]) -> None:
        """Publish committed jobs; any the broker refuses are left to the reconciler."""
        if not job_ids:
            return
        sent = set(self._publish(job_ids))
        unsent = [job_id for job_id in job_ids if job_id not in sent]
        if unsent:
            with self._sessions() as session:
                mark_unsent(session, unsent)
                session.commit()
