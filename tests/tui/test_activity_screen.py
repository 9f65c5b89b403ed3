"""The Activity screen (`6`): who did what, when, newest first; filters by member, kind and job; `enter`;
others' changes arriving live on top with the cursor kept; pages below the last row; one job's activity
from the jobs screen (`a`). Every test asserts what the screen shows and what the log holds."""

from __future__ import annotations

import time
from dataclasses import replace

from activity_helpers import ANN, DESIGN, RAJ, header, open_activity, open_as, rows, seed_activity, what
from board_data import make_app
from helpers import press, said, settle
from sqlalchemy import select

from pipeline_tui.core.change_records import Change, FeedQuery
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.screens.activity.pickers import ActivityJobPicker, ChoicePicker
from pipeline_tui.screens.activity.screen import ActivityScreen, JobActivityScreen
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.screen import JobsScreen
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.store import Store
from pipeline_tui.store.change_log import note_change, note_changes
from pipeline_tui.store.change_tables import ChangeLog

WHEN = ["08:55", "08:20", "07:40", "1 Mar 07:00", "27 Feb 16:45", "12 Jan 10:30", "20 Nov 2025 14:05"]


def log_seqs(store: Store) -> list[int]:
    with store.db.connection() as conn:
        return list(conn.scalars(select(ChangeLog.seq).order_by(ChangeLog.seq.desc())))


def shown_seqs(screen: ActivityScreen) -> list[int]:
    return [int(key.value) for key in screen.table.rows]


def options(app) -> list[str]:
    listed = app.screen.query_one("OptionList")
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def wait_for(pilot, done, seconds: float = 2.0) -> float:
    """Pause until `done()` (False after `seconds`); how long it took."""
    began = time.monotonic()
    while time.monotonic() - began < seconds and not done():
        await pilot.pause(0.05)
    return time.monotonic() - began


async def live(pilot) -> None:
    app = pilot.app
    for _ in range(60):
        await pilot.pause(0.05)
        if app.live is not None and app.live.connected:
            return


