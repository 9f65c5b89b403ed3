"""Snapshots of the jobs screen (and, once written, the job form and the status dialog) on fixed jobs with
a frozen clock, at 120x40 and 80x24. Each key is followed by settle, so the picture is of the finished
screen."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import keys
from jobs_data import seed_jobs

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    seed_jobs(store)
    return make_app(store, start="jobs")


@pytest.mark.parametrize("size", SIZES)
def test_jobs_screen_all_statuses(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("f", "f", "f", "f"))


@pytest.mark.parametrize("size", SIZES)
def test_jobs_screen_empty_database(store, size, snap_compare):
    assert snap_compare(make_app(store, start="jobs"), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_new_job_form(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("n", *"Platform Engineer", "tab", "tab"))


@pytest.mark.parametrize("size", SIZES)
def test_new_job_form_team_suggestions(app, size, snap_compare):
    typed = ("n", *"QA", *["tab"] * 6, *"a")
    assert snap_compare(app, terminal_size=size, run_before=keys(*typed))


@pytest.mark.parametrize("size", SIZES)
def test_edit_job_form(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("e"))


@pytest.mark.parametrize("size", SIZES)
def test_status_dialog(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("s"))


@pytest.mark.parametrize("size", SIZES)
def test_status_dialog_asks_about_active_applicants(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("s", "down", "down", "enter"))
