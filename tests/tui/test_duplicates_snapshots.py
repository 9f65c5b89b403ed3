"""Snapshots of the "Possible duplicates" segment and the side-by-side merge dialog, on fixed data, at two
sizes. Each key is followed by `settle`, so the picture is of the finished screen."""

from __future__ import annotations

import pytest
from person_helpers import open_duplicates
from pools_data import BASE, build
from pools_helpers import settle
from sqlalchemy import update
from test_duplicates_merge import add_duplicates

from pipeline_tui.app import PipelineApp
from pipeline_tui.store.models import Candidate

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = build(store)
    ids = add_duplicates(store, data)
    with store.db.transaction() as s:  # fixed dates for the dialog's "added" line
        s.execute(
            update(Candidate)
            .where(Candidate.id.in_([ids["ada2"], ids["chen2"]]))
            .values(created_at=BASE, updated_at=BASE)
        )
    return PipelineApp(store, start="pools")


def in_duplicates(*press: str):
    async def run_before(pilot) -> None:
        await open_duplicates(pilot)
        for key in press:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_duplicates_segment(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=in_duplicates())


@pytest.mark.parametrize("size", SIZES)
def test_merge_side_by_side(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=in_duplicates("m", "down", "2"))


@pytest.mark.parametrize("size", SIZES)
def test_merge_asks_when_the_addresses_differ(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=in_duplicates("m", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_no_possible_duplicates(store, size, snap_compare):
    build(store)
    app = PipelineApp(store, start="pools")
    assert snap_compare(app, terminal_size=size, run_before=in_duplicates())
