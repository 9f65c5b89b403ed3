"""`b` and `t` go to the board and the pools also from a person screen (found trying it: after `enter` on a
card, `t` then `b` showed the person again, and `b` did nothing)."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from person_helpers import open_ada

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.pools.screen import PoolsScreen


async def test_b_and_t_reach_the_tools_from_a_person_screen(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("b")  # the board is the tool the person was opened over
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.current_card.full_name == "Ada Lovelace"  # back on the same card
        await open_ada(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen), app.screen
        # A person opened in the pools: `t` there closes it, `b` then `t` lands on the pools too.
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen), app.screen
        assert len(app.screen_stack) == 1
