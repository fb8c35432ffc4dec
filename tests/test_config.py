"""Settings from the environment, and the refusals at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.event import EVENT_TYPES
from services.config import ConfigError, Settings
from workers.pipeline.model import PLOVER_TYPES


def test_defaults_are_the_embedded_mode() -> None:
    settings = Settings.from_env({})
    assert settings.is_embedded
    assert settings.sqlalchemy_url.startswith("sqlite:///")
    assert settings.sqlalchemy_url.endswith("var/eventwire.db")
    assert settings.celery_broker_url == "filesystem://"


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {
            "EVENTWIRE_DATA_DIR": "/srv/ew",
            "EVENTWIRE_MAX_ATTEMPTS": "3",
            "EVENTWIRE_QUANTIZE": "yes",
            "EVENTWIRE_BROKER_TIMEOUT": "0.5",
        }
    )
    assert settings.data_dir == Path("/srv/ew")
    assert (settings.max_attempts, settings.quantize, settings.broker_timeout) == (
        3,
        True,
        0.5,
    )


@pytest.mark.parametrize(
    "environ",
    [
        {"EVENTWIRE_MAX_ATTEMPTS": "three"},
        {"EVENTWIRE_QUANTIZE": "maybe"},
    ],
)
def test_unparseable_values_name_the_variable(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=next(iter(environ))):
        Settings.from_env(environ)


def test_refusals() -> None:
    with pytest.raises(ConfigError, match="SOFT_TIME_LIMIT"):
        Settings(task_soft_time_limit=300, task_time_limit=300).validate()
    with pytest.raises(ConfigError, match="AUTH_MODE"):
        Settings(auth_mode="none").validate()
    with pytest.raises(ConfigError, match="ENCODER_RUNTIME"):
        Settings(encoder_runtime="tensorflow").validate()
    with pytest.raises(ConfigError, match="ENCODER_RUNTIME=onnx"):
        Settings(quantize=True, encoder_runtime="torch").validate()


def test_wire_and_pipeline_agree_on_event_types() -> None:
    assert tuple(EVENT_TYPES) == tuple(PLOVER_TYPES)
