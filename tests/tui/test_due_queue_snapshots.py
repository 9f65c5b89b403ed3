"""Snapshots of the Today screen with touches due (the queue first, the focused touch's message beside it at
120 columns and below it at 80) and of the snooze dialog, on fixed data with the clock pinned to Wednesday
4 March 2026 in Berlin (tests/tui/due_helpers.py)."""

from __future__ import annotations

import pytest
from due_helpers import due_app, seed_due
from helpers import keys
from today_helpers import open_noor_store

from pipeline_tui.core.smtp_settings import SmtpSettings

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


@pytest.mark.parametrize("size", SIZES)
def test_today_with_touches_due(noor_store, tmp_path, size, snap_compare):
    seed_due(noor_store)
    app = due_app(noor_store, tmp_path, smtp=SmtpSettings())
    assert snap_compare(app, terminal_size=size, run_before=keys("4", "d"))  # Ada done: the notice says so


@pytest.mark.parametrize("size", SIZES)
def test_snooze_dialog(noor_store, tmp_path, size, snap_compare):
    seed_due(noor_store)
    app = due_app(noor_store, tmp_path, smtp=SmtpSettings())
    assert snap_compare(app, terminal_size=size, run_before=keys("4", "z"))
