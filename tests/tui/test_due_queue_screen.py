"""The due queue on the Today screen (`4`): the touches due today or overdue, oldest first, the focused one's
message beside them, and every key of the queue checked on the screen AND in the database: done, skip,
snooze (tomorrow, a typed day, a day refused), replied, opted out (asked first), enter; a fast burst acts
on successive touches, never twice on one; a key on a touch still in flight is refused visibly; pages of
50 read as the cursor nears the end; user text shown literally; the layout beside / below by width."""

from __future__ import annotations

import threading

import pytest
from due_helpers import (
    FRIDAY,
    MONDAY,
    STRANGE_STEPS,
    activities_of,
    consent_of,
    due_app,
    enrollment_of,
    heading,
    notice,
    open_queue,
    pool_status,
    preview,
    queue_rows,
    seed_due,
    seed_many,
    touch_of,
    touches_of,
)
from helpers import burst, press, settle
from nurture_data import add_people, enroll_people, seed_sequence
from sqlalchemy import update
from today_helpers import open_noor_store

from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.today.screen import TodayScreen
from pipeline_tui.screens.today.snooze import SnoozeDialog
from pipeline_tui.screens.work import writer_thread
from pipeline_tui.store.nurture_tables import SequenceStep

ADA = ["2 days late", "Ada Lovelace", "Warm-up", "1/3", "E-mail"]
GRACE = ["today", "Grace Hopper", "Warm-up", "1/3", "E-mail"]
LINUS = ["today", "Linus Torvalds", "Warm-up", "1/3", "E-mail"]
ADA_MAIL = "Hello Ada\n\nHi Ada,\n\nHow is Acme? The Backend prospects team would love a chat.\n\nNoor Haddad"


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


@pytest.fixture
def seeded(noor_store):
    return seed_due(noor_store)


async def test_the_queue_comes_first_oldest_first_with_the_message_beside_it(noor_store, seeded, tmp_path):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        # Monday's is 2 days late and first; Friday's (Mary) is not due yet.
        assert queue_rows(queue) == [ADA, GRACE, LINUS]
        assert heading(queue) == "Touches due  3 due"
        assert pilot.app.focused is queue.table
        shown = preview(queue)
        assert "To: Ada Lovelace <ada@example.com>" in shown
        assert "Subject: Hello Ada" in shown
        assert "How is Acme? The Backend prospects team would love a chat." in shown
        await press(pilot, "down")
        assert "Subject: Hello Grace" in preview(queue)


async def test_d_marks_done_logs_it_schedules_step_2_and_moves_on(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "d")
        assert queue_rows(queue) == [GRACE, LINUS]
        assert queue.table.cursor_row == 0 and "Hello Grace" in preview(queue)  # the next touch
        assert notice(queue) == "Done · Ada Lovelace: step 2 due Sat 7 Mar"
        assert heading(queue) == "Touches due  2 due"
    done = touch_of(noor_store, seeded["touch"][ada])
    assert (done.status, done.delivery, done.subject) == ("done", "manual", "Hello Ada")
    assert touches_of(noor_store, ada) == [(1, "done", MONDAY), (2, "due", MONDAY.replace(day=7))]
    assert activities_of(noor_store, ada) == [("email", ADA_MAIL)]
    assert pool_status(noor_store, ada) == "contacted"


async def test_s_skips_the_step_without_logging_a_touch(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "s")
        assert queue_rows(queue) == [GRACE, LINUS]
        assert notice(queue) == "Skipped · Ada Lovelace: step 2 due Sat 7 Mar"
    assert touches_of(noor_store, ada) == [(1, "skipped", MONDAY), (2, "due", MONDAY.replace(day=7))]
    assert activities_of(noor_store, ada) == []
    assert pool_status(noor_store, ada) == "new"


async def test_z_enter_snoozes_until_tomorrow(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "z")
        assert isinstance(pilot.app.screen, SnoozeDialog)
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, TodayScreen)
        assert queue_rows(queue) == [GRACE, LINUS]
        assert notice(queue) == "Snoozed · Ada Lovelace's step 1 due Thu 5 Mar"
    assert touches_of(noor_store, ada) == [(1, "due", MONDAY.replace(day=5))]


