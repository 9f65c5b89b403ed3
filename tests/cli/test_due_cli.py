"""`pipeline-tui due` and its actions on a SQLite file and on PostgreSQL: the queue of a day (overdue
included, keyset-paged, JSON with due_at in the user's zone), what each action says, does to the person and
schedules next (weekends skipped), every refusal as one line with nothing written, and `due send` against a
real SMTP server on the loopback interface (aiosmtpd): delivered, refused, unreachable, not configured."""

from __future__ import annotations

import json
import socket

import pytest
from sequence_cli_data import build, local, one_line_error, run, write_sequence

from pipeline_tui.store import Store

MONDAY, TUESDAY = "2026-12-07", "2026-12-08"


@pytest.fixture(autouse=True)
def _berlin(monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")


@pytest.fixture
def queue(any_db_url, tmp_path):
    """Ann, Ben and Cleo enrolled in 'Backend warm-up' on Monday 7 Dec 2026 at 09:00 in Berlin."""
    store = Store.open(any_db_url, actor="tester")
    ids = build(store)
    path = write_sequence(tmp_path)
    assert run("sequence", "add", "Backend warm-up", "--from-file", path, "--db", any_db_url).exit_code == 0
    enrolled = run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--db", any_db_url,
                   at=local(MONDAY))  # fmt: skip
    assert enrolled.stdout.startswith("Enrolled 3 "), enrolled.output
    yield any_db_url, ids, store
    store.close()


def listed(url: str, day: str, *more: str) -> list[dict]:
    result = run("due", "--date", day, "--format", "json", *more, "--db", url, at=local(day))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def touch_of(url: str, day: str, person: str) -> int:
    return next(t["id"] for t in listed(url, day) if t["person"] == person)


def act(url: str, action: str, touch_id: int, day: str, *more: str):
    return run("due", action, touch_id, "--date", day, *more, "--db", url, at=local(day, 10))


def _counts(store: Store, candidate_id: int) -> tuple:
    """What an action may change for a person: activities, pool statuses, consent, enrollments."""
    person = store.candidates.get(candidate_id)
    return (
        len(store.activities.for_candidate(candidate_id)),
        tuple(m.status for m in store.pools.memberships(candidate_id)),
        person.consent_status,
        tuple(
            (e.status, e.stop_reason, e.next_step, e.next_due_on)
            for e in store.enrollments.for_person(candidate_id)
        ),
    )


# -- the queue -----------------------------------------------------------------------------------------------


def test_the_queue_of_a_day_as_json(queue):
    url, ids, _ = queue
    touches = listed(url, MONDAY)
    assert [t["person"] for t in touches] == ["Ann Lee", "Ben Okafor", "Cleo Park"]
    ann = touches[0]
    assert {k: ann[k] for k in ("person", "email", "sequence", "step", "channel", "due_at", "due_on")} == {
        "person": "Ann Lee",
        "email": "ann@example.com",
        "sequence": "Backend warm-up",
        "step": 1,
        "channel": "email",
        "due_at": "2026-12-07T00:00:00+01:00",
        "due_on": MONDAY,
    }
    assert ann["subject"] == "Ann, a role at our place?"
    assert ann["body"].startswith("Hi Ann,\n\nyour work as Backend Engineer at Acme caught my eye.\n\n")
    assert "{{" not in ann["body"]
    assert ann["candidate_id"] == ids["Ann"] and isinstance(ann["enrollment_id"], int)
    assert [t["id"] for t in touches] == sorted(t["id"] for t in touches)
    assert listed(url, "2026-12-06") == []  # the Sunday before: nothing due yet
    assert len(listed(url, "2026-12-09")) == 3  # overdue ones stay in the queue


