"""What a new user's tryout of the due queue found, each checked on the screen and in the database: a send
that fails (the SMTP server is down) or a `d` that fails (the database is busy) leaves the cursor and the
preview on the touch acted on, so the next key acts on the same person, never the next one; the notice line
goes when the screen is shown again (`4` from the pools) or read again (`r`), not while the queue is worked;
a message whose placeholders have no value for the person says which, above the message."""

from __future__ import annotations

import sqlite3

import pytest
from due_helpers import (
    TODAY,
    activities_of,
    due_app,
    notice,
    open_queue,
    preview,
    queue_rows,
    seed_due,
    touch_of,
)
from helpers import press
from nurture_data import add_people, enroll_people, seed_sequence
from test_due_queue_mail import Recorder, free_port
from today_helpers import open_noor_store

from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.store.dialects import sqlite as sqlite_dialect

ADA = ["2 days late", "Ada Lovelace", "Warm-up", "1/3", "E-mail"]


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


@pytest.fixture
def seeded(noor_store):
    return seed_due(noor_store)


def smtp_at(monkeypatch, port: int) -> None:
    monkeypatch.setenv("PIPELINE_TUI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PIPELINE_TUI_SMTP_PORT", str(port))
    monkeypatch.setenv("PIPELINE_TUI_SMTP_TLS", "none")


async def test_a_send_to_a_server_that_is_down_stays_on_the_touch_and_m_again_sends_it(
    noor_store, seeded, tmp_path, monkeypatch
):
    from aiosmtpd.controller import Controller

    port = free_port()  # nothing listens there yet: the server is down
    smtp_at(monkeypatch, port)
    server = Recorder()
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "m")
        assert notice(queue).startswith("Not sent: cannot reach the SMTP server 127.0.0.1")
        assert queue.table.cursor_row == 0 and queue_rows(queue)[0] == ADA
        assert "To: Ada Lovelace <ada@example.com>" in preview(queue)
        controller = Controller(server, hostname="127.0.0.1", port=port)
        controller.start()  # the server is back
        try:
            await press(pilot, "m")  # again: Ada's e-mail, not Grace's
        finally:
            controller.stop()
        assert notice(queue) == "Sent to ada@example.com · Ada Lovelace: step 2 due Sat 7 Mar"
        assert [row[1] for row in queue_rows(queue)] == ["Grace Hopper", "Linus Torvalds"]
        assert "To: Grace Hopper" in preview(queue)  # Ada's touch left the queue: the next one
    (sent,) = server.messages
    assert sent["To"] == "Ada Lovelace <ada@example.com>"
    assert (touch_of(noor_store, seeded["touch"][seeded["ada"]]).delivery) == "smtp"
    assert touch_of(noor_store, seeded["touch"][seeded["grace"]]).status == "due"
    assert activities_of(noor_store, seeded["grace"]) == []


async def test_d_on_a_busy_database_stays_on_the_touch_and_d_again_marks_it(
    noor_store, seeded, tmp_path, monkeypatch
):
    monkeypatch.setattr(sqlite_dialect, "SQLITE_BUSY_TIMEOUT_MS", 100)
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        other = sqlite3.connect(tmp_path / "today.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another user's long write holds the lock
        try:
            await press(pilot, "d")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert notice(queue).startswith("Not done: ") and "busy" in notice(queue)
        assert queue.table.cursor_row == 0 and queue_rows(queue)[0] == ADA
        assert "Subject: Hello Ada" in preview(queue)
        await press(pilot, "d")
        assert notice(queue) == "Done · Ada Lovelace: step 2 due Sat 7 Mar"
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "done"
    assert touch_of(noor_store, seeded["touch"][seeded["grace"]]).status == "due"


async def test_the_notice_stays_while_working_the_queue_and_goes_on_coming_back_or_r(
    noor_store, seeded, tmp_path
):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "d")
        done_ada = "Done · Ada Lovelace: step 2 due Sat 7 Mar"
        assert notice(queue) == done_ada
        await press(pilot, "down", "up", "z")
        await press(pilot, "escape")  # the snooze dialog, cancelled: still working the queue
        assert notice(queue) == done_ada
        await press(pilot, "2")  # the pools
        await press(pilot, "4")  # and back
        assert notice(queue) == "" and not queue.query_one("#due-notice").display
        assert [row[1] for row in queue_rows(queue)] == ["Grace Hopper", "Linus Torvalds"]
        await press(pilot, "s")
        assert notice(queue) == "Skipped · Grace Hopper: step 2 due Sat 7 Mar"
        await press(pilot, "r")
        assert notice(queue) == ""
        assert [row[1] for row in queue_rows(queue)] == ["Linus Torvalds"]
        await press(pilot, "c")
        assert notice(queue).startswith("Copied Linus Torvalds's message")
        await press(pilot, "enter")  # his person screen, and back
        assert isinstance(pilot.app.screen, PersonScreen)
        await press(pilot, "escape")
        assert notice(queue) == ""
        await press(pilot, "d")
        assert notice(queue) == "Done · Linus Torvalds: step 2 due Sat 7 Mar"
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "done"
    assert touch_of(noor_store, seeded["touch"][seeded["grace"]]).status == "skipped"
    assert touch_of(noor_store, seeded["touch"][seeded["linus"]]).status == "done"


GAPPY = (
    StepDraft(
        channel="email",
        subject="{{ first_name }}, a role at our place?",
        body="Hi {{ first_name }},\n\nyour work as {{ title }} at {{ company }} caught my eye.",
    ),
)


async def test_a_message_with_empty_placeholders_says_which_above_the_message(noor_store, tmp_path):
    sequence_id = seed_sequence(noor_store, GAPPY, name="Outreach")
    (joan,) = add_people(noor_store, "Joan Clarke", current_company=None, current_title=None)
    (alan,) = add_people(noor_store, "Alan Turing")
    joan_touch, _ = enroll_people(noor_store, sequence_id, [joan, alan], TODAY)
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        lines = preview(queue).splitlines()
        warning = "No value for: title, company (the message has gaps)"
        assert lines[2:4] == [warning, "Subject: Joan, a role at our place?"]
        assert "your work as  at  caught my eye." in preview(queue)
        await press(pilot, "down")  # Alan's record has both
        assert "To: Alan Turing" in preview(queue) and "No value for" not in preview(queue)
        await press(pilot, "up", "c")  # copying does not put the warning in the message
        assert "No value for" not in pilot.app.clipboard
    assert touch_of(noor_store, joan_touch).status == "due"
    person = noor_store.candidates.get(joan)
    assert (person.current_title, person.current_company) == (None, None)
