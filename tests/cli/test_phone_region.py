"""`phone_region`: the region a phone typed without +country code is read in (config, env, locale, GB)."""

from __future__ import annotations

import pytest

from pipeline_tui.config import ConfigError, load_settings


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("PIPELINE_TUI_PHONE_REGION", "LC_ALL", "LC_CTYPE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PIPELINE_TUI_CONFIG_DIR", str(tmp_path))
    return monkeypatch


def test_default_is_gb_or_the_locales_region(clean_env):
    assert load_settings().phone_region == "GB"
    clean_env.setenv("LANG", "de_DE.UTF-8")
    assert load_settings().phone_region == "DE"
    clean_env.setenv("LANG", "C.UTF-8")
    assert load_settings().phone_region == "GB"


def test_config_file_then_environment(clean_env, tmp_path):
    (tmp_path / "config.toml").write_text('phone_region = "us"\n', encoding="utf-8")
    assert load_settings().phone_region == "US"
    clean_env.setenv("PIPELINE_TUI_PHONE_REGION", "fr")
    assert load_settings().phone_region == "FR"


def test_an_unknown_region_is_one_clear_error(clean_env, tmp_path):
    clean_env.setenv("PIPELINE_TUI_PHONE_REGION", "Narnia")
    with pytest.raises(ConfigError, match="not a region code such as GB, DE or US: 'Narnia'"):
        load_settings()


def test_the_store_reads_phones_in_the_configured_region(clean_env, tmp_path):
    from pipeline_tui.core.validation import CandidateInput
    from pipeline_tui.store import Store

    store = Store.open(str(tmp_path / "p.db"), phone_region="US")
    try:
        ann = store.candidates.add(CandidateInput.parse(full_name="Ann", phone="(415) 555-0100"))
        assert [(i.value, i.display) for i in store.candidates.identities(ann.id)] == [
            ("+14155550100", "(415) 555-0100")
        ]
    finally:
        store.close()
