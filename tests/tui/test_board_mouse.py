"""Stage board by mouse: a left-button drag onto another column moves the card; a click focuses a card."""

from __future__ import annotations

import pytest
from board_data import events, make_app, seed_board, stage_of
from helpers import settle

from pipeline_tui.screens.board.screen import BoardScreen


@pytest.fixture
def data(store):
    return seed_board(store)


def cards_of(board: BoardScreen, stage_id: int):
    return board.column(stage_id).cards


async def test_drag_card_onto_another_column_moves_it(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        source, target = cards_of(board, stages[0].id), cards_of(board, stages[2].id)
        await pilot.mouse_down(source, offset=(3, 1))
        assert app.mouse_captured is source
        await pilot.hover(target, offset=(3, 1))
        assert board.column(stages[2].id).has_class("-drop-target")
        assert board.screen.get_selected_text() is None  # no text selection while dragging
        await pilot.mouse_up(target, offset=(3, 1))
        await settle(pilot)
        assert app.mouse_captured is None
        assert not board.column(stages[2].id).has_class("-drop-target")
        assert stage_of(store, alan) == (stages[2].id, "active")
        assert events(store, alan) == ["applied", "move"]
        assert [c.full_name for c in target.cards][-1] == "Alan Turing"
        assert "Alan Turing" not in [c.full_name for c in source.cards]
        assert board.current_card.full_name == "Alan Turing"
        # And undo reverses the drag like a key move.
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[0].id, "active")


async def test_drag_a_lower_card_into_hired_marks_hired(store, data):
    app = make_app(store)
    grace = data["ids"]["Grace Hopper"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.mouse_down(cards_of(board, stages[0].id), offset=(3, 6))  # second card
        await pilot.mouse_up(cards_of(board, stages[4].id), offset=(3, 8))
        await settle(pilot)
        assert stage_of(store, grace) == (stages[0].id, "active")  # asked first
        await pilot.press("y")
        await settle(pilot)
        assert stage_of(store, grace) == (stages[4].id, "hired")
        assert events(store, grace)[-1] == "hire"


async def test_drop_on_the_same_column_or_with_right_button_moves_nothing(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        source = cards_of(board, stages[0].id)
        await pilot.mouse_down(source, offset=(3, 1))
        await pilot.mouse_up(source, offset=(3, 11))
        await settle(pilot)
        await pilot.mouse_down(source, offset=(3, 1), button=3)
        assert app.mouse_captured is None
        await pilot.mouse_up(cards_of(board, stages[2].id), offset=(3, 1))
        await settle(pilot)
        assert stage_of(store, alan) == (stages[0].id, "active")
        assert events(store, alan) == ["applied"]


async def test_click_focuses_a_card(store, data):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        target = cards_of(board, data["stages"][2].id)
        await pilot.click(target, offset=(4, 6))
        await settle(pilot)
        assert board.focused is target
        assert board.current_card.full_name == "Dennis Ritchie"
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, data["ids"]["Dennis Ritchie"]) == (data["stages"][3].id, "active")


async def test_drag_onto_the_closed_lane_asks_for_a_reason(store, data):
    from pipeline_tui.screens.board.reject import RejectModal
    from pipeline_tui.widgets.stage_column import LANE

    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("c")
        await settle(pilot)
        await pilot.mouse_down(cards_of(board, stages[0].id), offset=(3, 1))
        await pilot.mouse_up(board.column(LANE).cards, offset=(3, 1))
        await settle(pilot)
        assert isinstance(app.screen, RejectModal)
        await pilot.press(*"unresponsive", "enter")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[0].id, "rejected")
        assert [c.full_name for c in board.column(LANE).cards.cards] == ["Alan Turing"]
