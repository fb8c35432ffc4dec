"""Exporting an encoder to ONNX: cached per model and tools, padding respected."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from workers.pipeline.onnx_runtime import OnnxEncoder, cached_export, fingerprint


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import BertConfig, BertModel

    folder = tmp_path_factory.mktemp("tiny-bert")
    config = BertConfig(
        vocab_size=64,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
    )
    BertModel(config).save_pretrained(folder)
    return folder


def test_export_is_cached_and_reused(tiny_bert: Path, tmp_path: Path) -> None:
    first = cached_export(str(tiny_bert), tmp_path)
    stamp = first.stat().st_mtime_ns
    again = cached_export(str(tiny_bert), tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]


def test_changed_weights_give_a_new_export(tiny_bert: Path, tmp_path: Path) -> None:
    before = fingerprint(tiny_bert)
    weights = tiny_bert / "model.safetensors"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        assert fingerprint(tiny_bert) != before
    finally:
        os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert fingerprint(tiny_bert) == before


def test_a_new_export_replaces_the_models_older_one(
    tiny_bert: Path, tmp_path: Path
) -> None:
    first = cached_export(str(tiny_bert), tmp_path)
    unrelated = tmp_path / "other-model-0123abcd-ffff.onnx"
    unrelated.write_bytes(b"not ours")
    weights = tiny_bert / "model.safetensors"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        second = cached_export(str(tiny_bert), tmp_path)
    finally:
        os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert second != first and second.exists() and not first.exists()
    assert unrelated.exists()


def test_an_unwritable_cache_falls_back_to_the_temporary_folder(
    tiny_bert: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    path = cached_export(str(tiny_bert), blocked / "cache")
    assert path.parent == tmp_path / "tmp" / f"eventwire-onnx-{os.getuid()}"
    assert cached_export(str(tiny_bert), blocked / "cache") == path


def _export_in_child(args: tuple[str, str]) -> str:
    model, cache = args
    return str(cached_export(model, Path(cache)))


def test_two_processes_exporting_at_once_agree_on_one_file(
    tiny_bert: Path, tmp_path: Path
) -> None:
    # Two pool processes starting together on a fresh machine both find no export.
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        paths = pool.map(_export_in_child, [(str(tiny_bert), str(tmp_path))] * 2)
    assert len(set(paths)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [Path(paths[0]).name]
    encoder = OnnxEncoder(Path(paths[0]), threads=1)
    ids = np.array([[2, 10, 11, 3]], dtype=np.int64)
    assert encoder(ids, np.ones_like(ids)).shape == (1, 4, 16)


def test_padding_does_not_change_a_rows_states(tiny_bert: Path, tmp_path: Path) -> None:
    encoder = OnnxEncoder(cached_export(str(tiny_bert), tmp_path), threads=1)
    ids = np.array([[2, 10, 11, 12, 3]], dtype=np.int64)
    alone = encoder(ids, np.ones_like(ids))
    padded_ids = np.array([[2, 10, 11, 12, 3, 0, 0], [2, 5, 6, 7, 8, 9, 3]])
    mask = np.array([[1, 1, 1, 1, 1, 0, 0], [1] * 7])
    padded = encoder(padded_ids, mask)
    assert padded.shape == (2, 7, 16)
    assert np.abs(padded[0, :5] - alone[0]).max() < 1e-5
