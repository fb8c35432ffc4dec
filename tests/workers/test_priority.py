"""A lowered worker priority reaches the autogroup only of a session of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workers.priority import AUTOGROUP

pytestmark = pytest.mark.skipif(
    not AUTOGROUP.exists(), reason="the kernel schedules without autogroups"
)

REPORT = (
    "import os; from workers.priority import lower_priority; lower_priority(7); "
    "print(os.getpriority(os.PRIO_PROCESS, 0)); "
    "print(open('/proc/self/autogroup').read().split()[-1])"
)


def _run(new_session: bool) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", REPORT],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=new_session,
        cwd=Path(__file__).parents[2],
    )
    nice, group_nice = done.stdout.split()
    return int(nice), int(group_nice)


def test_a_worker_in_its_own_session_lowers_its_autogroup() -> None:
    nice, group_nice = _run(new_session=True)
    assert nice >= 7
    assert group_nice == 7


def test_a_shared_session_keeps_its_autogroup() -> None:
    before = int(AUTOGROUP.read_text().split()[-1])
    nice, group_nice = _run(new_session=False)
    assert nice >= 7
    assert group_nice == before
    assert int(AUTOGROUP.read_text().split()[-1]) == before
