"""The benchmark runs end to end on a few articles; its numbers are not checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.report import format_table, run_bench
from services.config import Settings
from tests.shared_data import require_shared_data

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def samples(monkeypatch: pytest.MonkeyPatch) -> Path:
    path = require_shared_data() / "samples"
    monkeypatch.setenv("EVENTWIRE_SAMPLES", str(path))
    return path


def test_in_process_and_long_article_rows() -> None:
    rows = run_bench(articles=4, service=False, long_chars=6000, intake_seconds=1)
    names = [row[0] for row in rows]
    assert names[0] == "in-process pipeline" and "long article" in names
    assert "articles/s" in rows[0][1]
    table = format_table(rows)
    assert table.count("\n") == len(rows) + 2


def test_service_rows(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_BENCH_REDIS_URL", settings.broker_url)
    rows = run_bench(articles=6, service=True, long_chars=3000, intake_seconds=1)
    names = [row[0] for row in rows]
    assert any(name.startswith("end to end") for name in names)
    intake = [row for row in rows if row[0].startswith("intake")]
    assert [row[0].split(",")[1].strip() for row in intake] == [
        "50 clients flat out",
        "50 clients at 500 POST/s",
    ]
    assert all("errors 0," in row[2] for row in intake)
    rss = next(row for row in rows if row[0].startswith("worker RSS"))
    assert rss[1].count("MB") == 2  # both pool processes were found
