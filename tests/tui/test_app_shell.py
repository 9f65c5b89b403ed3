"""The app shell: `b` and `t` switch between the two tools, and so does the command palette."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from textual.command import CommandPalette

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.pools.screen import PoolsScreen


async def test_b_and_t_switch_between_board_and_pools(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        side = app.screen.query_one("#pool-list")
        assert any("Silver medalists" in str(o.prompt) for o in side.options)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.job.title == "Backend Engineer"


async def test_palette_switches_tools(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"talent pools")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "pools" and isinstance(app.screen, PoolsScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"stage board")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "board" and isinstance(app.screen, BoardScreen)


async def test_six_and_the_palette_show_the_activity_and_one_goes_back_to_the_board(store):
    from pipeline_tui.screens.activity.screen import ActivityScreen

    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert app.current_mode == "activity" and isinstance(app.screen, ActivityScreen)
        await pilot.press("1")
        await settle(pilot)
        assert app.current_mode == "board" and isinstance(app.screen, BoardScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"activity")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.current_mode == "activity" and isinstance(app.screen, ActivityScreen)
