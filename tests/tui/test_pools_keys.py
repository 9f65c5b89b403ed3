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
        names = [t.name for t in app.screen.tags]
        await pilot.press(*["down"] * names.index("kernel"), "r")
        await settle(pilot)
        assert app.screen.query_one("#tag-edit").value == "kernel"
        await typed(pilot, "-dev")
        await pilot.press("enter")
        await settle(pilot)
        assert store.tags.tags_for(d.ids["Linus Torvalds"]) == ["c", "kernel-dev"]


def cell_style(app, x: int, y: int):
    """The rich Style of the cell at (x, y) as drawn on the screen."""
    strip = list(app.screen._compositor.render_strips())[y]
    at = 0
    for seg in strip:
        width = len(seg.text)
        if at <= x < at + width:
            return seg.style
        at += width
    raise AssertionError(f"no cell at {x},{y}")


def in_accent(app, style) -> bool:
    """Whether the cell is drawn in the theme's accent colour (as text or background; blending may move a
    channel by a step or two)."""
    from textual.color import Color

    want = Color.parse(app.current_theme.accent)
    for c in (style.color, style.bgcolor):
        if c is not None and c.triplet is not None:
            if max(abs(a - b) for a, b in zip(c.triplet, (want.r, want.g, want.b), strict=True)) <= 4:
                return True
    return False


async def test_tab_shows_where_the_focus_is_in_each_part(data):
    store, d = data
    app, ctx = open_app(store, size=(120, 40))
    async with ctx as pilot:
        await settle(pilot)
        screen = app.screen
        parts = {
            "pool-list": lambda: (
                screen.query_one("#pools-side").region.x + 2,
                screen.query_one(".pane-title").region.y,
            ),
            "query": lambda: (screen.query_one("#query").region.x + 4, screen.query_one("#query").region.y),
            "prospects": lambda: (
                screen.query_one("#prospects").region.x + 4,
                screen.query_one("#prospects").region.y,
            ),
            "preview": lambda: (
                screen.query_one("#preview").region.x,
                screen.query_one("#preview").region.y + 2,
            ),
        }
        seen = []
        for _ in range(4):
            focused = app.focused.id
            seen.append(focused)
            for part, where in parts.items():
                marked = in_accent(app, cell_style(app, *where()))
                assert marked == (part == focused), (part, focused)
            await pilot.press("tab")
            await settle(pilot)
        assert sorted(seen) == sorted(parts)  # tab reached every part
        assert app.focused.id == seen[0]


async def test_narrow_terminal_hides_the_preview_and_v_still_shows_it(data):
    store, d = data
    app, ctx = open_app(store, size=(130, 30))
    async with ctx as pilot:
        await settle(pilot)
        screen = app.screen
        preview = screen.query_one("#preview")
        table = screen.query_one(ProspectTable)
        header = lambda: "".join(seg.text for seg in table.render_line(0))  # noqa: E731
        assert preview.display and "Status" in header()
        await pilot.press("v", "v")  # hidden and shown again by hand, at the wide size
        await settle(pilot)
        assert screen.query_one("#preview").display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not preview.display  # narrow now: hidden whatever was chosen when wide
        assert all(t in header() for t in ("Name", "Title", "Company", "Status"))
        await pilot.press("v")
        await settle(pilot)
        assert preview.display and "Ada Lovelace" in str(screen.query_one("#preview-body").content)
        assert "Name" in header() and "Status" in header()  # not only the Name column
        row = "".join(seg.text for seg in table.render_line(1))
        assert "Ada Lovelace" in row and "contacted" in row
        await pilot.resize_terminal(130, 30)
        await settle(pilot)
        assert preview.display
        await pilot.press("v")
        await settle(pilot)
        assert not preview.display and "Location" in header()
