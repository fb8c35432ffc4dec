"""An encoder run by ONNX Runtime: exported from transformers once, cached on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import onnxruntime

logger = logging.getLogger(__name__)

# Bump when the export below changes, so older cached files are not reused.
EXPORT_FORMAT = 2
OPSET = 17
# Exported and eager outputs differ by about 4e-6 on MiniLM; anything near this bound
# means the graph lost a branch while tracing (say, the attention mask).
TOLERANCE = 1e-3


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/eventwire/onnx``, or ``~/.cache/eventwire/onnx``."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "eventwire" / "onnx"


def model_folder(name: str) -> Path:
    """The local folder holding ``name``'s files: the path itself, or a hub snapshot."""
    if Path(name).is_dir():
        return Path(name).resolve()
    from transformers.utils import cached_file

    config = cached_file(name, "config.json")
    if config is None:
        raise LookupError(f"encoder {name!r} has no config.json")
    return Path(config).parent


def fingerprint(folder: Path) -> str:
    """A digest of the folder's files (name, size, mtime) and of the exporting tools.

    Retraining a model in place, or upgrading torch, gives a new digest and so a
    new export; reading 90 MB of weights to hash them would cost every start.
    """
    digest = hashlib.sha256(f"{EXPORT_FORMAT}:{OPSET}".encode())
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def export_stem(folder: Path, quantize: bool) -> str:
    """What every export of the model in ``folder`` at one precision is named by."""
    where = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
    return f"{folder.name}-{where}-{'int8' if quantize else 'fp32'}"


def cached_export(
    name: str, cache_dir: Path | None = None, *, quantize: bool = False
) -> Path:
    """The ONNX file for encoder ``name``, exporting and checking it on first use.

    With ``quantize`` the linear layers' weights are int8 (ONNX Runtime's dynamic
    quantisation of the checked fp32 export). A cache folder that cannot be written
    (a read-only home, say) gives way to one in the system's temporary folder, with
    a warning, rather than to no encoder.
    """
    folder = model_folder(name)
    directory = cache_dir or default_cache_dir()
    stem = export_stem(folder, quantize)
    filename = f"{stem}-{fingerprint(folder)}.onnx"
    if (directory / filename).exists():
        return directory / filename
    try:
        return _export_into(folder, directory / filename, stem, quantize)
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / f"eventwire-onnx-{os.getuid()}"
        if directory == fallback:
            raise
        logger.warning(
            "cannot write the encoder export to %s (%s); using %s instead. "
            "Set EVENTWIRE_ONNX_CACHE_DIR to a writable folder.",
            directory,
            error,
            fallback,
        )
        if (fallback / filename).exists():
            return fallback / filename
        return _export_into(folder, fallback / filename, stem, quantize)


def _export_into(folder: Path, path: Path, stem: str, quantize: bool) -> Path:
    """Export to ``path``, then drop that model's older exports at this precision."""
    path.parent.mkdir(parents=True, exist_ok=True)
    logger.info("exporting encoder %s to %s", folder, path)
    # Worker processes may export at the same moment: each writes its own files and
    # the last rename wins, so a reader never sees half a file.
    scratch = [_scratch_file(path.parent) for _ in range(2 if quantize else 1)]
    try:
        export(str(folder), scratch[0])
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            # One scale per output channel rather than per matrix: pooled MiniLM
            # embeddings then keep a cosine of 0.992 to the fp32 ones, against 0.958,
            # at the same speed.
            quantize_dynamic(
                scratch[0], scratch[1], weight_type=QuantType.QInt8, per_channel=True
            )
        os.chmod(scratch[-1], 0o644)  # mkstemp made it private; a cache is not secret
        os.replace(scratch[-1], path)
    finally:
        for file in scratch:
            file.unlink(missing_ok=True)
    # A session holds its model in memory once built, so older files can go even
    # while a process started before an upgrade still runs on one.
    for older in path.parent.glob(f"{stem}-*.onnx"):
        if older != path:
            older.unlink(missing_ok=True)
    return path


def _scratch_file(directory: Path) -> Path:
    handle, name = tempfile.mkstemp(dir=directory, suffix=".onnx.part")
    os.close(handle)
    return Path(name)


def export(name: str, path: Path) -> None:
    """Write ``name``'s encoder to ``path`` as ONNX, checked against eager outputs."""
    import torch
    from transformers import AutoModel

    # Eager attention builds the mask from the inputs on every call; the SDPA path
    # drops an all-ones mask while tracing, and the graph would then ignore padding.
    model = AutoModel.from_pretrained(name, attn_implementation="eager").eval()
    wrapped = _last_hidden_state(model)
    vocab = int(model.config.vocab_size)
    traced_ids, traced_mask = _probe(2, 8, vocab, torch)
    with warnings.catch_warnings(), torch.inference_mode():
        # The TorchScript exporter is deprecated in favour of the dynamo one, whose
        # MiniLM graph ran 12 % slower here; torch is pinned, so it stays.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped,
            (traced_ids, traced_mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                name: {0: "batch", 1: "tokens"}
                for name in ("input_ids", "attention_mask", "last_hidden_state")
            },
            opset_version=OPSET,
            dynamo=False,
        )
    # Checked on another shape than the traced one, so the axes are truly dynamic.
    ids, mask = _probe(3, 11, vocab, torch)
    with torch.inference_mode():
        expected = wrapped(ids, mask).numpy()
    got = OnnxEncoder(path, threads=1)(ids.numpy(), mask.numpy())
    valid = mask.numpy().astype(bool)
    error = float(np.abs(expected - got)[valid].max())
    if error > TOLERANCE:
        raise RuntimeError(
            f"ONNX export of {name} differs from the model by {error:.2g}; "
            "use EVENTWIRE_ENCODER_RUNTIME=torch"
        )


def _probe(batch: int, width: int, vocab: int, torch: Any) -> tuple[Any, Any]:
    """Token ids and a mask whose first row is half padding."""
    generator = torch.Generator().manual_seed(width)
    low = min(1000, vocab // 2)
    ids = torch.randint(low, vocab, (batch, width), generator=generator)
    mask = torch.ones((batch, width), dtype=torch.long)
    mask[0, width // 2 :] = 0
    return ids, mask


def _last_hidden_state(model: Any) -> Any:
    """``model`` as a module of positional inputs giving the last hidden states.

    The exporter traces positional arguments; the class lives in here because torch
    is imported only when exporting.
    """
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            output = self.model(input_ids=input_ids, attention_mask=attention_mask)
            return output.last_hidden_state

    # A new module starts in training mode, and the exporter restores that mode on
    # the whole tree afterwards: dropout would then run in the check below.
    return LastHiddenState().eval()


class OnnxEncoder:
    """An ONNX Runtime session that maps token ids and a mask to hidden states."""

    def __init__(self, path: Path, *, threads: int) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads would otherwise spin between batches and take CPU from
        # the other process on the core.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session: onnxruntime.InferenceSession = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, tokens, hidden) float32 for int64 ``input_ids`` and ``mask``."""
        feed = {
            "input_ids": input_ids.astype(np.int64, copy=False),
            "attention_mask": mask.astype(np.int64, copy=False),
        }
        (hidden,) = self._session.run(["last_hidden_state"], feed)
        return np.asarray(hidden, dtype=np.float32)
