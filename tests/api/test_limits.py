"""The rate limiter counts in its storage and falls back to memory when it fails."""

from __future__ import annotations

from typing import Any

from limits import parse
from limits.storage import MemoryStorage

from services.api.limits import RateLimiter


class BrokenStorage(MemoryStorage):
    """Storage whose every call fails, like a Redis that does not answer."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def incr(self, *args: Any, **kwargs: Any) -> int:
        self.calls += 1
        raise ConnectionError("storage down")


def test_the_limit_holds_and_says_when_to_retry() -> None:
    limiter = RateLimiter(parse("2/minute"), MemoryStorage())

    outcomes = [limiter.hit("key:a") for _ in range(3)]

    assert [allowed for allowed, _ in outcomes] == [True, True, False]
    assert 1 <= outcomes[-1][1] <= 60
    assert limiter.hit("key:b")[0]  # another key has its own budget


def test_a_failing_storage_is_left_alone_for_a_while_and_counts_go_local() -> None:
    storage = BrokenStorage()
    limiter = RateLimiter(parse("2/minute"), storage)

    outcomes = [limiter.hit("key:a")[0] for _ in range(3)]

    assert outcomes == [True, True, False]  # still limited, in memory
    assert storage.calls == 1  # one failure, then no more tries for a while
