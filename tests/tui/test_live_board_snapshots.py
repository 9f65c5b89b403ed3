"""Snapshots of a board dialog whose card someone else changed while it was open (the line saying so), on
fixed data with a frozen clock, at two sizes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from board_data import make_app, seed_board
from helpers import settle
from test_live_board import following, move

from pipeline_tui.store import Store

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def theirs(db_path, store):
    other = Store.open(str(db_path), actor="Ann")
    yield other
    other.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dialog", ["x", "greater_than_sign"])
def test_a_dialog_told_its_card_changed_snapshot(store, theirs, size, dialog, snap_compare):
    data = seed_board(store)
    stages = data["stages"]
    app = make_app(store)
    app.settings = replace(app.settings, live_poll=0.2)
    # Reject Alan (x), or hire Barbara from the Offer column (>), then Ann moves that card meanwhile.
    keys = ["x"] if dialog == "x" else ["l", "l", "l", "greater_than_sign"]
    acting = data["ids"]["Alan Turing"] if dialog == "x" else data["ids"]["Barbara Liskov"]
    target = stages[1] if dialog == "x" else stages[2]

    async def run_before(pilot) -> None:
        await settle(pilot)
        await following(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        move(theirs, acting, target.id)
        for _ in range(200):
            if (
                pilot.app.screen.query("#changed-under")
                and pilot.app.screen.query_one("#changed-under").display
            ):
                break
            await pilot.pause(0.02)
        await settle(pilot)
        pilot.app.clear_notifications()  # the app's own notice comes and goes: the dialog's line stays
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
