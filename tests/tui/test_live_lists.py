"""The pool browser, the jobs screen and Today follow others' changes as they happen (issue 16).

Each test runs the app on a database (a SQLite file; one test on PostgreSQL too), visits the screens in the
order a user does (the board first), and lets a second Store on the same database ("Ann", another
process as far as the log goes) change what the screen shows. Within 2 s, without a key, the screen shows
it, and the user's cursor, marks, filter and scroll offset are as they were; the database agrees.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from board_data import make_app
from due_helpers import seed_many, touch_of
from interviews_data import BERLIN
from pools_helpers import settle, typed
from sqlalchemy import insert, select
from today_data import NOOR_ACTOR, TODAY_NOW, at, seed_interviews
from today_helpers import section_rows

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.jobs.listing import COLUMN_KEYS
from pipeline_tui.screens.jobs.screen import JobsScreen
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.today.due_queue import DueQueue
from pipeline_tui.screens.today.due_rows import key_touch_id
from pipeline_tui.screens.today.screen import TodayScreen
from pipeline_tui.store import Store
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.models import Candidate

ANN = "ann@example.com"
LIVE_POLL = 0.2
WITHIN = 2.0  # seconds: the "within 2 seconds"
T = TypeVar("T")


def live_app(store: Store, tmp_path, **kwargs):
    app = make_app(store, tmp_path=tmp_path, **kwargs)
    app.settings = replace(app.settings, live_poll=LIVE_POLL)
    return app


async def following(pilot) -> None:
    """Until the app follows the change log (its watch has read where the log stands)."""
    app = pilot.app
    for _ in range(100):
        if app.live is not None and app.live.connected:
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never started following the change log")


def theirs_write(theirs: Store, write: Callable[[Store], T], *changes: Change | Callable[[T], Change]) -> T:
    """Ann's write through her own store. While a repository does not note its changes yet (each write is
    being wired to the log on its own branch), `changes` (or what they make of the write's result) are
    noted for it right after, in a transaction of their own: the screen sees the same either way, Ann's
    changes in the log."""
    before = theirs.changes.latest_seq()
    result = write(theirs)
    if changes and theirs.changes.latest_seq() == before:
        with theirs.db.transaction() as s:
            note_changes(s, [c if isinstance(c, Change) else c(result) for c in changes])
    return result


async def shows(pilot, seen: Callable[[], bool]) -> float:
    """Wait (pressing nothing) until `seen()` holds, at most WITHIN seconds; how long it took."""
    start = time.monotonic()
    while time.monotonic() - start < WITHIN:
        if seen():
            took = time.monotonic() - start
            await settle(pilot)
            return took
        await pilot.pause(0.05)
    raise AssertionError(f"not shown within {WITHIN} s")


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def painted(pilot, text: str) -> bool:
    """Whether `text` is on the terminal once the frames due are drawn (a scroll back after a refill is
    drawn on the next frame, after the data is in)."""
    for _ in range(20):
        if text in screen_text(pilot.app):
            return True
        await pilot.pause(0.05)
    return False


def person(name: str, **fields) -> CandidateInput:
    return CandidateInput.parse(
        full_name=name, email=f"{name.lower().replace(' ', '.')}@example.com", **fields
    )


def person_change(kind: ChangeKind, candidate_id: int, detail: str) -> Change:
    return Change(ChangeEntity.CANDIDATE, candidate_id, kind, detail=detail, candidate_id=candidate_id)


# -- the pool browser ------------------------------------------------------------------------------------


def seed_people(store: Store) -> dict[str, int]:
    """Eighty people; the even-numbered ones are tagged go (40 of them, more than the table shows)."""
    ids = {}
    for n in range(80):
        name = f"Person {n:03d}"
        ids[name] = store.candidates.add(person(name, current_title="Engineer")).id
    store.tags.tag([ids[f"Person {n:03d}"] for n in range(0, 80, 2)], ["go"])
    return ids


def rows_shown(screen: PoolsScreen) -> list[str]:
    table = screen.table
    top = int(table.scroll_offset.y)
    height = table.size.height - 1
    names = []
    for index in range(top, min(table.total, top + height)):
        row = table.row_at(index)
        names.append(row.full_name if row else "?")
    return names


async def test_pool_browser_follows_anns_tags_keeping_cursor_marks_filter_and_scroll(any_db_url, tmp_path):
    mine = Store.open(any_db_url, actor="tester")
    theirs = Store.open(any_db_url, actor=ANN)
    ids = seed_people(mine)
    app = live_app(mine, tmp_path=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PoolsScreen)
            await pilot.press("slash")
            await typed(pilot, "tag:go")
            await pilot.press("enter")
            await settle(pilot)
            assert screen.table.total == 40
            # Down to the 36th of 40 (the table scrolls), marking 3 people on the way: 30, 32 and 34.
            for _ in range(15):
                await pilot.press("down")
            await pilot.press("space", "space", "space")
            await settle(pilot)
            table = screen.table
            cursor_person = table.cursor_row.id
            assert cursor_person == ids["Person 036"] and table.cursor == 18
            for _ in range(15):
                await pilot.press("down")
            await pilot.press("up")  # the cursor back within the rows, the scroll offset where it went
            await settle(pilot)
            top = int(table.scroll_offset.y)
            assert top > 0
            cursor_person, cursor_at = table.cursor_row.id, table.cursor
            marked = {ids["Person 030"], ids["Person 032"], ids["Person 034"]}
            assert table.selected == marked
            await following(pilot)

            # Ann tags Person 001 and 003 go (two rows above the cursor), untags marked Person 032 (out of
            # the filter) and gives the cursor's person a new title.
            first, third, dropped = ids["Person 001"], ids["Person 003"], ids["Person 032"]
            theirs_write(
                theirs,
                lambda s: (s.tags.tag([first, third], ["go"]), s.tags.untag([dropped], ["go"])),
                person_change(ChangeKind.TAGGED, first, "go"),
                person_change(ChangeKind.TAGGED, third, "go"),
                person_change(ChangeKind.UNTAGGED, dropped, "go"),
            )
            theirs_write(
                theirs,
                lambda s: s.candidates.update(cursor_person, current_title="Go Lead"),
                person_change(ChangeKind.EDITED, cursor_person, "title"),
            )
            await shows(pilot, lambda: "Go Lead" in str(screen.query_one("#preview-body").content))

            assert table.total == 41  # two in, one out
            assert table.cursor_row.id == cursor_person  # the same person, one row further down now
            assert table.cursor == cursor_at + 1
            assert int(table.scroll_offset.y) == top
            assert table.selected == marked - {dropped}  # the mark of the person no longer listed is gone
            assert screen.query_one("#query").value == "tag:go"
            shown = rows_shown(screen)
            assert "Person 003" in shown and "Person 032" not in shown
            assert await painted(pilot, "Go Lead")
            assert "2 marked" in str(screen.query_one("#pools-summary").content)
            assert any(n.startswith("ann ") for n in app.said), app.said  # told who changed it
        assert mine.tags.tags_for(first) == ["go"] and mine.tags.tags_for(dropped) == []
        assert mine.candidates.get(cursor_person).current_title == "Go Lead"
    finally:
        theirs.close()
        mine.close()


# -- the jobs screen -------------------------------------------------------------------------------------


def seed_roles(store: Store) -> dict[str, int]:
    """Sixty open roles (more than the table shows at once) and one on hold, "Role 05 held"."""
    ids = {f"Role {n:02d}": store.jobs.create_job(f"Role {n:02d}", department="Eng").id for n in range(60)}
    ids["Role 05 held"] = store.jobs.create_job("Role 05 held", status="on_hold").id
    return ids


def titles(screen: JobsScreen) -> list[str]:
    return [summary.job.title for summary in screen.jobs]


def job_row(screen: JobsScreen, job_id: int) -> list[str]:
    return [str(cell) for cell in screen.table.get_row(str(job_id))]


async def test_jobs_screen_follows_anns_jobs_and_applicants_keeping_cursor_search_sort_and_scroll(
    tmp_path,
):
    path = str(tmp_path / "team.db")
    mine, theirs = Store.open(path, actor="tester"), Store.open(path, actor=ANN)
    ids = seed_roles(mine)
    grace = mine.candidates.add(person("Grace Hopper")).id
    app = live_app(mine, tmp_path=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, JobsScreen)
            await pilot.press("slash")
            await typed(pilot, "Role")
            await pilot.press("enter")
            for _ in range(6):  # status -> hires -> ... -> title: sorted by title
                await pilot.press("o")
            await settle(pilot)
            assert screen.sort == "title" and screen.table.row_count == 60
            for _ in range(45):
                await pilot.press("down")
            await pilot.press(*["up"] * 5)
            await settle(pilot)
            table = screen.table
            assert screen.current_job_id == ids["Role 40"]
            row, top = table.cursor_row, table.scroll_y
            assert top > 0
            await following(pilot)

            # Ann applies Grace to Role 40 (its active count), renames Role 41 and reopens the held role
            # (it joins the open ones, above the cursor).
            role40, role41, held = ids["Role 40"], ids["Role 41"], ids["Role 05 held"]
            applied = theirs_write(
                theirs,
                lambda s: s.applications.apply(grace, role40),
                lambda app: Change(
                    ChangeEntity.APPLICATION, app.id, ChangeKind.APPLIED, None, "Applied", role40, grace
                ),
            )
            theirs_write(
                theirs,
                lambda s: (
                    s.jobs.update_job(role41, title="Role 41 Berlin"),
                    s.jobs.set_status(held, "open"),
                ),
                Change(ChangeEntity.JOB, role41, ChangeKind.JOB_EDITED, "Role 41 Berlin", "title", role41),
                Change(ChangeEntity.JOB, held, ChangeKind.JOB_STATUS, "Role 05 held", "open", held),
            )
            await shows(pilot, lambda: str(held) in table.rows and "Role 41 Berlin" in titles(screen))
            assert await painted(pilot, "Role 41 Berlin"), (
                table.scroll_y,
                top,
                table.cursor_row,
                screen_text(app),
            )

            assert job_row(screen, role40)[COLUMN_KEYS.index("active")] == "1"
            assert screen.current_job_id == role40  # the same job, one row further down
            assert table.cursor_row == row + 1
            assert table.scroll_y == top
            assert screen.query_one("#jobs-query").value == "Role"
            assert screen.listing.text == "Role" and screen.listing.status_label == "open"
            assert screen.sort == "title" and table.row_count == 61
        assert mine.jobs.get(held).status == "open" and mine.jobs.get(role41).title == "Role 41 Berlin"
        assert mine.applications.get(applied.id).job_id == role40
    finally:
        theirs.close()
        mine.close()


# -- Today -----------------------------------------------------------------------------------------------


def due_keys(screen: TodayScreen) -> list[str]:
    table = screen.query_one(DueQueue).table
    return [str(row.key.value) for row in table.ordered_rows]


async def test_today_follows_anns_touches_and_interviews_keeping_cursor_and_scroll(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    monkeypatch.setenv("PIPELINE_TUI_USER", NOOR_ACTOR)
    path = str(tmp_path / "today.db")
    mine, theirs = Store.open(path, actor=NOOR_ACTOR), Store.open(path, actor=ANN)
    team = seed_interviews(mine)
    seed_many(mine, 30)  # thirty touches due today: more than the queue shows at once
    app = live_app(mine, tmp_path=tmp_path, now=TODAY_NOW)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TodayScreen)
            queue = screen.query_one(DueQueue)
            table = queue.table
            assert screen.focused is table and table.row_count == 30
            for _ in range(20):
                await pilot.press("down")
            await pilot.press(*["up"] * 3)
            await settle(pilot)
            keys = due_keys(screen)
            assert table.cursor_row == 17
            top = table.scroll_y
            assert top > 0
            interviews = section_rows(screen, "today-interviews")
            await following(pilot)

            # Ann does the touch under the cursor and one above it, and books Noor an interview at 15:00.
            mine_touch, above = key_touch_id(keys[17]), key_touch_id(keys[5])
            for touch_id in (mine_touch, above):
                theirs_write(
                    theirs,
                    lambda s, touch_id=touch_id: s.touches.done(touch_id, now=TODAY_NOW, zone=BERLIN),
                    lambda result, touch_id=touch_id: Change(
                        ChangeEntity.TOUCH, touch_id, ChangeKind.TOUCH_DONE, detail="step 1 of Many"
                    ),
                )
            booked = theirs_write(
                theirs,
                lambda s: s.interviews.schedule(
                    team["app"].id,
                    team["technical"].id,
                    at(4, 15),
                    timezone="Europe/Berlin",
                    panel=[team["noor"].id],
                ),
                lambda result: Change(
                    ChangeEntity.INTERVIEW, result.interview.id, ChangeKind.INTERVIEW_SCHEDULED
                ),
            )
            await shows(pilot, lambda: keys[17] not in table.rows and keys[5] not in table.rows)
            await shows(pilot, lambda: len(section_rows(screen, "today-interviews")) == len(interviews) + 1)

            assert table.row_count == 28
            assert str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value) == keys[18]
            assert table.cursor_row == 16  # the next touch due, moved up by the one done above it
            assert table.scroll_y == top
            assert screen.focused is table
            assert "15:00" in [row[0] for row in section_rows(screen, "today-interviews")]
        assert touch_of(mine, mine_touch).status == "done" and touch_of(mine, above).status == "done"
        assert mine.interviews.get(booked.interview.id).starts_at is not None
    finally:
        theirs.close()
        mine.close()


def count_reads(screen) -> list[str]:
    """The keys of the store work `screen` asks for from now on ("table": the prospect table's read)."""
    asked: list[str] = []
    work = screen.store_work

    def recording(*args, **kwargs):
        asked.append(kwargs.get("key", "store"))
        return work(*args, **kwargs)

    screen.store_work = recording
    return asked


def seed_bulk(store: Store, count: int) -> list[int]:
    """`count` more people ("Zulu 000"...), in one insert: enough for a burst past the batch limit."""
    with store.db.transaction() as s:
        s.execute(insert(Candidate), [{"full_name": f"Zulu {n:03d}"} for n in range(count)])
        return list(s.scalars(select(Candidate.id).where(Candidate.full_name.like("Zulu %"))))


async def test_pool_browser_reads_nothing_for_a_job_change_and_once_for_a_burst(tmp_path):
    path = str(tmp_path / "team.db")
    mine, theirs = Store.open(path, actor="tester"), Store.open(path, actor=ANN)
    ids = seed_people(mine)
    bulk = seed_bulk(mine, 220)
    job = mine.jobs.create_job("Platform Engineer").id
    app = live_app(mine, tmp_path=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PoolsScreen)
            await pilot.press("down", "down", "space")  # Person 002 marked, the cursor on Person 003
            await settle(pilot)
            await following(pilot)
            reads = count_reads(screen)

            theirs_write(
                theirs,
                lambda s: s.jobs.update_job(job, title="Platform Lead"),
                Change(ChangeEntity.JOB, job, ChangeKind.JOB_EDITED, "Platform Lead", "title", job),
            )
            await shows(pilot, lambda: any("Platform Lead" in n for n in app.said))
            assert reads == []  # nothing the browser shows: nothing read

            # A burst: Ann tags 221 people at once, the cursor's among them (more than one batch carries:
            # an overflow).
            tagged = [*bulk, ids["Person 003"]]
            theirs_write(
                theirs,
                lambda s: s.tags.tag(tagged, ["rust"]),
                *(person_change(ChangeKind.TAGGED, cid, "rust") for cid in tagged),
            )
            await shows(pilot, lambda: any("221 changes" in n for n in app.said))
            await shows(pilot, lambda: "rust" in screen.table.cursor_row.tags)
            assert await painted(pilot, "rust")
            assert reads.count("table") == 1  # one re-read for the whole burst
            assert screen.table.cursor_row.id == ids["Person 003"]
            assert screen.table.selected == {ids["Person 002"]}
        assert len(mine.prospects.matching_ids("all", "tag:rust")) == 221
    finally:
        theirs.close()
        mine.close()


async def test_pool_browser_left_for_the_board_reads_what_changed_when_shown_again(tmp_path):
    path = str(tmp_path / "team.db")
    mine, theirs = Store.open(path, actor="tester"), Store.open(path, actor=ANN)
    ids = seed_people(mine)
    app = live_app(mine, tmp_path=tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PoolsScreen)
            await pilot.press("down", "space", "space")  # Person 001 and 002 marked, cursor on 003
            await settle(pilot)
            await pilot.press("1")  # to the board: the browser is not in the stack shown
            await settle(pilot)
            await following(pilot)
            reads = count_reads(screen)
            theirs_write(
                theirs,
                lambda s: s.candidates.update(ids["Person 003"], current_title="Go Lead"),
                person_change(ChangeKind.EDITED, ids["Person 003"], "title"),
            )
            await shows(pilot, lambda: any("Person 003" in n for n in app.said))
            assert reads == []  # hidden: not called
            await pilot.press("2")
            await shows(pilot, lambda: screen.table.cursor_row.current_title == "Go Lead")
            assert await painted(pilot, "Go Lead")
            assert reads.count("table") == 1
            assert screen.table.cursor_row.id == ids["Person 003"]
            assert screen.table.selected == {ids["Person 001"], ids["Person 002"]}
    finally:
        theirs.close()
        mine.close()


async def test_jobs_and_today_left_for_another_tool_read_what_changed_when_shown_again(tmp_path):
    path = str(tmp_path / "team.db")
    mine, theirs = Store.open(path, actor="tester"), Store.open(path, actor=ANN)
    ids = seed_roles(mine)
    touches = seed_many(mine, 3)
    app = live_app(mine, tmp_path=tmp_path, now=TODAY_NOW)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            jobs = app.screen
            assert isinstance(jobs, JobsScreen)
            await pilot.press("down", "down")  # on Role 02 (sorted by status, then title)
            await pilot.press("4")
            await settle(pilot)
            today = app.screen
            assert isinstance(today, TodayScreen) and len(due_keys(today)) == 3
            await pilot.press("1")
            await settle(pilot)
            await following(pilot)
            theirs_write(
                theirs,
                lambda s: s.jobs.update_job(ids["Role 02"], title="Role 02 Berlin"),
                Change(ChangeEntity.JOB, ids["Role 02"], ChangeKind.JOB_EDITED, "Role 02", "title"),
            )
            theirs_write(
                theirs,
                lambda s: s.touches.done(touches[0], now=TODAY_NOW),
                Change(ChangeEntity.TOUCH, touches[0], ChangeKind.TOUCH_DONE, detail="step 1 of Many"),
            )
            await shows(pilot, lambda: any("did a touch" in n for n in app.said))
            await pilot.press("3")
            await shows(pilot, lambda: "Role 02 Berlin" in titles(jobs))
            assert await painted(pilot, "Role 02 Berlin")
            assert jobs.current_job_id == ids["Role 02"]
            await pilot.press("4")
            await shows(pilot, lambda: len(due_keys(today)) == 2)
            assert f"touch:{touches[0]}" not in due_keys(today)
    finally:
        theirs.close()
        mine.close()
