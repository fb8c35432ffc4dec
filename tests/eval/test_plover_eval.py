"""The PLOVER evaluation: markup parsing, the actor rule, and a run on a small slice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval.plover import (
    actor_matches,
    gold_candidates,
    gold_examples,
    gold_retellings,
    gold_triggers,
    load_records,
    miss_record,
    run_plover_eval,
    same_text_same_fold,
    score,
)
from tests.shared_data import require_shared_data
from workers.pipeline.classify import MentionText
from workers.pipeline.encoder import MentionEncoder
from workers.pipeline.model import Entity, Event, Participant, Span
from workers.pipeline.training import load_examples


@pytest.fixture(scope="module")
def plover_path() -> Path:
    return require_shared_data() / "plover" / "PLOVER_GSR_CAMEO.json"


def _participant(role: str, country: str | None, sector: str | None) -> Participant:
    return Participant(role, "x", 0, 1, Entity("x", "country", country, sector))


def _event(kind: str, participants: list[Participant]) -> Event:
    span = Span("x", 0, 1)
    return Event(kind, span, span, participants, "asserted", 0.9, "test")


def test_every_record_has_triggers_in_its_text(plover_path: Path) -> None:
    records = load_records(plover_path)
    assert len(records) == 322
    for record in records:
        triggers = gold_triggers(record)
        assert triggers, record["id"]
        for t in triggers:
            assert t.sentence == record["text"] and t.trigger_end > t.trigger_start


def test_fold_rows_are_the_candidates_at_the_first_gold_trigger_that_has_one() -> None:
    text = "Hungary said it would support a resolution. Critics objected."
    record = {
        "text": text,
        "textInfo": {
            "markup": "(SRC: Hungary) (EVT: said) it would (EVT: support) a "
            "(TAR: resolution). Critics objected."
        },
    }
    first, second = text.split(". ")
    support = MentionText(
        first + ".", first.index("support"), first.index("support") + 7
    )
    objected = MentionText(second, second.index("objected"), len(second) - 1)
    # No candidate at "said": the pipeline unwraps speech, so "support" is the row.
    assert gold_candidates(record, [objected, support]) == [support]
    assert gold_candidates(record, [objected]) == []
    record["event"] = "DEMAND"  # an old name: the row takes the new one
    ((index, row),) = gold_examples([record], [objected, support])
    assert (index, row.mention, row.type) == (0, support, "REQUEST")


def test_a_sentence_coded_twice_is_held_out_in_one_fold() -> None:
    records = [{"text": "A struck B."}, {"text": "C met D."}, {"text": "A  struck B."}]
    folds = same_text_same_fold(records, np.array([0, 1, 2]))
    assert folds.tolist() == [0, 1, 0]


def test_actor_rule_countries_and_sectors() -> None:
    assert actor_matches({"RUS"}, [_participant("source", "RUS", "GOV")])
    assert not actor_matches({"RUS"}, [_participant("source", "UKR", "GOV")])
    assert actor_matches({"IGO"}, [_participant("source", None, "IGO")])
    assert not actor_matches({"IGO"}, [_participant("source", "USA", "GOV")])


def test_score_needs_type_and_both_sides() -> None:
    record = {
        "event": "DEMAND",
        "source": [{"code": "USA"}],
        "target": [{"code": "JAP"}],  # legacy CAMEO spelling of JPN
        "text": "x",
    }
    good = _event(
        "REQUEST",
        [_participant("source", "USA", "GOV"), _participant("target", "JPN", "GOV")],
    )
    wrong = _event("ACCUSE", [_participant("source", "USA", "GOV")])
    hits, false = score(record, [good, wrong])
    assert hits == {"type": True, "source": True, "target": True, "full": True}
    assert false == 1
    hits, _ = score({**record, "target": ""}, [wrong])
    assert hits["type"] is False and hits["target"] is None


def test_a_miss_is_written_with_gold_and_predicted() -> None:
    record = {
        "id": "X-1",
        "event": "DEMAND",
        "eventText": "demanded",
        "source": [{"actorText": "Washington", "code": "USA"}],
        "target": {"actorText": "Tokyo", "code": "JPN"},
        "text": "Washington demanded that Tokyo act.",
    }
    wrong = _event("ACCUSE", [_participant("source", "USA", "GOV")])
    hits, _ = score(record, [wrong])
    line = miss_record("committed", record, hits, [wrong])
    assert line["gold"]["type"] == "REQUEST"
    assert line["gold"]["target"] == [{"text": "Tokyo", "code": "JPN"}]
    assert line["missed"] == ["full", "source", "target", "type"]
    assert line["predicted"][0]["type"] == "ACCUSE"
    assert line["predicted"][0]["participants"][0]["country"] == "USA"


def test_runs_on_a_slice(plover_path: Path) -> None:
    report = run_plover_eval(plover_path, folds=2, progress=False, limit=12)
    data = report.to_dict()
    assert data["columns"]["cv"]["ALL"]["n"] == 12
    assert data["columns"]["committed"]["ALL"]["n"] == 12
    assert "ALL" in report.format_table()
    assert report.misses and {m["column"] for m in report.misses} <= {"cv", "committed"}


def test_shipped_head_only(plover_path: Path) -> None:
    report = run_plover_eval(plover_path, progress=False, limit=6, cv=False)
    assert list(report.to_dict()["columns"]) == ["committed"]
    assert "cv" not in report.format_table().splitlines()[0]


@pytest.mark.slow
def test_full_eval(plover_path: Path) -> None:
    report = run_plover_eval(plover_path, folds=5, progress=False)
    overall = report.to_dict()["columns"]["cv"]["ALL"]
    assert overall["type"] >= 0.6


@pytest.mark.slow
def test_no_training_sentence_retells_a_gold_record(plover_path: Path) -> None:
    encoder = MentionEncoder(max_length=128)
    records = load_records(plover_path)
    written = ["Syria said it was willing to withdraw its troops from Lebanon."]
    assert gold_retellings(written, records, encoder), "the check finds a retelling"
    sentences = sorted({e.mention.sentence for e in load_examples()})
    found = gold_retellings(sentences, records, encoder)
    assert not found, "\n".join(f"{s:.2f} {mine} <- {gold}" for s, mine, gold in found)
