"""Snapshots of the Activity screen at 120x40 and 80x24 on a fixed log (activity_helpers.seed_activity:
seven changes by three members, times pinned, the app's clock on 2 March 2026 09:00 UTC; names with markup
shown literally): the screen, each picker, one job's activity from the jobs screen, an empty log."""

from __future__ import annotations

import pytest
from activity_helpers import seed_activity
from board_data import make_app, seed_board
from helpers import keys
from sqlalchemy import delete

from pipeline_tui.store.change_tables import ChangeLog

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    seed_activity(store)
    return make_app(store, start="activity")


@pytest.mark.parametrize("size", SIZES)
def test_activity_screen(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down"))


@pytest.mark.parametrize("size", SIZES)
def test_member_picker(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("m"))


@pytest.mark.parametrize("size", SIZES)
def test_kind_picker(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("k"))


@pytest.mark.parametrize("size", SIZES)
def test_job_picker(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j"))


@pytest.mark.parametrize("size", SIZES)
def test_one_member_and_kind(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("m", "down", "enter", "k", "down", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_one_jobs_activity_from_the_jobs_screen(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("3", "down", "a"))


@pytest.mark.parametrize("size", SIZES)
def test_nothing_done_yet(store, size, snap_compare):
    seed_board(store)
    with store.db.transaction() as s:
        s.execute(delete(ChangeLog))
    assert snap_compare(make_app(store, start="activity"), terminal_size=size, run_before=keys())
