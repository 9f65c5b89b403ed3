"""A move redraws the columns it touched, and the focused column's header follows the card."""

from __future__ import annotations

from board_data import make_app, seed_board, stage_of
from helpers import settle

from pipeline_tui.screens.board.screen import BoardScreen


def header_background(board: BoardScreen, stage_id: int):
    header = board.column(stage_id).header
    return next(iter(header.render_line(0))).style.bgcolor


def drawn_text(app) -> str:
    """What the terminal shows now, from the compositor (not from the widgets' data)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_header_highlight_and_drawn_cards_follow_a_moved_card(store):
    data = seed_board(store)
    stages = data["stages"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        focused_bg = header_background(board, stages[0].id)
        plain_bg = header_background(board, stages[1].id)
        assert focused_bg != plain_bg
        alan = board.current_card
        assert alan.full_name == "Alan Turing"
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, alan.application.id) == (stages[1].id, "active")
        assert header_background(board, stages[1].id) == focused_bg
        assert header_background(board, stages[0].id) == plain_bg
        screen = drawn_text(app)
        assert "Applied  2" in screen and "Phone screen  3" in screen
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, alan.application.id) == (stages[2].id, "active")
        assert header_background(board, stages[2].id) == focused_bg
        assert header_background(board, stages[1].id) == plain_bg
        assert header_background(board, stages[0].id) == plain_bg
        screen = drawn_text(app)
        assert "Phone screen  2" in screen
        # h/l move the focus (and the highlight) without a move.
        await pilot.press("h")
        await settle(pilot)
        assert header_background(board, stages[1].id) == focused_bg
        assert header_background(board, stages[2].id) == plain_bg