async def test_z_refuses_a_day_not_after_today_and_takes_a_typed_one(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "z")
        await burst(pilot, "2026-03-04\r")
        dialog = pilot.app.screen
        assert isinstance(dialog, SnoozeDialog)  # still open: today is not after today
        assert "snooze until a day after today" in str(dialog.query_one("#snooze-error").render())
        assert touches_of(noor_store, ada) == [(1, "due", MONDAY)]
        await press(pilot, *["backspace"] * 2)
        await burst(pilot, "10\r")
        assert isinstance(pilot.app.screen, TodayScreen)
        assert notice(queue) == "Snoozed · Ada Lovelace's step 1 due Tue 10 Mar"
        await press(pilot, "z", "escape")  # esc: nothing snoozed
        assert queue_rows(queue) == [GRACE, LINUS]
    assert touches_of(noor_store, ada) == [(1, "due", MONDAY.replace(day=10))]
    assert touches_of(noor_store, seeded["grace"]) == [(1, "due", MONDAY.replace(day=4))]


async def test_R_replied_stops_the_sequence_and_engages_the_prospect(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "R")
        assert queue_rows(queue) == [GRACE, LINUS]
        assert notice(queue) == "Replied · Ada Lovelace's Warm-up stopped, pool status engaged"
    assert touches_of(noor_store, ada) == [(1, "replied", MONDAY)]
    assert enrollment_of(noor_store, ada) == ("stopped", "replied")
    assert activities_of(noor_store, ada) == [("note", "Replied to Warm-up (step 1)")]
    assert pool_status(noor_store, ada) == "engaged"


async def test_O_asks_then_records_the_opt_out(noor_store, seeded, tmp_path):
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "O")
        assert isinstance(pilot.app.screen, YesNo)
        await press(pilot, "n")  # no: nothing changes
        assert queue_rows(queue) == [ADA, GRACE, LINUS]
        assert consent_of(noor_store, ada)[0] == "unknown"
        await press(pilot, "O", "y")
        assert queue_rows(queue) == [GRACE, LINUS]
        assert notice(queue).startswith("Opted out · Ada Lovelace's Warm-up stopped, consent withdrawn")
    assert touches_of(noor_store, ada) == [(1, "opted_out", MONDAY)]
    assert enrollment_of(noor_store, ada) == ("stopped", "opted_out")
    assert consent_of(noor_store, ada) == ("withdrawn", "opted out of sequence Warm-up")
    assert activities_of(noor_store, ada) == [("note", "Opted out of Warm-up (step 1)")]
    assert pool_status(noor_store, ada) == "not_interested"


async def test_enter_opens_the_person_and_the_queue_reads_again_on_return(noor_store, seeded, tmp_path):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "down", "enter")
        person = pilot.app.screen
        assert isinstance(person, PersonScreen) and person.candidate_id == seeded["grace"]
        noor_store.touches.done(seeded["touch"][seeded["grace"]])  # done elsewhere meanwhile
        await press(pilot, "escape")
        assert queue_rows(queue) == [ADA, LINUS]


async def test_a_touch_done_elsewhere_is_refused_and_the_list_read_again(noor_store, seeded, tmp_path):
    ada_touch = seeded["touch"][seeded["ada"]]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        noor_store.touches.skip(ada_touch)  # `due skip` in a terminal meanwhile
        await press(pilot, "d")
        assert (
            notice(queue) == "Not done: Ada Lovelace's step 1 is already skipped by Noor Haddad"
        )  # no internal id
        assert queue_rows(queue) == [GRACE, LINUS]
    assert touches_of(noor_store, seeded["ada"])[0][1] == "skipped"  # not made done as well
    assert touches_of(noor_store, seeded["grace"]) == [(1, "due", MONDAY.replace(day=4))]


async def test_a_fast_burst_acts_on_three_touches_in_order_never_twice_on_one(noor_store, seeded, tmp_path):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await burst(pilot, "dsd")
        assert queue_rows(queue) == []
        assert "No touches due. Enroll prospects in a sequence from the talent pools with f." in str(
            queue.query_one(".today-empty").render()
        )
        assert notice(queue) == "Done · Linus Torvalds: step 2 due Sat 7 Mar"
    seventh = MONDAY.replace(day=7)
    assert touches_of(noor_store, seeded["ada"]) == [(1, "done", MONDAY), (2, "due", seventh)]
    assert touches_of(noor_store, seeded["grace"]) == [
        (1, "skipped", MONDAY.replace(day=4)),
        (2, "due", seventh),
    ]
    assert touches_of(noor_store, seeded["linus"]) == [
        (1, "done", MONDAY.replace(day=4)),
        (2, "due", seventh),
    ]
    assert touches_of(noor_store, seeded["mary"]) == [(1, "due", FRIDAY)]  # not due: never acted on


