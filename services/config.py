"""One settings object from EVENTWIRE_* environment variables, embedded defaults."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = "EVENTWIRE_"


class ConfigError(ValueError):
    """A setting that cannot work; raised at start-up, never mid-request."""


@dataclass(frozen=True)
class Settings:
    """Every knob of the service. Defaults give the embedded single-machine mode."""

    data_dir: Path = Path("var")
    # Empty: the embedded default under data_dir (SQLite, filesystem broker).
    database_url: str = ""
    broker_url: str = ""
    # Connections each process keeps open to PostgreSQL. The API raises it to its
    # thread count: a thread finding the pool empty would open and close a
    # connection per request.
    database_pool_size: int = 10
    # HTTP intake
    max_body_bytes: int = 2 * 1024 * 1024
    max_batch_items: int = 500
    max_json_depth: int = 20
    page_limit_default: int = 50
    page_limit_max: int = 500
    # Security: "keys" requires Bearer API keys; "open" serves anyone (logs a warning).
    auth_mode: str = "keys"
    rate_limit: str = "6000/minute"
    rate_limit_storage_url: str = ""
    # Tasks
    task_time_limit: int = 300
    task_soft_time_limit: int = 240
    max_attempts: int = 5
    retry_backoff_max: int = 60
    visibility_timeout: int = 3600
    broker_timeout: float = 2.0
    reconcile_interval: float = 30.0
    reconcile_queued_after: float = 120.0
    # A running job older than its hard time limit plus this margin lost its worker.
    reconcile_running_margin: float = 30.0
    worker_batch_size: int = 8
    worker_batch_wait: float = 0.05
    # Workers run at this nice level: on a machine they share with the API, intake
    # keeps its latency and extraction takes the CPU that is left (0 disables).
    worker_nice: int = 10
    # And in Linux's idle scheduling class, so that a waking API thread takes a core
    # from an encoder at once instead of after the encoder's time slice.
    worker_idle_class: bool = True
    idempotency_ttl: float = 86400.0
    # Models
    spacy_model: str = "en_core_web_sm"
    encoder: str = ""
    head_path: str = ""
    quantize: bool = False
    # "onnx" runs the encoder on ONNX Runtime (exported once into onnx_cache_dir,
    # default ~/.cache/eventwire/onnx); "torch" runs it in transformers.
    encoder_runtime: str = "onnx"
    onnx_cache_dir: str = ""
    # "module:callable" taking PipelineSettings and returning a pipeline; empty means
    # workers.pipeline.Pipeline. A seam for custom extractors and fault injection.
    pipeline_factory: str = ""
    log_level: str = "INFO"
    # Extra Flask settings for tests (not read from the environment).
    overrides: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **changes: Any
    ) -> Settings:
        """Build settings from ``EVENTWIRE_<FIELD>`` variables; ``changes`` win."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is None or f.name == "overrides":
                continue
            values[f.name] = _parse(f.name, raw, type(getattr(cls(), f.name)))
        values.update(changes)
        return cls(**values)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'eventwire.db').resolve()}"

    @property
    def celery_broker_url(self) -> str:
        return self.broker_url or "filesystem://"

    @property
    def broker_folder(self) -> Path:
        return (self.data_dir / "broker").resolve()

    @property
    def is_embedded(self) -> bool:
        return not self.database_url or not self.broker_url

    def validate(self) -> None:
        """Refuse settings under which a task could outlive its broker message."""
        if self.auth_mode not in ("keys", "open"):
            raise ConfigError("EVENTWIRE_AUTH_MODE must be 'keys' or 'open'")
        if self.task_soft_time_limit >= self.task_time_limit:
            raise ConfigError(
                "EVENTWIRE_TASK_SOFT_TIME_LIMIT must be below TASK_TIME_LIMIT"
            )
        if not 0 <= self.worker_nice <= 19:
            raise ConfigError("EVENTWIRE_WORKER_NICE must be between 0 and 19")
        if self.encoder_runtime not in ("onnx", "torch"):
            raise ConfigError("EVENTWIRE_ENCODER_RUNTIME must be 'onnx' or 'torch'")
        if self.quantize and self.encoder_runtime != "onnx":
            raise ConfigError(
                "EVENTWIRE_QUANTIZE=true needs EVENTWIRE_ENCODER_RUNTIME=onnx"
            )
        if self.database_pool_size < 1:
            raise ConfigError("EVENTWIRE_DATABASE_POOL_SIZE must be at least 1")
        if self.max_attempts < 1:
            raise ConfigError("EVENTWIRE_MAX_ATTEMPTS must be at least 1")
        # Redis redelivers an unacknowledged message after the visibility timeout:
        # a task (or a retry's countdown) longer than that would run twice at once.
        longest = self.task_time_limit + self.retry_backoff_max
        if self.visibility_timeout <= longest:
            raise ConfigError(
                f"EVENTWIRE_VISIBILITY_TIMEOUT ({self.visibility_timeout}s) "
                "must exceed "
                f"TASK_TIME_LIMIT + RETRY_BACKOFF_MAX ({longest}s)"
            )


def _parse(name: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind is Path:
            return Path(raw)
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(
            f"{PREFIX}{name.upper()}={raw!r} is not a valid {kind.__name__}"
        ) from exc
