"""The pool browser under a retention policy: the side list's "Due for retention" with its count, the due
people listed there, and the person screen saying why; without a policy the segment is not listed.

The fixed data is dated 2025 and the policy is 12 months, so everyone without an exemption is due whatever
day the tests run: Grace gave consent, Dana's application changed today (her rejection), the rest are due."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import settle
from sqlalchemy import update

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.retention import RetentionPolicy
from pipeline_tui.store.models import Candidate
from pipeline_tui.widgets.prospect_table import ProspectTable

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
POLICY = RetentionPolicy(prospects_months=12)
NOT_DUE = {"Grace Hopper", "Dana Scully"}


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


@pytest.fixture
def data(store):
    built = build(store)
    with store.db.transaction() as s:
        grace = built.ids["Grace Hopper"]
        s.execute(update(Candidate).where(Candidate.id == grace).values(consent_status="given"))
    return store, built


@pytest.fixture
def app(data):
    store, _ = data
    store.db.retention = POLICY
    return PipelineApp(store, start="pools")


async def to_retention(pilot) -> None:
    """From All candidates down the side list with the arrow keys to the fifth segment (after Possible
    duplicates), then the table."""
    await settle(pilot)
    pilot.app.screen.query_one("#pool-list").focus()
    for _ in range(4):
        await pilot.press("down")
        await settle(pilot)
    await pilot.press("enter")  # chosen: the focus goes to the table
    await settle(pilot)


async def test_the_segment_lists_who_is_due(data, app):
    store, built = data
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Due for retention  8" in screen_text(app)
        await to_retention(pilot)
        screen = app.screen
        table = screen.query_one(ProspectTable)
        assert screen.view == "retention" and table.total == 8
        assert "Due for retention · 8 people" in screen_text(app)
        due = {p.full_name for p in store.retention.due(POLICY)}
        assert due == set(built.ids) - NOT_DUE
        table_text = "\n".join("".join(seg.text for seg in table.render_line(y)) for y in range(12))
        for name in ("Ada Lovelace", "Linus Torvalds", "Chen Wei", "Zoë Ünicode"):
            assert name in table_text
        assert "Grace Hopper" not in table_text and "Dana Scully" not in table_text
        # enter opens the person, who is told why they are due.
        assert app.focused is table
        await pilot.press("enter")
        await settle(pilot)
        assert "Due for anonymisation under the retention policy (not contacted since 2025-04-11)" in (
            screen_text(app)
        )


async def test_without_a_policy_there_is_no_such_segment(data):
    store, _ = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Due for retention" not in screen_text(app)
        assert store.prospects.segment_keys() == ("all", "finalists", "stale", "duplicates")


@pytest.mark.parametrize("size", SIZES)
def test_retention_segment_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=to_retention)


@pytest.mark.parametrize("size", SIZES)
def test_person_due_for_retention_snapshot(app, size, snap_compare):
    async def open_first(pilot) -> None:
        await to_retention(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_first)
