"""Fixtures for pipeline tests: the real spaCy model and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import require_shared_data
from workers.pipeline.resources import load_spacy


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return require_shared_data() / "samples"


@pytest.fixture(scope="session")
def plover_path() -> Path:
    return require_shared_data() / "plover" / "PLOVER_GSR_CAMEO.json"
