"""Snapshots of the person screen (from a board card, from the pool browser) and its dialogs (edit, attach,
remove a file, find anyone) on fixed data with a frozen clock, at 120x40 and 80x24."""

from __future__ import annotations

import pytest
from board_data import NOW, make_app, seed_board
from helpers import burst, settle
from sqlalchemy import update

from pipeline_tui.store.models import CandidateFile

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = seed_board(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    store.files.attach(ada.candidate_id, "Ada Lovelace CV.pdf", b"%PDF-1.7 " * 400, max_size=1_000_000)
    with store.db.transaction() as s:  # pin what the store stamps with "now"
        s.execute(update(CandidateFile).values(added_at=NOW, added_by="tester"))
    return make_app(store)


def keys(*press: str, burst_text: str | None = None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in press:
            await pilot.press(key)
            await settle(pilot)
        if burst_text is not None:
            await burst(pilot, burst_text)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_person_screen_from_a_card_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_person_screen_from_find_anyone_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+f", burst_text="grace\r"))


@pytest.mark.parametrize("size", SIZES)
def test_find_anyone_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+f", burst_text="person"))


@pytest.mark.parametrize("size", SIZES)
def test_person_form_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_attach_dialog_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", "a"))


@pytest.mark.parametrize("size", SIZES)
def test_remove_file_dialog_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", "x"))
