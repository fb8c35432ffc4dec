"""Logging set-up for every eventwire process."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level.upper(), format=FORMAT)
    for noisy in ("httpx", "urllib3", "trafilatura", "htmldate", "filelock", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # The filesystem broker URL has no host by design; kombu warns about it each time.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
