"""Keys pressed while the board is still starting reach the board, never the hidden filter field."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from textual.widgets import Input

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.widgets.stage_column import CardList


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
