"""Snapshots of the interview plan editor and its round form (a round with a long focus list and a name
that looks like markup, shown literally) on the fixed jobs data with a frozen clock, at 120x40 and 80x24."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import keys as helper_keys
from jobs_data import seed_jobs

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = seed_jobs(store)
    store.rounds.add(
        data["backend"].id,
        "Interview",
        "[b]Pairing[/b] session",
        duration_min=90,
        attributes=("Code quality", "Testing", "Communication", "Debugging under pressure"),
        questions=("Pair on a failing test.", "Ask how they would review this change."),
    )
    return make_app(store, start="jobs")


def keys(*press: str):
    """`i` on the first job (Backend Engineer), then these keys."""
    return helper_keys("i", *press)


@pytest.mark.parametrize("size", SIZES)
def test_interview_plan(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_interview_plan_round_form(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "down", "down", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_interview_plan_remove_question(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "x"))