def test_the_queue_as_a_table_says_how_late(queue):
    url, _, _ = queue
    table = run("due", "--date", "2026-12-09", "--db", url, at=local("2026-12-09")).stdout.splitlines()
    assert len(table) == 4 and table[-1] == "3 due on Wed 9 Dec 2026 (3 overdue)."
    assert "2d late" in table[0] and "Ann Lee" in table[0] and "1/3 e-mail" in table[0]
    assert "Ann, a role at our place?" in table[0]
    sunday = run("due", "--date", "2026-12-06", "--db", url).stdout
    assert sunday == "Nothing due on Sun 6 Dec 2026.\n"


def test_the_queue_is_read_a_page_at_a_time(queue, monkeypatch):
    import pipeline_tui.cli.due as due_cli

    url, _, _ = queue
    whole = listed(url, MONDAY)
    monkeypatch.setattr(due_cli, "PAGE", 2)
    assert listed(url, MONDAY) == whole
    monkeypatch.setattr(due_cli, "PAGE", 1)
    assert listed(url, MONDAY) == whole


def test_the_queue_changes_no_byte(tmp_path):
    db = tmp_path / "crm.db"
    store = Store.open(str(db), actor="tester")
    build(store)
    store.close()
    run("sequence", "add", "W", "--from-file", write_sequence(tmp_path), "--db", db)
    run("sequence", "enroll", "W", "--pool", "Backend", "--db", db, at=local(MONDAY))
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    for more in ((), ("--format", "json"), ("--date", "2026-12-09")):
        result = run("due", *more, "--db", db, env={"PIPELINE_TUI_USER": "someone-new@example.com"})
        assert result.exit_code == 0, result.output
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    missing = tmp_path / "missing.db"
    one_line_error(run("due", "--db", missing), "no database")
    assert not missing.exists()


# -- the actions ---------------------------------------------------------------------------------------------


def test_done_logs_the_touch_moves_the_pool_status_and_says_what_is_next(queue):
    url, ids, store = queue
    ann = touch_of(url, MONDAY, "Ann Lee")
    done = act(url, "done", ann, MONDAY)
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "Done: Ann Lee, 'Backend warm-up' step 1 (e-mail). Next: step 2 (LinkedIn) due Tue 8 Dec 2026.\n"
    )
    logged = store.activities.for_candidate(ids["Ann"])
    assert any(
        a.kind == "email" and a.body.startswith("Ann, a role at our place?\n\nHi Ann,") for a in logged
    )
    assert [m.status for m in store.pools.memberships(ids["Ann"])] == ["contacted"]
    assert [t["step"] for t in listed(url, TUESDAY) if t["person"] == "Ann Lee"] == [2]
    # Done twice: refused, nothing written.
    before = _counts(store, ids["Ann"])
    one_line_error(
        act(url, "done", ann, MONDAY), f"Ann Lee's step 1 is already done by tester (touch #{ann})"
    )
    assert _counts(store, ids["Ann"]) == before


def test_the_next_step_is_counted_from_the_date_it_was_done_in_business_days(queue):
    url, _, _ = queue
    friday = "2026-12-11"
    done = act(url, "done", touch_of(url, friday, "Ben Okafor"), friday)
    assert done.stdout.endswith("Next: step 2 (LinkedIn) due Mon 14 Dec 2026.\n"), done.stdout
    assert [t["step"] for t in listed(url, "2026-12-13") if t["person"] == "Ben Okafor"] == []
    assert [t["step"] for t in listed(url, "2026-12-14") if t["person"] == "Ben Okafor"] == [2]


def test_the_last_step_done_completes_the_sequence(queue):
    url, ids, store = queue
    for day in (MONDAY, TUESDAY, "2026-12-10"):
        result = act(url, "done", touch_of(url, day, "Cleo Park"), day)
        assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Done: Cleo Park, 'Backend warm-up' step 3 (call). That was the last step: Cleo Park completed the "
        "sequence.\n"
    )
    assert store.enrollments.for_person(ids["Cleo"])[0].status == "completed"
    assert [a.kind for a in store.activities.for_candidate(ids["Cleo"])].count("call") == 1


