"""Snapshots of the person screen's Interviews, Scorecards and Offers, the schedule dialog and the scorecard
form, at 120x40 and 80x24, on fixed data (times pinned, shown in Berlin)."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import settle
from hiring_helpers import FUTURE, PAST, _berlin, offer_terms, schedule, seed_hiring  # noqa: F401
from sqlalchemy import update

from pipeline_tui.store.hiring_tables import Scorecard

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = seed_hiring(store)
    held = schedule(store, data, "Ada Lovelace", PAST, "tester", "bob")
    schedule(store, data, "Ada Lovelace", FUTURE, "bob", "cy", round_="culture")
    store.interviews.complete(held.id)
    store.scorecards.submit(
        held.id, data["tester"].id, overall="yes", ratings={"Problem solving": "strong_yes"}
    )
    with store.db.transaction() as s:  # pin what the store stamps with "now"
        s.execute(update(Scorecard).values(submitted_at=PAST.replace(tzinfo=None, hour=11)))
        s.execute(update(Scorecard).values(updated_at=PAST.replace(tzinfo=None, hour=11)))
    store.offers.create(data["ids"]["Barbara Liskov"], offer_terms())
    return make_app(store)


def keys(*press: str, focus: str | None = None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in press:
            await pilot.press(key)
            await settle(pilot)
        if focus is not None:
            pilot.app.screen.query_one(focus).focus()
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_person_interviews_and_scorecards_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", focus="#interviews"))


@pytest.mark.parametrize("size", SIZES)
def test_person_offers_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("l", "l", "l", "enter", focus="#offers"))


@pytest.mark.parametrize("size", SIZES)
def test_schedule_dialog_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", "i", "t", "e", "c", "h"))


@pytest.mark.parametrize("size", SIZES)
def test_scorecard_form_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("j", "j", "enter", "f", "3", "down", "4"))
