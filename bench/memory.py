"""Resident memory of a process's children, read from /proc."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory; ``RssAnon`` is the part no other process can share.

    The rest of VmRSS (``RssFile``) is mostly the code pages of torch and MKL that
    every worker process maps from the same files.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found.append(child)
        found.extend(descendants(child))
    return found


def pool_rss_mb(worker_pid: int, field: str = "VmRSS") -> list[float]:
    """RSS of every pool process under a worker.

    Pool processes are the leaves of the worker's process tree: whether the worker
    command runs Celery in-process or through a launcher, the prefork children are
    the ones with no children of their own.
    """
    pool = [pid for pid in descendants(worker_pid) if not children(pid)]
    return sorted(rss_mb(pid, field) for pid in pool)
