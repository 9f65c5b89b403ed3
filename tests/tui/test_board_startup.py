"""Keys pressed while the board is still starting reach the board, never the hidden filter field."""

from __future__ import annotations

import sqlite3
import threading

from board_data import NOW, make_app, record_notifications, seed_board, stage_of
from helpers import settle
from textual.widgets import Input

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.widgets.stage_column import LANE, CardList


async def test_a_key_typed_while_the_board_opens_its_job_reaches_the_board(store, monkeypatch):
    """A real terminal delivers keys while a big job loads (`t` right after launch). Whatever has the focus
    at that moment gets them: never the hidden filter field (it used to: "filter t 158 matches")."""
    seed_board(store)
    app = make_app(store)
    board_cards = store.applications.board
    focused_while_loading = []

    def board_while_keys_arrive(job_id, **kwargs):
        focused_while_loading.append(app.screen.focused)
        return board_cards(job_id, **kwargs)

    monkeypatch.setattr(store.applications, "board", board_while_keys_arrive)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        field = board.query_one("#board-filter", Input)
        await settle(pilot)  # the job is read by a worker
        assert focused_while_loading and not any(isinstance(w, Input) for w in focused_while_loading)
        # The job is read once on start-up, not again when Textual resumes the new screen.
        assert len(focused_while_loading) == 1
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert field.value == "" and board.query_text == ""
        assert "filter" not in str(board.query_one("#job-bar").render())
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is board
        assert len(focused_while_loading) == 2  # back from the pools: the board reloads once


async def test_hidden_filter_cannot_take_focus_until_slash_and_again_after_esc(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        field = board.query_one("#board-filter", Input)
        assert not field.focusable
        await settle(pilot)
        assert not field.focusable and board.focused is not field
        assert isinstance(board.focused, CardList)
        await pilot.press("/")
        assert field.display and board.focused is field
        await pilot.press("a", "escape")
        await settle(pilot)
        assert not field.display and not field.focusable
        assert isinstance(board.focused, CardList)
        # tab walks the cards' columns only; the hidden field stays out of the way.
        for _ in range(8):
            await pilot.press("tab")
            assert board.focused is not field
        await pilot.press("x")
        assert field.value == ""


# -- start-up on a preview: the first cards drawn before the store is open ------------------------------------


def launch_on_preview(db_path, tmp_path, *, cards: int, opens=None):
    """The app as `pipeline-tui --db FILE` starts it on a SQLite file: a preview read without SQLAlchemy,
    the store opened behind it. `opens` (a threading.Event) holds the opening back so a test can look at
    the preview; the store opened is the real one."""
    from pipeline_tui.app import PipelineApp, StoreLaunch
    from pipeline_tui.config import Settings
    from pipeline_tui.store import Store, read_board_preview

    preview = read_board_preview(str(db_path), None, cards=cards)
    assert preview is not None

    def open_store():
        if opens is not None:
            assert opens.wait(30)
        return Store.open(str(db_path))

    settings = Settings(db=str(db_path), state_file=tmp_path / "state.json")
    app = PipelineApp(StoreLaunch(preview.db_key, preview, open_store), settings)
    app.clock = lambda: NOW
    record_notifications(app)
    return app


def header(board, stage_id) -> str:
    return str(board.column(stage_id).header.render())


async def test_the_preview_is_drawn_at_once_and_the_full_board_replaces_it_in_place(store, db_path, tmp_path):
    """Two cards per column are read at first (the Applied column has three): the column already says 3.
    Keys typed meanwhile wait; once the store is open the same column widgets get every card, the focus
    stays where it was, and the keys act on the real board in the order they were typed."""
    data = seed_board(store)
    applied, screen = data["stages"][0].id, data["stages"][1].id
    opens = threading.Event()
    app = launch_on_preview(db_path, tmp_path, cards=2, opens=opens)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        column = board.column(applied)
        assert [c.full_name for c in column.cards.cards] == ["Alan Turing", "Grace Hopper"]
        assert header(board, applied).endswith("  3")
        # The job's true totals, not those of the eight cards read so far.
        assert "8 active · 1 hired · 0 rejected/withdrawn" in str(board.query_one("#job-bar").render())
        assert sum(len(board.column(s.id).cards.cards) for s in data["stages"]) == 8
        focused = board.focused
        assert focused is column.cards and column.cards.cursor == 0
        await pilot.press("j", "greater_than_sign")  # Grace Hopper, one stage right
        await pilot.pause()
        assert column.cards.cursor == 0  # held for the real board
        assert stage_of(store, data["ids"]["Grace Hopper"])[0] == applied
        opens.set()
        await settle(pilot)
        assert board.column(applied) is column and board.focused is not None
        names = [c.full_name for c in board.column(applied).cards.cards]
        assert names == ["Alan Turing", "Ada Lovelace"]  # Grace moved on
        assert stage_of(store, data["ids"]["Grace Hopper"])[0] == screen
        assert "Grace Hopper" in [c.full_name for c in board.column(screen).cards.cards]
        assert header(board, applied).endswith("  2")
        assert board.focused.parent is board.column(screen)  # the focus followed the moved card


async def test_the_preview_shows_the_same_board_the_store_then_loads(store, db_path, tmp_path):
    """With enough cards per column the preview is the whole board: what the store loads changes nothing
    on screen (same cards in the same order, counts and job bar)."""
    data = seed_board(store)
    opens = threading.Event()
    app = launch_on_preview(db_path, tmp_path, cards=20, opens=opens)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.pause()
        board = app.screen

        def shown():
            return [
                (header(board, s.id), [c for c in board.column(s.id).cards.cards]) for s in data["stages"]
            ] + [str(board.query_one("#job-bar").render())]

        before = shown()
        opens.set()
        await settle(pilot)
        assert shown() == before
        assert app.store.db.url == app.db_key  # the preview's key is the opened store's
        await pilot.press("c")  # the closed lane, left out of the preview, is there once the board is
        await settle(pilot)
        lane = board.column(LANE)
        assert lane.display and board.focused is lane.cards and header(board, LANE).endswith("  0")


async def test_a_store_that_fails_to_open_behind_the_preview_ends_the_app_with_its_error(
    store, db_path, tmp_path
):
    from pipeline_tui.app import PipelineApp, StoreLaunch
    from pipeline_tui.config import Settings
    from pipeline_tui.core.errors import SchemaTooNew
    from pipeline_tui.store import Store, read_board_preview

    seed_board(store)
    newer = tmp_path / "newer.db"
    with sqlite3.connect(db_path) as src, sqlite3.connect(newer) as dst:
        src.backup(dst)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    preview = read_board_preview(str(db_path), None, cards=20)
    assert read_board_preview(str(newer), None, cards=20) is None  # a newer file is never previewed
    settings = Settings(db=str(db_path), state_file=tmp_path / "state.json")
    app = PipelineApp(StoreLaunch(preview.db_key, preview, lambda: Store.open(str(newer))), settings)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if app._exit:
                break
    assert app.return_code == 1
    assert isinstance(app.open_failure, SchemaTooNew)
