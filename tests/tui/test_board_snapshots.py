"""Snapshots of the board, the reject modal and the applicant detail on fixed data, frozen clock, two sizes."""

from __future__ import annotations

import pytest
from board_data import make_app, seed_board
from helpers import settled_start

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    seed_board(store)
    return make_app(store)


@pytest.mark.parametrize("size", SIZES)
def test_board_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=settled_start)


@pytest.mark.parametrize("size", SIZES)
def test_reject_modal_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=settled_start, press=["j", "x", "s", "k"])


@pytest.mark.parametrize("size", SIZES)
def test_applicant_detail_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=settled_start, press=["j", "j", "enter"])