async def test_a_key_on_a_touch_still_in_flight_is_refused_visibly(noor_store, seeded, tmp_path):
    """The database is slow (the writer thread is busy): `d d` on the last touch marks it once, and the
    second `d` says why it did nothing."""
    linus = seeded["linus"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "down", "down")
        gate = threading.Event()
        writer_thread(pilot.app).submit(gate.wait, 10)
        await pilot.press("d", "d")
        assert queue_rows(queue)[2][0] == "done…"
        assert notice(queue) == "Not used: Linus Torvalds's step 1 is still done… (wait for it to finish)"
        gate.set()
        await settle(pilot)
        assert queue_rows(queue) == [ADA, GRACE]
        assert queue.table.cursor_row == 1  # the last touch left: the cursor is on the new last one
    assert touches_of(noor_store, linus) == [
        (1, "done", MONDAY.replace(day=4)),
        (2, "due", MONDAY.replace(day=7)),
    ]
    assert touches_of(noor_store, seeded["grace"]) == [(1, "due", MONDAY.replace(day=4))]


async def test_pages_of_50_are_read_as_the_cursor_nears_the_end(noor_store, tmp_path):
    touch_ids = seed_many(noor_store, 120)
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        assert queue.table.row_count == 50  # never all at once
        assert heading(queue) == "Touches due  50 of 120 due"
        await press(pilot, "end")
        assert queue.table.row_count == 100
        assert heading(queue) == "Touches due  100 of 120 due"
        await press(pilot, "end")
        assert heading(queue) == "Touches due  120 due"
        listed = [queue.table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(120)]
        assert queue_rows(queue)[0] == ["today", "Person000 Example", "Many", "1/3", "E-mail"]
        assert listed == [f"touch:{t}" for t in touch_ids]  # oldest first, no gap, no repeat
        assert queue.table.cursor_row == 99  # where `end` went before the last page came
        await press(pilot, "d")
        assert queue.table.cursor_row == 99 and heading(queue) == "Touches due  119 due"  # the next touch
        await press(pilot, "end", "d")  # the last one
        assert heading(queue) == "Touches due  118 due"
        assert queue.table.cursor_row == 117
        # A dialog closing reads the list again: as deep as it was paged, the cursor where it was.
        await press(pilot, "z", "escape")
        assert queue.table.row_count == 118 and queue.table.cursor_row == 117


async def test_templates_and_names_show_literally(noor_store, tmp_path):
    sequence_id = seed_sequence(noor_store, STRANGE_STEPS, name="[b]Odd[/b]")
    # The sequence editor drops control characters; a row written by anything else may still hold them.
    with noor_store.db.transaction() as s:
        s.execute(update(SequenceStep).values(body=STRANGE_STEPS[0].body))
    (eve,) = add_people(noor_store, "Eve [red]Doe[/red]")
    enroll_people(noor_store, sequence_id, [eve], MONDAY)
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        assert queue_rows(queue) == [["2 days late", "Eve [red]Doe[/red]", "[b]Odd[/b]", "1/1", "E-mail"]]
        shown = preview(queue)
        assert "Subject: [bold]Hi[/] Eve" in shown
        assert "Plain [red]markup[/red] stays" in shown
        assert "\x1b" not in shown and "\ufffd[31mno colour\ufffd[0m either" in shown


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_board_then_pools_then_today_keeps_the_queue_layout(noor_store, seeded, tmp_path, size):
    async with due_app(noor_store, tmp_path, start="board").run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        await press(pilot, "2")
        queue = await open_queue(pilot)
        table = queue.table.region
        shown = queue.query_one("#due-preview").region
        if size[0] >= 100:  # beside the touches
            assert shown.x >= table.right and shown.y == table.y and shown.width == 50
        else:  # below them, as wide
            assert shown.y >= table.bottom and shown.x == table.x
        assert table.height == 4  # heading row + 3 touches
        assert "Hello Ada" in preview(queue)
