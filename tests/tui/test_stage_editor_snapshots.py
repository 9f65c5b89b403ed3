"""Snapshots of the stage editor and its dialogs (a new stage's name and kind, a rename, where a removed
stage's applicants go) on the fixed board data with a frozen clock, at 120x40 and 80x24."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import keys as helper_keys
from jobs_data import seed_jobs

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = seed_jobs(store)
    store.jobs.add_stage(data["backend"].id, "[b]Take-home[/b]", "active", after=data["stages"][2].id)
    return make_app(store, start="jobs")


def keys(*press: str):
    """`p` on the first job (Backend Engineer), then these keys."""
    return helper_keys("p", *press)


@pytest.mark.parametrize("size", SIZES)
def test_stage_editor(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "d", "escape"))


@pytest.mark.parametrize("size", SIZES)
def test_stage_editor_add_dialog(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "a", *"Debrief", "tab"))


@pytest.mark.parametrize("size", SIZES)
def test_stage_editor_rename_dialog(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "down", "r"))


@pytest.mark.parametrize("size", SIZES)
def test_stage_editor_move_to_dialog(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "d"))
