"""How much work the pool browser does for `t` and for a search: what the speed budgets of issue 9 rest on.

Counted, never timed: the app's stylesheet is re-parsed once when the browser is first shown (not three
times), and a search reads its count, first page and the focused person's preview in one worker, so they are
drawn together. Each test also checks what the user sees."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from textual.css.stylesheet import Stylesheet

from pipeline_tui.app import PipelineApp
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.work import UNEXPECTED
from pipeline_tui.store.models import Candidate
from pipeline_tui.widgets.prospect_table import ProspectTable


@pytest.fixture
def data(store):
    return store, build(store)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def test_t_from_the_board_parses_the_stylesheet_once(data, monkeypatch):
    store, _d = data
    reparsed: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self) -> None:
        reparsed.append(1)
        reparse(self)

    app = PipelineApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Stylesheet, "reparse", counted)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert len(reparsed) == 1  # pools.tcss joins the stylesheet; nothing re-parses it all again
        # ... and the browser is styled by it: the side pane's width, the table's rows and the counts.
        assert app.screen.query_one("#pools-side").outer_size.width == 26
        assert "All candidates  10" in screen_text(app) and "Ada Lovelace" in screen_text(app)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("t")  # the screen is kept between visits: nothing to parse or build again
        await settle(pilot)
        assert len(reparsed) == 1 and isinstance(app.screen, PoolsScreen)


async def test_a_search_reads_page_and_preview_in_one_worker(data, monkeypatch):
    store, d = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        asked: list[str] = []
        store_work = screen.store_work

        def recording(work, on_done=None, **kwargs):
            asked.append(kwargs.get("key", "store"))
            return store_work(work, on_done, **kwargs)

        monkeypatch.setattr(screen, "store_work", recording)
        await pilot.press("slash")
        await typed(pilot, "hopper")
        await pilot.press("enter")
        await settle(pilot)
        assert asked == ["table"]  # count, page and preview together: one message, one redraw
        table = screen.query_one(ProspectTable)
        assert table.total == 1 and table.cursor_row.full_name == "Grace Hopper"
        preview = str(screen.query_one("#preview-body").content)
        with store.db.transaction() as s:
            grace = s.get(Candidate, d.ids["Grace Hopper"])
            assert grace.full_name in preview and grace.email in preview
        # Moving on to another person still reads that one's preview (its own worker, as before).
        await pilot.press("escape")  # clear the query: everyone again, with the first one's preview
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert asked[-1] == "preview"
        assert table.cursor_row.full_name in str(screen.query_one("#preview-body").content)


async def test_a_preview_that_fails_never_takes_the_page_down(data, monkeypatch):
    """The preview read with the page fails unexpectedly: the rows are still shown, and the preview's own
    worker reports it the one way (a notification, never a traceback)."""
    store, _d = data
    app = PipelineApp(store, start="pools")
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def broken(candidate_id):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(store.prospects, "preview", broken)
        await pilot.press("slash")
        await typed(pilot, "hopper")
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        assert table.total == 1 and "Grace Hopper" in screen_text(app)
        assert said == [UNEXPECTED]
