"""Per-process resources of a worker: database sessions and the pipeline, made once."""

from __future__ import annotations

import ctypes
import importlib
import logging
import os
import threading
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker

if TYPE_CHECKING:
    from workers.pipeline import Pipeline, PipelineSettings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_sessions: dict[int, sessionmaker[Session]] = {}
_pipelines: dict[int, Pipeline] = {}


def pin_threads() -> None:
    """One BLAS/torch thread per process: parallelism comes from processes.

    Two processes with unpinned thread pools on two cores run many times slower.
    """
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch

    torch.set_num_threads(1)


def release_freed_memory() -> None:
    """Hand the heap's free pages back to the system; call it between batches.

    A batch's spaCy and encoder arrays are freed when it ends, but glibc keeps the
    pages once its mmap threshold has risen: about 100 MB per worker process here.
    ``malloc_trim`` returns them and costs well under a millisecond; fixing the mmap
    threshold instead did the same and slowed extraction by a fifth (page faults on
    every large array).
    """
    if _libc is not None:
        _libc.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to release
        return None
    return libc if hasattr(libc, "malloc_trim") else None


_libc = _glibc()


def pipeline_settings(settings: Settings) -> PipelineSettings:
    from workers.pipeline import PipelineSettings

    return PipelineSettings(
        spacy_model=settings.spacy_model,
        encoder=settings.encoder or None,
        head_path=settings.head_path or None,
        quantize=settings.quantize,
        encoder_runtime=settings.encoder_runtime,
        onnx_cache_dir=settings.onnx_cache_dir or None,
    )


def build_pipeline(settings: Settings) -> Pipeline:
    """Our pipeline, or one from the factory in EVENTWIRE_PIPELINE_FACTORY."""
    if settings.pipeline_factory:
        module_name, _, attribute = settings.pipeline_factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attribute)
        built: Pipeline = factory(pipeline_settings(settings))
        return built
    from workers.pipeline import Pipeline

    return Pipeline(pipeline_settings(settings))


def sessions(settings: Settings) -> sessionmaker[Session]:
    """The process's session factory; rebuilt after a fork (keyed by pid)."""
    pid = os.getpid()
    with _lock:
        if pid not in _sessions:
            _sessions[pid] = make_sessionmaker(make_engine(settings))
        return _sessions[pid]


def pipeline(settings: Settings) -> Pipeline:
    """The process's pipeline, models loaded on first use."""
    pid = os.getpid()
    with _lock:
        if pid not in _pipelines:
            _pipelines[pid] = build_pipeline(settings)
        found = _pipelines[pid]
    found.load()
    return found
