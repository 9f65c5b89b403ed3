"""The pool browser's keys as a fast user types them: marking a run, renaming, tab through the panes, and the
layout at a narrow terminal. Every check is on the screen and in the database."""

from __future__ import annotations

import pytest
from helpers import burst
from pools_data import build
from pools_helpers import record_notifications, settle, typed

from pipeline_tui.app import PipelineApp
from pipeline_tui.widgets.prospect_table import ProspectTable


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


@pytest.fixture
def data(store):
    return store, build(store)


def open_app(store, size=(120, 40)):
    app = PipelineApp(store, start="pools")
    app.said = record_notifications(app)
    return app, app.run_test(size=size)


async def in_pool(pilot, app, pool_id: int) -> None:
    side = app.screen.query_one("#pool-list")
    side.highlighted = side.get_option_index(f"pool:{pool_id}")
    await settle(pilot)
    app.screen.query_one(ProspectTable).focus()


async def test_space_marks_and_moves_down_so_a_run_takes_one_key_each(data):
    store, d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await burst(pilot, "   ")  # three people, typed fast
        names = ["Ada Lovelace", "Ann [/x] Lee", "Chen Wei"]
        assert table.selected == {d.ids[n] for n in names}
        assert table.cursor == 3 and table.cursor_row.full_name == "Dana Scully"
        assert "3 marked" in screen_text(app)
        lines = [line for line in screen_text(app).splitlines() if "● " in line]
        assert [next(n for n in names if n in line) for line in lines] == names
        # space on a marked person unmarks it (and still moves on)
        await pilot.press("up", "space")
        await settle(pilot)
        assert table.selected == {d.ids["Ada Lovelace"], d.ids["Ann [/x] Lee"]} and table.cursor == 3
        await pilot.press("plus")
        await settle(pilot)
        await typed(pilot, "marked-run")
        await pilot.press("enter")
        await settle(pilot)
        tagged = {i for n, i in d.ids.items() if "marked-run" in store.tags.tags_for(i)}
        assert tagged == {d.ids["Ada Lovelace"], d.ids["Ann [/x] Lee"]}
        # the last row: marks it, the cursor stays on it
        await pilot.press("end", "space")
        await settle(pilot)
        assert table.cursor == table.total - 1 and table.cursor_row.id in table.selected


async def test_rename_pool_puts_the_cursor_after_the_name(data):
    store, d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await in_pool(pilot, app, d.data_eng)
        await pilot.press("R")
        await settle(pilot)
        name = app.screen.query_one("#pool-name")
        assert name.selected_text == "" and name.cursor_position == len("Data Eng")
        await typed(pilot, " Berlin")
        await pilot.press("enter")
        await settle(pilot)
        assert store.pools.get(d.data_eng).name == "Data Eng Berlin"
        assert "Data Eng Berlin" in screen_text(app)
        # describe works the same: typing adds to the description
        await pilot.press("D")
        await settle(pilot)
        await typed(pilot, " (2026)")
        await pilot.press("enter")
        await settle(pilot)
        assert store.pools.get(d.data_eng).description == "Data engineers for the platform team (2026)"


async def test_rename_tag_puts_the_cursor_after_the_name(data):
    store, d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("slash")
        await typed(pilot, "kernel")
        await pilot.press("enter", "r")
        await settle(pilot)
        await typed(pilot, "-dev")
        await pilot.press("enter")
        await settle(pilot)
        assert store.tags.tags_for(d.ids["Linus Torvalds"]) == ["c", "kernel-dev"]