def test_skip_logs_nothing_and_schedules_the_next_step(queue):
    url, ids, store = queue
    before = len(store.activities.for_candidate(ids["Ben"]))
    skipped = act(url, "skip", touch_of(url, MONDAY, "Ben Okafor"), MONDAY, "--format", "json")
    result = json.loads(skipped.stdout)
    assert result["touch"]["status"] == "skipped" and result["enrollment_status"] == "active"
    assert (result["next"]["step"], result["next"]["channel"], result["next"]["due_on"]) == (
        2,
        "linkedin",
        TUESDAY,
    )
    assert len(store.activities.for_candidate(ids["Ben"])) == before
    assert [m.status for m in store.pools.memberships(ids["Ben"])] == ["new"]


def test_snooze_puts_a_touch_off_to_tomorrow_or_a_date(queue):
    url, ids, store = queue
    cleo = touch_of(url, MONDAY, "Cleo Park")
    snoozed = act(url, "snooze", cleo, MONDAY)
    assert snoozed.stdout == "Snoozed: Cleo Park, 'Backend warm-up' step 1 (e-mail) is due Tue 8 Dec 2026.\n"
    assert "Cleo Park" not in [t["person"] for t in listed(url, MONDAY)]
    assert "Cleo Park" in [t["person"] for t in listed(url, TUESDAY)]
    later = act(url, "snooze", cleo, TUESDAY, "--until", "2026-12-15")
    assert later.stdout.endswith("is due Tue 15 Dec 2026.\n")
    before = _counts(store, ids["Cleo"])
    one_line_error(
        act(url, "snooze", cleo, TUESDAY, "--until", MONDAY),
        "snooze until a day after today (2026-12-08): 2026-12-07 is not",
    )
    one_line_error(act(url, "snooze", cleo, TUESDAY, "--until", "15.12.2026"), "cannot read '15.12.2026'")
    assert _counts(store, ids["Cleo"]) == before


def test_replied_stops_the_sequence_and_engages_the_person(queue):
    url, ids, store = queue
    replied = act(url, "replied", touch_of(url, MONDAY, "Ann Lee"), MONDAY)
    assert replied.stdout == (
        "Replied: the sequence stopped; Ann Lee is engaged in their pools ('Backend warm-up' step 1).\n"
    )
    mine = store.enrollments.for_person(ids["Ann"])[0]
    assert (mine.status, mine.stop_reason) == ("stopped", "replied")
    assert [m.status for m in store.pools.memberships(ids["Ann"])] == ["engaged"]
    assert any(
        "Replied to Backend warm-up (step 1)" in (a.body or "")
        for a in store.activities.for_candidate(ids["Ann"])
    )
    assert "Ann Lee" not in [t["person"] for t in listed(url, "2026-12-20")]


def test_opted_out_withdraws_consent_and_is_never_enrolled_again(queue):
    url, ids, store = queue
    out = act(url, "opted-out", touch_of(url, MONDAY, "Ben Okafor"), MONDAY)
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("Opted out: the sequence stopped; Ben Okafor's consent is withdrawn")
    person = store.candidates.get(ids["Ben"])
    assert person.consent_status == "withdrawn" and "Backend warm-up" in (person.consent_method or "")
    assert [m.status for m in store.pools.memberships(ids["Ben"])] == ["not_interested"]
    again = run("sequence", "enroll", "Backend warm-up", "--email", "ben@example.com", "--format", "json",
                "--db", url)  # fmt: skip
    assert json.loads(again.stdout)["skipped"] == {"consent_withdrawn": 1}