async def test_six_lists_who_did_what_newest_first_in_the_users_zone(any_store, monkeypatch):
    seed_activity(any_store)
    app = make_app(any_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        assert header(screen) == "Activity · all jobs · everyone · every kind · 7 shown"
        shown = rows(screen)
        assert [row[0] for row in shown] == WHEN
        assert shown[0][1:] == [ANN, "moved Katherine Johnson to Interview", "Backend Engineer"]
        assert shown[2][1:] == [RAJ, "moved Grace Hopper to Phone screen", DESIGN]
        assert shown[4][2] == "rated [b]Bob[/b] ★★★"
        assert shown[5][2] == "rejected Linus Torvalds (no reason given)"
        assert shown_seqs(screen) == log_seqs(any_store)
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")  # an hour ahead of UTC in winter
    app = make_app(any_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        assert [row[0] for row in rows(screen)][:4] == ["09:55", "09:20", "08:40", "1 Mar 08:00"]


async def test_member_and_kind_pickers_filter_and_esc_clears_them(store):
    data = seed_activity(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        await press(pilot, "m")
        assert isinstance(app.screen, ChoicePicker)
        assert [line.split("  ")[0] for line in options(app)] == ["Everyone", ANN, RAJ, "tester"]
        await press(pilot, *"raj", "enter")
        assert app.screen is screen
        assert header(screen) == f"Activity · all jobs · {RAJ} · every kind · 2 shown"
        assert {row[1] for row in rows(screen)} == {RAJ}
        feed = store.activity_feed.feed(FeedQuery(actor_id=data["raj"].id))
        assert shown_seqs(screen) == [change.seq for change in feed]
        await press(pilot, "k")
        assert options(app) == ["Every kind", "moved", "rated", "rejected"]
        await press(pilot, *"rej", "enter")
        assert header(screen) == f"Activity · all jobs · {RAJ} · rejected · 1 shown"
        assert what(screen) == ["rejected Linus Torvalds (no reason given)"]
        await press(pilot, "k", "escape")  # esc in a picker keeps what is shown
        assert header(screen) == f"Activity · all jobs · {RAJ} · rejected · 1 shown"
        await press(pilot, "escape")
        assert header(screen) == "Activity · all jobs · everyone · every kind · 7 shown"
        await press(pilot, "k", *"rated", "enter")
        assert what(screen) == ["rated [b]Bob[/b] ★★★"]
        await press(pilot, "k", "enter")  # the kind shown is highlighted: enter keeps it
        assert header(screen).endswith("rated · 1 shown")
        await press(pilot, "k", "home", *"every", "enter")
        assert header(screen).endswith("every kind · 7 shown")


async def test_the_job_picker_shows_one_jobs_activity_without_the_job_column(store):
    seed_activity(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        await press(pilot, "j")
        assert isinstance(app.screen, ActivityJobPicker)
        assert "Activity of which job?" in str(app.screen.query_one(".dialog-title").render())
        await press(pilot, *"designer", "enter")
        assert header(screen) == f"Activity · {DESIGN} · everyone · every kind · 1 shown"
        assert rows(screen) == [["07:40", RAJ, "moved Grace Hopper to Phone screen"]]
        await press(pilot, "escape")
        assert len(rows(screen)) == 7 and len(rows(screen)[0]) == 4


async def test_enter_opens_the_person_or_else_the_jobs_board(store):
    data = seed_activity(store)
    design = data["design"].id
    with store.db.connection() as conn:
        note_change(conn, Change(ChangeEntity.JOB, design, ChangeKind.JOB_STATUS, DESIGN, "on hold", design))
    store.activity_feed.trim(before=data["ann"].created_at.replace(year=2000))  # nothing to trim
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        assert what(screen)[0] == f"set the job {DESIGN} to on hold"
        await press(pilot, "down", "enter")  # Ann moved Katherine Johnson
        assert isinstance(app.screen, PersonScreen)
        katherine = store.applications.get(data["ids"]["Katherine Johnson"]).candidate_id
        assert app.screen.candidate_id == katherine
        assert "Katherine Johnson" in str(app.screen.query_one("#who").render())
        await press(pilot, "escape")
        assert app.screen is screen and screen.cursor_seq == log_seqs(store)[1]
        await press(pilot, "up", "enter")  # the job's change: its board
        assert app.current_mode == "board" and isinstance(app.screen, BoardScreen)
        assert app.screen.job.id == design


async def test_a_change_by_another_user_appears_on_top_within_2s_with_the_cursor_kept(any_db_url):
    mine = Store.open(any_db_url, actor="tester")
    data = seed_activity(mine)
    theirs = open_as(mine, "ann@example.com")
    app = make_app(mine)
    app.settings = replace(app.settings, live_poll=0.2)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await live(pilot)
            screen = await open_activity(pilot)
            await press(pilot, "down", "down")
            kept = screen.cursor_seq
            assert what(screen)[2] == "moved Grace Hopper to Phone screen"
            rec = theirs.applications.get(data["ids"]["Dennis Ritchie"])
            theirs.applications.move_to_stage(rec.id, data["stages"][3].id, rec.version)
            took = await wait_for(pilot, lambda: len(rows(screen)) == 8)
            await settle(pilot)
            assert took < 2.0, f"the change took {took:.2f} s to show"
            assert rows(screen)[0][1:] == [ANN, "moved Dennis Ritchie to Offer", "Backend Engineer"]
            assert header(screen) == "Activity · all jobs · everyone · every kind · 8 shown"
            assert screen.cursor_seq == kept and screen.table.cursor_row == 3
            assert screen.table.scroll_y == 0  # the view stays on top: the new row shows
            assert shown_seqs(screen) == log_seqs(mine)
            # Filtered to Raj: a change of Ann's is not listed.
            await press(pilot, "m", *"raj", "enter")
            assert len(rows(screen)) == 2
            rec = theirs.applications.get(data["ids"]["Dennis Ritchie"])
            theirs.applications.set_rating(rec.id, 1, rec.version)
            await wait_for(pilot, lambda: any("rated Dennis Ritchie" in s for s in said(app)))
            await settle(pilot)
            assert len(rows(screen)) == 2 and {row[1] for row in rows(screen)} == {RAJ}
    finally:
        theirs.close()
        mine.close()


async def test_a_burst_by_another_user_reads_the_first_page_again_keeping_the_cursor(store):
    data = seed_activity(store)
    theirs = open_as(store, "ann@example.com")
    app = make_app(store)
    app.settings = replace(app.settings, live_poll=0.2)
    app_id = data["ids"]["Ada Lovelace"]
    burst = [
        Change(
            ChangeEntity.APPLICATION,
            app_id,
            ChangeKind.RATED,
            detail=f"{i % 3 + 1}",
            job_id=data["backend"].id,
        )
        for i in range(250)
    ]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await live(pilot)
            screen = await open_activity(pilot)
            await press(pilot, "down")
            kept = screen.cursor_seq
            with theirs.db.connection() as conn:
                note_changes(conn, burst)
            await wait_for(pilot, lambda: any("250 changes" in s for s in said(app)))
            await wait_for(pilot, lambda: len(rows(screen)) > 7)
            await settle(pilot)
            assert header(screen) == "Activity · all jobs · everyone · every kind · 200 shown"
            assert shown_seqs(screen) == log_seqs(store)[:200]
            assert kept not in shown_seqs(screen)  # below the first page now: the cursor is on the top row
            await press(pilot, "end")  # the next page as the cursor nears the end
            assert header(screen).endswith("257 shown")
            assert shown_seqs(screen) == log_seqs(store)
            assert screen.cursor_seq == log_seqs(store)[199]  # still on the row it went to
    finally:
        theirs.close()


async def test_the_next_page_is_read_as_the_cursor_nears_the_end(any_store):
    data = seed_activity(any_store)
    app_id, job_id = data["ids"]["Ada Lovelace"], data["backend"].id
    with any_store.db.connection() as conn:
        note_changes(
            conn,
            [Change(ChangeEntity.APPLICATION, app_id, ChangeKind.RATED, detail="★", job_id=job_id)] * 450,
        )
    app = make_app(any_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        assert header(screen).endswith("200 shown")
        await press(pilot, "pagedown")
        assert header(screen).endswith("200 shown")  # far from the end: nothing more read
        await press(pilot, "end")
        assert header(screen).endswith("400 shown")
        await press(pilot, "end")
        assert header(screen).endswith("457 shown")
        assert shown_seqs(screen) == log_seqs(any_store)  # every change once, newest first
        assert rows(screen)[-1][0] == "20 Nov 2025 14:05"


async def test_back_on_the_activity_screen_my_own_changes_are_read(store):
    data = seed_activity(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        await press(pilot, "1")
        board = app.screen
        assert isinstance(board, BoardScreen)
        name = board.current_card.full_name
        await press(pilot, "greater_than_sign")
        await press(pilot, "6")
        assert app.screen is screen
        assert what(screen)[0] == f"moved {name} to Phone screen"
        assert shown_seqs(screen) == log_seqs(store)
        assert data["ids"]


async def test_a_on_the_jobs_screen_shows_the_focused_jobs_activity_and_esc_goes_back(store):
    seed_activity(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        jobs = app.screen
        assert isinstance(jobs, JobsScreen)
        while jobs.current_job.job.title != DESIGN:
            await press(pilot, "down")
        await press(pilot, "a")
        screen = app.screen
        assert isinstance(screen, JobActivityScreen)
        assert header(screen) == f"Activity · {DESIGN} · everyone · every kind · 1 shown"
        assert what(screen) == ["moved Grace Hopper to Phone screen"]
        await press(pilot, "m", *"ann", "enter")
        assert header(screen) == f"Activity · {DESIGN} · {ANN} · every kind · 0 shown"
        assert "No activity matches" in str(screen.query_one("#activity-empty").render())
        await press(pilot, "escape")  # first the filters it did not start with
        assert header(screen).endswith("1 shown") and app.screen is screen
        await press(pilot, "escape")
        assert app.screen is jobs


async def test_esc_after_a_filter_that_matched_nothing_gives_the_rows_back_with_their_cursor(store):
    """The tryout: the empty filter hid the table and, shown again, it had no focus: down and enter did nothing."""
    seed_activity(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_activity(pilot)
        await press(pilot, "m", *"ann", "enter", "j", *"design", "enter")
        assert header(screen).endswith("0 shown")
        await press(pilot, "escape", "down", "down")
        assert header(screen) == "Activity · all jobs · everyone · every kind · 7 shown"
        assert app.focused is screen.table and screen.table.cursor_row == 2
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonScreen)


async def test_scrolled_down_a_new_change_leaves_the_rows_in_view_where_they_were(store):
    data = seed_activity(store)
    app_id, job_id = data["ids"]["Ada Lovelace"], data["backend"].id
    with store.db.connection() as conn:
        note_changes(
            conn, [Change(ChangeEntity.APPLICATION, app_id, ChangeKind.RATED, detail="★", job_id=job_id)] * 60
        )
    theirs = open_as(store, "raj@example.com")
    app = make_app(store)
    app.settings = replace(app.settings, live_poll=0.2)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await live(pilot)
            screen = await open_activity(pilot)
            await press(pilot, "pagedown", "pagedown")
            table = screen.table
            kept, row, scroll = screen.cursor_seq, table.cursor_row, table.scroll_y
            assert scroll > 0
            rec = theirs.applications.get(data["ids"]["Dennis Ritchie"])
            theirs.applications.move_to_stage(rec.id, data["stages"][3].id, rec.version)
            await wait_for(pilot, lambda: len(rows(screen)) == 68)
            await settle(pilot)
            assert what(screen)[0] == "moved Dennis Ritchie to Offer"
            assert (screen.cursor_seq, table.cursor_row, table.scroll_y) == (kept, row + 1, scroll + 1)
    finally:
        theirs.close()
