"""Job switcher (`o`) and the command palette's jobs; the board remembers the last job per database."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from textual.command import CommandPalette

from pipeline_tui.screens.board.job_switcher import JobSwitcher
from pipeline_tui.screens.board.screen import BoardScreen


def listed(modal: JobSwitcher) -> list[str]:
    jobs = modal.query_one("#jobs")
    return [str(jobs.get_option_at_index(i).prompt) for i in range(jobs.option_count)]


async def test_switcher_lists_jobs_with_status_and_counts_filters_and_opens(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("o")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, JobSwitcher)
        rows = listed(modal)
        assert len(rows) == 3
        assert (
            rows[0].startswith("Backend Engineer") and "[open]" in rows[0] and "8 active · 1 hired" in rows[0]
        )
        assert rows[1].startswith("Product Designer") and "1 active" in rows[1]
        assert rows[2].startswith("Data Analyst") and "[on hold]" in rows[2] and "0 active" in rows[2]
        await pilot.press(*"analyst")
        await settle(pilot)
        assert [r.split("  ")[0] for r in listed(modal)] == ["Data Analyst"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board
        assert board.job.title == "Data Analyst"
        assert "Data Analyst" in str(board.query_one("#job-bar").render())
        assert "On hold" in str(board.query_one("#job-bar").render())
        assert app.state.get(app.db_key, "last_job") == board.job.id
        # esc closes without changing the job
        await pilot.press("o", "escape")
        await settle(pilot)
        assert board.job.title == "Data Analyst"


async def test_board_remembers_the_last_job_between_runs(store):
    data = seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o", *"product", "enter")
        await settle(pilot)
        assert app.screen.job.id == data["design"].id
    again = make_app(store)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, BoardScreen)
        assert again.screen.job.id == data["design"].id
        assert [c.full_name for c in again.screen.column(again.screen.stages[0].id).cards.cards] == [
            "Ada Lovelace"
        ]


async def test_command_palette_offers_the_jobs(store):
    data = seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"open board product")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert board.job.id == data["design"].id


async def test_palette_opens_a_job_from_the_pools_screen(store):
    data = seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"open board analyst")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "board"
        assert app.screen.job.title == "Data Analyst"
        assert data["backend"].id != app.screen.job.id


async def test_markup_in_job_titles_is_shown_literally(store):
    store.jobs.create_job("[b]Chief[/b] [@click=app.quit]Officer")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "[b]Chief[/b] [@click=app.quit]Officer" in str(app.screen.query_one("#job-bar").render())
        await pilot.press("o")
        await settle(pilot)
        assert listed(app.screen)[0].startswith("[b]Chief[/b] [@click=app.quit]Officer")
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"chief")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.is_running
        assert app.screen.job.title == "[b]Chief[/b] [@click=app.quit]Officer"


async def test_empty_database_says_what_to_do(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        assert board.job is None
        assert "no jobs yet" in str(board.query_one("#board-empty").render())
        await pilot.press(">", "x", "u", "n", "enter", "s", "r")
        await settle(pilot)
        assert app.is_running
