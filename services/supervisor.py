"""`eventwire up`: the API, a worker and the scheduler as child processes."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from types import FrameType

from services.config import Settings

logger = logging.getLogger(__name__)


def run_all(settings: Settings, host: str, port: int, workers: int | None) -> None:
    """Start the three roles; stop all of them when one exits or on SIGINT/SIGTERM."""
    base = [sys.executable, "-m", "services.cli"]
    worker_args = ["worker"] + ([f"--concurrency={workers}"] if workers else [])
    commands = {
        "api": base + ["api", "--host", host, "--port", str(port)],
        "worker": base + worker_args,
        "scheduler": base + ["scheduler"],
    }
    children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
    print(f"eventwire is up on http://{host}:{port} (Ctrl-C stops it)", flush=True)
    stopping = False

    def _stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    while not stopping:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
            logger.error("%s exited; stopping the others", ", ".join(exited))
            break
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
