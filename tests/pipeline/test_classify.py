"""The event-type classifier with the committed head on clear real-world sentences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workers.pipeline.classify import (
    EventClassifier,
    Head,
    MentionText,
    ModeLexicon,
    TypeDecision,
    default_head_path,
)
from workers.pipeline.model import PLOVER_TYPES


def mention(sentence: str, trigger: str) -> MentionText:
    start = sentence.index(trigger)
    return MentionText(sentence, start, start + len(trigger))


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    return EventClassifier.load()


CLEAR = [
    ("Ukraine accused Moscow of targeting the power grid.", "accused", "ACCUSE"),
    ("Protesters blocked the main highway into Nairobi.", "blocked", "PROTEST"),
    ("Israeli air strikes killed 17 people in Rafah overnight.", "killed", "ASSAULT"),
    ("The Egyptian minister met his Qatari counterpart in Doha.", "met", "CONSULT"),
    ("Police arrested the opposition leader in Kampala.", "arrested", "COERCE"),
    ("North Korea threatened to retaliate for the drills.", "threatened", "THREATEN"),
    ("Hamas rejected the Israeli proposal for a hostage deal.", "rejected", "REJECT"),
    ("Germany sent 40 tonnes of medical supplies to Gaza.", "sent", "AID"),
    ("Lithuania expelled two Russian diplomats on Friday.", "expelled", "SANCTION"),
    ("The UN urged both sides to return to negotiations.", "urged", "REQUEST"),
]  # fmt: skip

NOT_EVENTS = [
    ("The foreign ministry said on Monday that the schedule was unchanged.", "said"),
    ("Oil prices rose sharply after the report on US inventories.", "rose"),
    ("Analysts believe the economy will slow next year.", "believe"),
    ("The capital is home to about four million people.", "is"),
]


def test_clear_examples_get_their_type(classifier: EventClassifier) -> None:
    decisions = classifier.classify([mention(s, t) for s, t, _ in CLEAR])
    got = [d.type for d in decisions]
    want = [label for _, _, label in CLEAR]
    hits = sum(g == w for g, w in zip(got, want, strict=True))
    assert hits >= len(CLEAR) - 1, list(zip(got, want, strict=True))
    for decision in decisions:
        assert 0.0 < decision.confidence <= 1.0


def test_abstains_on_non_events(classifier: EventClassifier) -> None:
    decisions = classifier.classify([mention(s, t) for s, t in NOT_EVENTS])
    assert [d.type for d in decisions] == [None] * len(NOT_EVENTS)
    assert all(d.confidence > 0.5 and d.mode is None for d in decisions)


def test_mode_and_cameo_follow_the_evidence(classifier: EventClassifier) -> None:
    [bomb, call] = classifier.classify(
        [
            mention("A suicide bomber blew himself up at a market in Kabul.", "blew"),
            mention("Macron telephoned Zelensky to discuss air defence.", "telephoned"),
        ]
    )
    assert (bomb.type, bomb.mode, bomb.cameo_root) == (
        "ASSAULT",
        "suicide-attack",
        "18",
    )
    assert (call.type, call.mode, call.cameo_root) == ("CONSULT", "phone", "04")


def test_lexicon_gives_no_mode_without_evidence() -> None:
    lexicon = ModeLexicon.load()
    sentence = "The army attacked the rebel positions."
    start = sentence.index("attacked")
    assert lexicon.lookup("ASSAULT", sentence, start, start + 8) == (None, None)
    assert lexicon.lookup("SUPPORT", sentence, start, start + 8) == (None, "05")


def test_empty_batch(classifier: EventClassifier) -> None:
    assert classifier.classify([]) == []


def test_head_round_trip(tmp_path: Path) -> None:
    head = Head.load(
        Path(__file__).resolve().parents[2] / "workers/pipeline/data/head.npz"
    )
    assert set(PLOVER_TYPES) <= set(head.labels) and "NONE" in head.labels
    copy = tmp_path / "head.npz"
    head.save(copy)
    again = Head.load(copy)
    assert np.array_equal(again.weights, head.weights)
    assert (again.temperature, again.threshold) == (head.temperature, head.threshold)
    x = (
        np.random.default_rng(0)
        .normal(size=(3, head.weights.shape[1]))
        .astype(np.float32)
    )
    assert np.allclose(head.probabilities(x).sum(axis=1), 1.0)


def test_type_decision_is_frozen() -> None:
    decision = TypeDecision("AID", 0.9, None, "07")
    with pytest.raises(AttributeError):
        decision.type = "AGREE"  # type: ignore[misc]


def test_each_encoder_precision_has_its_own_committed_head() -> None:
    fp32, int8 = default_head_path(quantize=False), default_head_path(quantize=True)
    assert fp32 != int8
    heads = [Head.load(fp32), Head.load(int8)]
    assert heads[0].labels == heads[1].labels
    assert heads[0].feature_mode == heads[1].feature_mode
    # Fitted on different features, so the weights differ.
    assert not np.array_equal(heads[0].weights, heads[1].weights)
    chosen = EventClassifier.load(quantize=True)
    assert chosen.encoder.quantize and np.array_equal(
        chosen.head.weights, heads[1].weights
    )
