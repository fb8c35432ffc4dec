"""The bench's intake row: one run as measured, several with every run's tail."""

from __future__ import annotations

from bench.report import paced_intake_row
from bench.service import IntakeResult


def _run(
    p99_ms: float, p50_ms: float = 20.0, errors: int = 0, maintenance: int = 0
) -> IntakeResult:
    return IntakeResult(4950, 10.0, errors, p50_ms, p99_ms, 0.09, maintenance)


def test_one_run_gives_its_own_figures() -> None:
    name, result, notes = paced_intake_row([_run(57.0)])
    assert name == "intake, 50 clients at 500 POST/s, workers running"
    assert result == "495 POST/s"
    assert notes == "p50 20 ms, p99 57 ms, errors 0, clients' CPU 0.09 cores"


def test_several_runs_give_each_tail_and_how_many_met_the_target() -> None:
    runs = [_run(54.0), _run(232.0, p50_ms=60.0, errors=1), _run(100.0), _run(74.0)]
    _, _, notes = paced_intake_row(runs)
    assert notes == (
        "p50 20 ms, p99 median 87 ms (runs: 54, 232, 100, 74; 3 of 4 within 100), "
        "errors 1, clients' CPU 0.09 cores"
    )


def test_database_maintenance_under_a_run_is_named() -> None:
    _, _, notes = paced_intake_row([_run(131.0, maintenance=2), _run(44.0)])
    assert notes.endswith(", autovacuum/autoanalyze passes during runs: 2, 0")
