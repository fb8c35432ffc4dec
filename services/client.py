"""A small HTTP client for the API, used by `eventwire submit`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

FINAL = ("succeeded", "failed")


class ApiError(RuntimeError):
    pass


class Client:
    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def submit_batch(self, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.session.post(
            f"{self.base_url}/v1/articles/batch",
            json={"articles": articles},
            timeout=self.timeout,
        )
        if response.status_code != 207:
            raise ApiError(f"{response.status_code}: {response.text[:500]}")
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def job(self, job_id: str) -> dict[str, Any]:
        response = self.session.get(
            f"{self.base_url}/v1/jobs/{job_id}", timeout=self.timeout
        )
        if response.status_code != 200:
            raise ApiError(f"{response.status_code}: {response.text[:500]}")
        found: dict[str, Any] = response.json()
        return found

    def wait(
        self, job_ids: list[str], timeout: float, poll: float = 0.5
    ) -> Iterator[dict[str, Any]]:
        """Yield each job once it is final, until all are or the timeout passes."""
        pending = list(job_ids)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            still = []
            for job_id in pending:
                job = self.job(job_id)
                if job["state"] in FINAL:
                    yield job
                else:
                    still.append(job_id)
            pending = still
            if pending:
                time.sleep(poll)
        if pending:
            raise ApiError(f"{len(pending)} jobs not finished after {timeout:.0f}s")


def read_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Article objects from a .txt, .html or .jsonl file."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ApiError(f"{path}:{number}: not JSON ({exc})") from exc
        return
    content = path.read_text(encoding="utf-8")
    key = "html" if suffix in (".html", ".htm") else "text"
    yield {key: content, "external_id": f"file:{path.name}"}
