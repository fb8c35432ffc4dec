"""Run eventwire roles as child processes here: for `eventwire bench` and the tests."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from services.config import PREFIX, Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """This environment without EVENTWIRE_* variables, plus every setting's value."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    for f in dataclasses.fields(settings):
        if f.name == "overrides":
            continue
        value = getattr(settings, f.name)
        if isinstance(value, bool):
            value = "true" if value else "false"
        env[PREFIX + f.name.upper()] = str(value)
    env.update(PYTHONUNBUFFERED="1", **extra)
    return {k: v for k, v in env.items() if v != ""}


def eventwire(*args: str) -> list[str]:
    return [sys.executable, "-m", "services.cli", *args]


@contextmanager
def running(
    command: list[str],
    env: dict[str, str],
    log: Path,
    ready: Callable[[], bool] | None = None,
    timeout: float = 120.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` in its own process group; yield once ``ready()`` holds."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        if ready is not None:
            wait_for(ready, timeout, lambda: process.poll() is not None, log)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], grace: float = 30.0) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


def wait_for(
    condition: Callable[[], bool],
    timeout: float,
    died: Callable[[], bool] = lambda: False,
    log: Path | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if died():
            tail = log.read_text()[-3000:] if log and log.exists() else ""
            raise AssertionError(f"process exited early:\n{tail}")
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"not ready after {timeout:.0f}s:\n{tail}")


def http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return requests.get(url, timeout=1).status_code == 200
        except requests.RequestException:
            return False

    return check


def log_says(log: Path, text: str) -> Callable[[], bool]:
    return lambda: log.exists() and text in log.read_text(errors="replace")
