"""`[live]` in the config: live updates on or off and SQLite's poll interval; a bad value is one clear error."""

from __future__ import annotations

import pytest

from pipeline_tui.config import ConfigError, load_settings
from pipeline_tui.core.change_vocabulary import describe_change


def test_live_settings_are_read_from_the_config(tmp_path):
    path = tmp_path / "config.toml"
    assert (load_settings(config_file=path).live_updates, load_settings(config_file=path).live_poll) == (
        True,
        1.0,
    )
    path.write_text("[live]\nupdates = false\npoll_seconds = 0.5\n", encoding="utf-8")
    settings = load_settings(config_file=path)
    assert (settings.live_updates, settings.live_poll) == (False, 0.5)


@pytest.mark.parametrize("body", ['[live]\nupdates = "yes"\n', "[live]\npoll_seconds = 0\n"])
def test_a_bad_live_setting_is_one_clear_error(tmp_path, body):
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match="expected"):
        load_settings(config_file=path)


def test_sentences_drop_the_words_around_a_missing_detail():
    assert describe_change("Ann", "moved", "Bob Ng", "Onsite") == "Ann moved Bob Ng to Onsite"
    assert describe_change("Ann", "rejected", "Bob Ng", None) == "Ann rejected Bob Ng"
    assert describe_change(None, "noted", None, None) == "Someone added a note on an erased person"
    assert describe_change("Ann", "from_a_newer_version", "Bob", "x") == "Ann changed Bob (x)"
