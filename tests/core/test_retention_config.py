"""The retention policy from config.toml and the environment: off unless configured, clear errors."""

from __future__ import annotations

import pytest

from pipeline_tui.config import ConfigError, load_settings
from pipeline_tui.core.retention import RetentionPolicy


def _config(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_off_unless_configured(tmp_path):
    assert load_settings(config_file=tmp_path / "missing.toml").retention is None
    assert load_settings(config_file=_config(tmp_path, 'theme = "nord"\n')).retention is None


def test_from_the_file_with_consent_required_by_default(tmp_path):
    settings = load_settings(config_file=_config(tmp_path, "[retention]\nprospects_months = 24\n"))
    assert settings.retention == RetentionPolicy(prospects_months=24, require_consent=True)
    off = _config(tmp_path, "[retention]\nprospects_months = 6\nrequire_consent = false\n")
    assert load_settings(config_file=off).retention == RetentionPolicy(6, require_consent=False)


def test_the_environment_overrides_the_file(tmp_path, monkeypatch):
    path = _config(tmp_path, "[retention]\nprospects_months = 24\nrequire_consent = false\n")
    monkeypatch.setenv("PIPELINE_TUI_RETENTION_MONTHS", "36")
    assert load_settings(config_file=path).retention == RetentionPolicy(36, require_consent=False)
    monkeypatch.setenv("PIPELINE_TUI_RETENTION_REQUIRE_CONSENT", "yes")
    assert load_settings(config_file=path).retention == RetentionPolicy(36, require_consent=True)
    monkeypatch.delenv("PIPELINE_TUI_RETENTION_MONTHS")
    assert load_settings(config_file=tmp_path / "none.toml").retention is None  # consent alone: no policy


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[retention]\nprospects_months = -3\n", "whole number of months above 0"),
        ("[retention]\nprospects_months = 2.5\n", "whole number of months above 0"),
        ("[retention]\nprospects_months = true\n", "whole number of months above 0"),
        ("[retention]\n", "needs prospects_months"),
        ("retention = 24\n", "must be a table"),
        ("[retention]\nprospects_months = 24\nrequire_consent = 1\n", "must be true or false"),
    ],
)
def test_bad_values_are_one_clear_message(tmp_path, text, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_settings(config_file=_config(tmp_path, text))


def test_a_bad_environment_value(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_RETENTION_MONTHS", "two years")
    with pytest.raises(ConfigError, match="PIPELINE_TUI_RETENTION_MONTHS"):
        load_settings(config_file=tmp_path / "none.toml")
    monkeypatch.setenv("PIPELINE_TUI_RETENTION_MONTHS", "24")
    monkeypatch.setenv("PIPELINE_TUI_RETENTION_REQUIRE_CONSENT", "maybe")
    with pytest.raises(ConfigError, match="true or false"):
        load_settings(config_file=tmp_path / "none.toml")
