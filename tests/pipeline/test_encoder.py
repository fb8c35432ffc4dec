"""The mention encoder on real sentences, and loading a model folder like a hub id."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workers.pipeline.encoder import MentionEncoder, mark_trigger


@pytest.fixture(scope="module")
def encoder() -> MentionEncoder:
    return MentionEncoder()


def test_encode_is_normalised_and_separates_topics(encoder: MentionEncoder) -> None:
    vecs = encoder.encode(
        [
            "Russian missiles struck apartment buildings in Kharkiv.",
            "Rockets hit residential blocks in the Ukrainian city overnight.",
            "The stock index rose 2 percent on Tuesday.",
        ]
    )
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


def test_trigger_pooling_differs_within_one_sentence(encoder: MentionEncoder) -> None:
    sentence = "Russia accused Ukraine of shelling the plant and threatened to respond."
    spans = [
        (sentence.find(w), sentence.find(w) + len(w)) for w in ("accused", "threatened")
    ]
    window, trigger = encoder.encode_mentions([sentence, sentence], spans)
    assert np.allclose(window[0], window[1], atol=1e-6)  # one pass, same window
    assert trigger[0] @ trigger[1] < 0.95


def test_long_sentence_keeps_the_trigger_in_its_window(encoder: MentionEncoder) -> None:
    filler = " ".join(["officials in the northern province described the weather"] * 12)
    sentence = f"{filler} while troops shelled the village near the border."
    start = sentence.find("shelled")
    _, near = encoder.encode_mentions([sentence], [(start, start + len("shelled"))])
    short = "troops shelled the village near the border."
    s = short.find("shelled")
    _, alone = encoder.encode_mentions([short], [(s, s + len("shelled"))])
    assert float(near[0] @ alone[0]) > 0.6


def test_mark_trigger_offsets() -> None:
    text, start, end = mark_trigger("Kenya hosted the talks.", 6, 12)
    assert text == "Kenya [ hosted ] the talks." and text[start:end] == "hosted"


def test_onnx_runtime_matches_torch(encoder: MentionEncoder) -> None:
    sentences = [
        "Russia accused Ukraine of shelling the plant and threatened to respond.",
        "Kenya hosted the talks.",
    ]
    spans = [(7, 14), (6, 12)]
    in_torch = MentionEncoder(runtime="torch").encode_mentions(sentences, spans)
    in_onnx = encoder.encode_mentions(sentences, spans)
    assert encoder.runtime == "onnx"
    for fast, exact in zip(in_onnx, in_torch, strict=True):
        assert np.abs(fast - exact).max() < 1e-5


def test_quantized_encoder_stays_close(encoder: MentionEncoder) -> None:
    texts = ["Iran seized a British oil tanker in the Strait of Hormuz."]
    fp32 = encoder.encode(texts)
    int8 = MentionEncoder(quantize=True).encode(texts)
    # Dynamic int8 moves the embedding a little, not away.
    assert 0.9 < float(fp32[0] @ int8[0]) < 0.9999


def test_the_int8_encoder_needs_the_onnx_runtime() -> None:
    with pytest.raises(ValueError, match="onnx runtime"):
        MentionEncoder(quantize=True, runtime="torch")


def test_model_folder_loads_like_a_hub_id(tmp_path: Path) -> None:
    from transformers import BertConfig, BertModel, BertTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "army", "shelled"]
    words += ["town", "talks", "resumed", "[", "]", "."]
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(words) + "\n")
    folder = tmp_path / "tiny-bert"
    BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
    )
    BertModel(config).save_pretrained(folder)
    cache = tmp_path / "cache"
    sentence = "the army shelled the town ."
    outputs = {}
    for runtime in ("torch", "onnx"):
        tiny = MentionEncoder(
            model=str(folder), runtime=runtime, cache_dir=cache, max_length=16
        )
        window, trigger = tiny.encode_mentions([sentence], [(9, 16)])
        assert window.shape == (1, 32) and trigger.shape == (1, 32)
        assert tiny.dim == 32
        assert not np.allclose(window, trigger)
        outputs[runtime] = window
    assert np.abs(outputs["onnx"] - outputs["torch"]).max() < 1e-5
    assert [p.suffix for p in cache.iterdir()] == [".onnx"]


def test_an_int8_embedding_does_not_depend_on_its_batch() -> None:
    # Dynamic quantisation scales activations over a whole run: batched with a long,
    # different sentence, a window would come out differently from on its own.
    sentence = "Iran seized a British oil tanker in the Strait of Hormuz."
    others = [
        "The ministers met in Geneva on Monday and agreed to resume talks on the "
        "ceasefire, the prisoner exchange and the reopening of the border crossings.",
        "Protesters burned tyres outside the parliament.",
    ]
    int8 = MentionEncoder(quantize=True)
    alone = int8.encode_mentions([sentence], [(5, 11)])
    batched = int8.encode_mentions([*others, sentence], [(12, 15), (11, 17), (5, 11)])
    for one, many in zip(alone, batched, strict=True):
        assert np.array_equal(one[0], many[-1])
