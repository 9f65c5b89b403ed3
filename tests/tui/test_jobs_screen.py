"""The jobs screen: `3` shows every job with its team and counts; filter by status and text, sort, and
`enter` opens the job's board."""

from __future__ import annotations

from board_data import make_app
from helpers import burst, press, settle
from jobs_data import seed_jobs
from jobs_helpers import open_jobs, rows, titles

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.screen import JobsScreen
from pipeline_tui.screens.pools.screen import PoolsScreen


async def test_1_2_3_switch_between_board_pools_and_jobs(store):
    seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "2")
        assert isinstance(app.screen, PoolsScreen)
        await press(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        await press(pilot, "1")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "t")
        assert isinstance(app.screen, PoolsScreen)
        await press(pilot, "b")
        assert isinstance(app.screen, BoardScreen)


async def test_open_jobs_listed_with_team_counts_and_days_open(store):
    seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_jobs(pilot)
        assert rows(screen) == [
            ["Backend Engineer", "Engineering", "Berlin", "open", "1/2", "8", "90", "Mia Chen", "Raj Patel"],
            ["Product Designer", "Design", "Remote", "open", "0/1", "1", "30", "", "Raj Patel"],
        ]
        bar = str(screen.query_one("#jobs-bar").render())
        assert "status: open" in bar and "2 jobs" in bar


async def test_f_cycles_the_status_filter(store):
    seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_jobs(pilot)
        await press(pilot, "f")
        assert titles(screen) == ["Data Analyst"] and "status: on hold" in str(
            screen.query_one("#jobs-bar").render()
        )
        await press(pilot, "f")
        assert rows(screen) == [
            [
                "Site Reliability Engineer",
                "Engineering",
                "Lisbon",
                "draft",
                "0/2",
                "0",
                "—",
                "Mia Chen",
                "Raj Patel",
            ]
        ]
        await press(pilot, "f")
        assert rows(screen)[0][:4] == ["Sales Lead", "Sales", "London", "closed"]
        assert rows(screen)[0][6] == "100"  # opened 120 days ago, closed 20 days ago
        await press(pilot, "f")
        assert len(titles(screen)) == 5
        await press(pilot, "f")
        assert "status: open" in str(screen.query_one("#jobs-bar").render())


async def test_slash_filters_by_text_typed_fast_and_esc_clears(store):
    seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_jobs(pilot)
        await press(pilot, "f", "f", "f", "f")  # all
        await burst(pilot, "/raj\r")
        assert titles(screen) == ["Backend Engineer", "Product Designer", "Site Reliability Engineer"]
        await burst(pilot, "/")
        await press(pilot, "backspace", "backspace", "backspace")
        await burst(pilot, "lisbon\r")
        assert titles(screen) == ["Site Reliability Engineer"]
        assert screen.focused is screen.table
        await press(pilot, "escape")
        await burst(pilot, "/zzz\r")
        assert titles(screen) == [] and "No job matches" in str(screen.query_one("#jobs-empty").render())
        await press(pilot, "escape")
        assert len(titles(screen)) == 5


async def test_o_cycles_sort_and_a_header_click_sorts_and_reverses(store):
    seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_jobs(pilot)
        await press(pilot, "f", "f", "f", "f")
        assert screen.sort == "status"
        assert [r[3] for r in rows(screen)] == ["open", "open", "on hold", "draft", "closed"]
        await press(pilot, "o")  # hires
        assert [r[4] for r in rows(screen)][-1] == "1/2"
        await press(pilot, "O")
        assert [r[4] for r in rows(screen)][0] == "1/2"
        await press(
            pilot, *["o"] * 7
        )  # active, days open, hiring manager, recruiter, title, department, location
        assert screen.sort == "location"
        assert [r[2] for r in rows(screen)] == ["Berlin", "Lisbon", "London", "Remote", ""]
        await pilot.click("#jobs-table", offset=(2, 0))  # the Title header
        await settle(pilot)
        assert screen.sort == "title" and titles(screen) == sorted(titles(screen))
        await pilot.click("#jobs-table", offset=(2, 0))
        await settle(pilot)
        assert screen.descending and titles(screen) == sorted(titles(screen), reverse=True)
        assert "sort title ▼" in str(screen.query_one("#jobs-bar").render())


async def test_enter_opens_the_jobs_board_and_the_board_remembers_it(store):
    data = seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.job.id == data["backend"].id
        screen = await open_jobs(pilot)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, BoardScreen) and app.screen.job.id == data["design"].id
        assert app.state.get(app.db_key, "last_job") == data["design"].id
        await press(pilot, "3")
        assert screen.current_job_id == data["design"].id  # the cursor stayed on it
        await press(pilot, "up", "enter")
        assert app.screen.job.id == data["backend"].id


async def test_board_not_yet_shown_opens_the_chosen_job(store):
    data = seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JobsScreen)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, BoardScreen) and app.screen.job.id == data["design"].id


async def test_empty_database_says_how_to_create_a_job(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Press 3" in str(app.screen.query_one("#board-empty").render())
        screen = await open_jobs(pilot)
        assert "Press n to create one" in str(screen.query_one("#jobs-empty").render())
        await press(pilot, "enter", "o", "f", "O", "down")
        assert app.is_running and isinstance(app.screen, JobsScreen)


async def test_user_text_is_shown_literally(store):
    seed_jobs(store, strange=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_jobs(pilot)
        assert "[b]Chief[/b] [@click=app.quit]Officer" in titles(screen)
        row = next(r for r in rows(screen) if r[0].startswith("[b]"))
        assert row[1] == "Exec [i]x[/i]"
        await burst(pilot, "/chief\r")
        await press(pilot, "enter")
        assert app.is_running and app.screen.job.title == "[b]Chief[/b] [@click=app.quit]Officer"


async def test_3_after_switching_boards_is_on_the_job_just_looked_at(store):
    """The board's job changed with `o` since the jobs screen showed: `3` puts the cursor on it, so `s`
    or `e` act on the job the user was just looking at."""
    data = seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_jobs(pilot)
        assert screen.current_job_id == data["backend"].id
        await press(pilot, "1", "o")
        await burst(pilot, data["design"].title)
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.job.id == data["design"].id
        await press(pilot, "3")
        await settle(pilot)
        assert app.screen is screen and screen.current_job_id == data["design"].id
