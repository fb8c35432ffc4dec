"""Lower a worker's CPU priority so that, on a shared machine, the API runs first."""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

AUTOGROUP = Path("/proc/self/autogroup")


def lower_priority(nice: int, idle_class: bool = False) -> None:
    """Run this process, and the pool processes it forks, at ``nice``.

    With the kernel's autogroup scheduling on (the default of most Linux
    distributions), CPU time is first shared out between sessions and only then
    by nice value inside each: a worker started in a session of its own (by a
    supervisor, or ``setsid``) at nice 10 still gets as much CPU as the API it
    should make way for. So when the session is the worker's own, its autogroup
    gets the same nice; a session shared with other programs, such as a terminal
    running ``eventwire up``, is left as it is, and nice works there already.

    With ``idle_class`` the process also joins Linux's ``SCHED_IDLE`` class, whose
    tasks any other task waking on their core preempts at once: an API thread
    answered by the database runs without waiting out an encoder's time slice. The
    cost: while other work keeps every core busy, the worker gets next to nothing.
    """
    if idle_class and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError as exc:  # a sandbox that forbids the call: nice still holds
            logger.warning("could not enter the idle scheduling class: %r", exc)
    if nice <= 0:
        return
    os.nice(nice)
    if os.getsid(0) != os.getpid() or not AUTOGROUP.exists():
        return
    try:
        AUTOGROUP.write_text(str(nice))
    except OSError as exc:
        # Some containers mount /proc read-only; nice alone still orders this
        # worker against processes of its own session.
        logger.warning("could not lower the autogroup's priority: %r", exc)
