"""A lowered worker priority reaches the autogroup only of a session of its own.

A process in the boot session belongs to no autogroup of its own, and the kernel
then shows an empty ``/proc/self/autogroup``: these tests read it as ``None``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workers.priority import AUTOGROUP

pytestmark = pytest.mark.skipif(
    not AUTOGROUP.exists(), reason="the kernel schedules without autogroups"
)

REPORT = (
    "import os, sys; from workers.priority import lower_priority; "
    "lower_priority(7, idle_class=sys.argv[1] == 'idle'); "
    "print(os.getpriority(os.PRIO_PROCESS, 0)); "
    "print((open('/proc/self/autogroup').read().split() or ['none'])[-1]); "
    "print(os.sched_getscheduler(0))"
)


def _autogroup_nice() -> int | None:
    shown = AUTOGROUP.read_text().split()
    return int(shown[-1]) if shown else None


def _run(new_session: bool, idle: bool = False) -> tuple[int, int | None, int]:
    done = subprocess.run(
        [sys.executable, "-c", REPORT, "idle" if idle else "normal"],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=new_session,
        cwd=Path(__file__).parents[2],
    )
    nice, group_nice, policy = done.stdout.split()
    return int(nice), None if group_nice == "none" else int(group_nice), int(policy)


def test_a_worker_in_its_own_session_lowers_its_autogroup() -> None:
    nice, group_nice, policy = _run(new_session=True)
    assert nice >= 7
    assert group_nice == 7
    assert policy == os.SCHED_OTHER


def test_a_shared_session_keeps_its_autogroup() -> None:
    before = _autogroup_nice()
    nice, group_nice, _ = _run(new_session=False)
    assert nice >= 7
    assert group_nice == before
    assert _autogroup_nice() == before


def test_the_idle_class_is_asked_for() -> None:
    _, _, policy = _run(new_session=True, idle=True)
    assert policy == os.SCHED_IDLE
