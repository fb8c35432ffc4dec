"""The `eventwire` command: keys, migrations, configuration errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from services.cli import main
from services.config import Settings
from services.storage.db import make_engine, make_sessionmaker
from services.storage.keys import identify


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("EVENTWIRE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EVENTWIRE_BROKER_URL", settings.broker_url)
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(settings.data_dir))
    return settings


def test_keys_create_list_revoke(cli_env: Settings) -> None:
    runner = CliRunner()
    args = ["keys", "create", "--scope", "ingest", "--name", "s1"]
    created = runner.invoke(main, args)
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    sessions = make_sessionmaker(make_engine(cli_env))
    with sessions() as session:
        identity = identify(session, token)
    assert identity is not None and identity.scopes == {"ingest"}
    listed = runner.invoke(main, ["keys", "list"])
    assert "s1 ingest active" in listed.output and token not in listed.output
    key_id = listed.output.split()[0]
    assert runner.invoke(main, ["keys", "revoke", key_id]).exit_code == 0
    assert "revoked" in runner.invoke(main, ["keys", "list"]).output
    assert runner.invoke(main, ["keys", "revoke", key_id]).exit_code == 1


def test_unknown_scope_is_refused(cli_env: Settings) -> None:
    result = CliRunner().invoke(main, ["keys", "create", "--scope", "root"])
    assert result.exit_code == 2 and "root" in result.output


def test_db_upgrade_on_the_embedded_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVENTWIRE_DATABASE_URL", raising=False)
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "eventwire.db").exists()


def test_bad_configuration_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_TASK_TIME_LIMIT", "5000")
    result = CliRunner().invoke(main, ["reconcile"])
    assert result.exit_code == 1
    assert "VISIBILITY_TIMEOUT" in result.output
    monkeypatch.setenv("EVENTWIRE_TASK_TIME_LIMIT", "soon")
    result = CliRunner().invoke(main, ["reconcile"])
    assert result.exit_code == 1 and "EVENTWIRE_TASK_TIME_LIMIT" in result.output


def test_the_packaged_head_is_not_trained_on_gold_records(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "--plover", str(gold)])
    assert result.exit_code == 2
    assert "--plover needs --out" in result.output