@pytest.mark.parametrize("action", ["done", "skip", "snooze", "replied", "opted-out", "send"])
def test_an_unknown_touch_is_one_line_and_nothing_is_written(queue, action):
    url, ids, store = queue
    before = [_counts(store, ids[p]) for p in ("Ann", "Ben", "Cleo")]
    one_line_error(act(url, action, 999, MONDAY), "no touch #999")
    one_line_error(run("due", action, "x", "--db", url), "'x'", code=2)
    one_line_error(run("due", action, 1, "--date", "Monday", "--db", url), "cannot read 'Monday' as a date")
    assert [_counts(store, ids[p]) for p in ("Ann", "Ben", "Cleo")] == before


def test_actions_never_create_a_database(tmp_path):
    missing = tmp_path / "missing.db"
    one_line_error(run("due", "done", 1, "--db", missing), "no database")
    assert not missing.exists()


# -- sending through SMTP ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the local server received; `refuse` makes it answer RCPT with a 550."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(monkeypatch):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    for key, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("TLS", "none"),
                       ("FROM", "sourcer@example.com")):  # fmt: skip
        monkeypatch.setenv(f"PIPELINE_TUI_SMTP_{key}", value)
    yield inbox, port
    controller.stop()


def test_send_delivers_the_rendered_message_and_marks_it_done(queue, smtp):
    url, ids, store = queue
    inbox, port = smtp
    sent = act(url, "send", touch_of(url, MONDAY, "Ann Lee"), MONDAY)
    assert sent.exit_code == 0, sent.output
    assert sent.stdout == (
        f"Sent: Ann Lee, 'Backend warm-up' step 1 (e-mail) to ann@example.com through 127.0.0.1:{port} (no TLS). "
        "Next: step 2 (LinkedIn) due Tue 8 Dec 2026.\n"
    )
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["ann@example.com"] and envelope.mail_from == "sourcer@example.com"
    text = envelope.content.decode("utf-8")
    assert "Subject: Ann, a role at our place?" in text and "your work as Backend Engineer at Acme" in text
    touch = store.enrollments.for_person(ids["Ann"])[0].touches[0]
    assert (touch.status, touch.delivery) == ("done", "smtp")


def test_only_e_mail_steps_are_sent(queue, smtp):
    url, ids, store = queue
    inbox, _ = smtp
    act(url, "done", touch_of(url, MONDAY, "Ann Lee"), MONDAY)
    linkedin = touch_of(url, TUESDAY, "Ann Lee")
    before = _counts(store, ids["Ann"])
    one_line_error(act(url, "send", linkedin, TUESDAY), f"touch #{linkedin} is a LinkedIn step", "due done")
    assert _counts(store, ids["Ann"]) == before and not inbox.envelopes


def test_a_refused_send_keeps_the_touch_due(queue, smtp):
    url, ids, store = queue
    inbox, _ = smtp
    inbox.refuse = True
    ann = touch_of(url, MONDAY, "Ann Lee")
    before = _counts(store, ids["Ann"])
    one_line_error(act(url, "send", ann, MONDAY), "SMTP server", "550 5.1.1 mailbox unavailable")
    assert _counts(store, ids["Ann"]) == before and not inbox.envelopes
    assert ann in [t["id"] for t in listed(url, MONDAY)]


def test_an_unreachable_or_missing_server_keeps_the_touch_due(queue, monkeypatch):
    url, ids, store = queue
    ann = touch_of(url, MONDAY, "Ann Lee")
    before = _counts(store, ids["Ann"])
    one_line_error(act(url, "send", ann, MONDAY), "no SMTP server is configured", "PIPELINE_TUI_SMTP_HOST")
    port = _free_port()  # nothing listens there
    monkeypatch.setenv("PIPELINE_TUI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PIPELINE_TUI_SMTP_PORT", str(port))
    monkeypatch.setenv("PIPELINE_TUI_SMTP_TLS", "none")
    monkeypatch.setenv("PIPELINE_TUI_SMTP_FROM", "sourcer@example.com")
    one_line_error(act(url, "send", ann, MONDAY), "cannot reach", f"SMTP server 127.0.0.1:{port}")
    assert _counts(store, ids["Ann"]) == before
