"""The current user: config `user`, then PIPELINE_TUI_USER, else the login name; matched to a team member by
e-mail or name when a command writes, and the member every change records."""

from __future__ import annotations

import getpass

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.config import ConfigError, load_settings
from pipeline_tui.store import Store


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("PIPELINE_TUI_USER", raising=False)
    monkeypatch.setenv("PIPELINE_TUI_CONFIG_DIR", str(tmp_path))
    return monkeypatch


def test_login_name_then_config_then_environment(clean_env, tmp_path):
    assert load_settings().user == getpass.getuser()
    (tmp_path / "config.toml").write_text('user = "Ann@Example.com"\n', encoding="utf-8")
    assert load_settings().user == "Ann@Example.com"
    clean_env.setenv("PIPELINE_TUI_USER", "  Bo   Chen ")
    assert load_settings().user == "Bo Chen"


def test_an_empty_user_is_one_clear_error(clean_env, tmp_path):
    (tmp_path / "config.toml").write_text('user = " "\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be an e-mail or a name"):
        load_settings()


def test_commands_record_the_configured_user(clean_env, tmp_path):
    db = str(tmp_path / "u.db")
    (tmp_path / "config.toml").write_text('user = "ann@example.com"\n', encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["--db", db, "user", "add", "Ann Lee", "--email", "ann@example.com"]).exit_code
        == 0
    )
    result = runner.invoke(main, ["--db", db, "job", "add", "Role"])
    assert result.exit_code == 0, result.output
    store = Store.open(db)
    try:
        [ann] = store.team.list()
        [created] = store.jobs.events(1)
        assert (created.actor_id, created.actor) == (ann.id, "Ann Lee")
    finally:
        store.close()
