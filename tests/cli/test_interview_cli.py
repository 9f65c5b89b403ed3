"""`pipeline-tui round ...` and `interview ...`: the interview plan and interviews from the CLI, on a SQLite
file and on PostgreSQL; the id on the last line, every refusal one line, the database checked after."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cli_errors import one_line_error
from click.testing import CliRunner
from icalendar import Calendar
from interviews_data import hiring_team

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


@pytest.fixture
def hiring(any_db_url, monkeypatch):
    """Backend Engineer (default plan) with its team and Ada's application; the user's zone is Berlin."""
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    store = Store.open(any_db_url, actor="tester")
    data = hiring_team(store)
    yield any_db_url, data, store
    store.close()


def future_day(days: int = 3) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d")


def schedule(url: str, *extra: str):
    return run(
        "interview",
        "schedule",
        "--db",
        url,
        "--email",
        "ADA@example.com",
        "--job",
        "backend engineer",
        "--round",
        "technical interview",
        *extra,
    )


# -- round -----------------------------------------------------------------------------------------------


def test_round_add_prints_the_id_last_and_list_shows_it(hiring):
    url, data, store = hiring
    result = run(
        "round", "add", "--db", url, "Backend Engineer", "interview", "Pairing",
        "--duration", "90", "--attribute", "Code quality", "--attribute", "Testing",
        "--question", "[b]Refactor[/b] this",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    *said, last = result.stdout.strip().splitlines()
    added = store.rounds.find(data["job"].id, "pairing")
    assert last == str(added.id)
    assert said == [
        "Added round ‘Pairing’ to ‘Backend Engineer’ at Interview (90 min; rates Code quality, Testing)"
    ]
    assert added.questions == ("[b]Refactor[/b] this",)
    listed = json.loads(run("round", "list", "--db", url, "Backend Engineer", "--format", "json").stdout)
    assert [r["name"] for r in listed] == [
        "Recruiter screen",
        "Technical interview",
        "Team interview",
        "Pairing",
    ]
    assert listed[-1] == {
        "id": added.id,
        "job": "Backend Engineer",
        "stage": "Interview",
        "position": 3,
        "name": "Pairing",
        "duration_min": 90,
        "attributes": ["Code quality", "Testing"],
        "questions": ["[b]Refactor[/b] this"],
    }
    table = run("round", "list", "--db", url, "Backend Engineer")
    assert table.exit_code == 0 and "Pairing" in table.stdout and "90 min" in table.stdout
    made = json.loads(
        run("round", "add", "--db", url, "Backend Engineer", "Offer", "Debrief", "--format", "json").stdout
    )
    assert made["name"] == "Debrief" and made["duration_min"] == 45


def test_round_add_refusals(hiring):
    url, data, store = hiring
    before = store.rounds.for_job(data["job"].id)
    one_line_error(
        run("round", "add", "--db", url, "Backend Engineer", "Interview", "team interview"), "unique"
    )
    one_line_error(
        run("round", "add", "--db", url, "Backend Engineer", "Onsite", "X"), "has no stage 'Onsite'"
    )
    one_line_error(
        run("round", "add", "--db", url, "Backend Engineer", "Interview", "X", "--duration", "2"), "5 to 1440"
    )
    one_line_error(
        run("round", "add", "--db", url, "Backend Engineeer", "Interview", "X"),
        "no job titled",
        "Backend Engineer",
    )
    assert store.rounds.for_job(data["job"].id) == before


# -- schedule --------------------------------------------------------------------------------------------


def test_schedule_in_the_users_zone_with_panel_id_last(hiring):
    url, data, store = hiring
    day = future_day()
    result = schedule(
        url, "--at", f"{day} 14:30", "--panel", "noor@example.com,Mia Chen", "--location", "Room [b]4[/b]"
    )
    assert result.exit_code == 0, result.output
    *said, last = result.stdout.strip().splitlines()
    (iv,) = store.interviews.for_application(data["app"].id)
    assert last == str(iv.id)
    assert iv.timezone == "Europe/Berlin" and iv.duration_min == 60 and iv.location == "Room [b]4[/b]"
    assert (
        f"{iv.starts_at.astimezone(__import__('zoneinfo').ZoneInfo('Europe/Berlin')):%Y-%m-%d %H:%M}"
        == f"{day} 14:30"
    )
    assert [m.email for m in iv.panel] == ["mia@example.com", "noor@example.com"]
    assert "Room [b]4[/b]" in said[0] and "Europe/Berlin" in said[0]
    assert result.stderr == ""


def test_schedule_json_in_another_zone_with_offset(hiring):
    url, data, store = hiring
    result = schedule(
        url, "--at", "2031-07-01 09:00", "--tz", "America/New_York", "--duration", "30", "--format", "json",
        "--panel", "raj@example.com",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    (iv,) = store.interviews.for_application(data["app"].id)
    assert obj == {
        "id": iv.id,
        "application_id": data["app"].id,
        "person": "Ada Lovelace",
        "job": "Backend Engineer",
        "round": "Technical interview",
        "starts_at": "2031-07-01T09:00:00-04:00",
        "timezone": "America/New_York",
        "duration_min": 30,
        "status": "scheduled",
        "panel": ["raj@example.com"],
        "location": None,
    }
    assert iv.starts_at == datetime(2031, 7, 1, 13, 0, tzinfo=UTC)


def test_a_past_time_is_accepted_and_said_and_conflicts_warn(hiring):
    url, data, store = hiring
    past = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%d")
    result = run(
        "interview", "schedule", "--db", url, "--application", str(data["app"].id),
        "--round", "Technical interview", "--at", f"{past} 10:00", "--panel", "noor@example.com",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "is in the past: recorded as an interview that already took place" in result.stderr
    made = int(result.stdout.strip().splitlines()[-1])
    assert f"mark it held with `interview complete {made}`" in result.stderr
    again = schedule(url, "--at", f"{past} 10:30", "--panel", "noor@example.com")
    assert again.exit_code == 0, again.output
    assert "warning: Noor Haddad already has an interview then: Ada Lovelace" in again.stderr
    assert len(store.interviews.for_application(data["app"].id)) == 2


def test_schedule_bad_input_is_one_line_and_writes_nothing(hiring):
    url, data, store = hiring
    day = future_day()
    one_line_error(
        schedule(url, "--at", f"{day} 10:00", "--round", "Onsite"),
        "no interview round 'Onsite'",
        "‘Recruiter screen’, ‘Technical interview’, ‘Team interview’",
    )
    one_line_error(
        schedule(url, "--at", "tomorrow 10:00"), "cannot read 'tomorrow 10:00'", "YYYY-MM-DD HH:MM"
    )
    one_line_error(
        schedule(url, "--at", f"{day} 10:00", "--tz", "Mars/Base"), "unknown time zone 'Mars/Base'"
    )
    one_line_error(schedule(url, "--at", "2031-03-30 02:30", "--tz", "Europe/Berlin"), "does not exist")
    one_line_error(
        schedule(url, "--at", f"{day} 10:00", "--panel", "zed@example.com"),
        "Zed Outsider is not on the hiring team",
    )
    one_line_error(schedule(url, "--at", f"{day} 10:00", "--panel", "nobody@example.com"), "no team member")
    one_line_error(schedule(url, "--at", f"{day} 10:00", "--duration", "2000"), "5 to 1440")
    one_line_error(
        run("interview", "schedule", "--db", url, "--round", "x", "--at", f"{day} 10:00"),
        "name the application",
    )
    app = data["app"]
    reason = next(r for r in store.applications.rejection_reasons() if r.category == "rejected")
    store.applications.reject(app.id, reason.id, app.version)
    one_line_error(
        schedule(url, "--at", f"{day} 10:00"), "is rejected: interviews are only for active applications"
    )
    assert store.interviews.for_application(app.id) == []


# -- changes ---------------------------------------------------------------------------------------------


def test_reschedule_cancel_complete_no_show(hiring):
    url, data, store = hiring
    day = future_day()
    iv_id = int(schedule(url, "--at", f"{day} 10:00").stdout.strip().splitlines()[-1])
    moved = run(
        "interview",
        "reschedule",
        "--db",
        url,
        str(iv_id),
        "--at",
        f"{future_day(4)} 11:00",
        "--duration",
        "45",
    )
    assert moved.exit_code == 0, moved.output
    assert moved.stdout.startswith("Rescheduled Technical interview with Ada Lovelace")
    after = store.interviews.get(iv_id)
    assert (after.sequence, after.duration_min) == (1, 45)
    one_line_error(run("interview", "complete", "--db", url, str(iv_id)), "once it has started")
    cancelled = run("interview", "cancel", "--db", url, str(iv_id), "--format", "json")
    assert cancelled.exit_code == 0 and json.loads(cancelled.stdout)["status"] == "cancelled"
    assert store.interviews.get(iv_id).sequence == 2
    one_line_error(run("interview", "cancel", "--db", url, str(iv_id)), "is cancelled")
    one_line_error(
        run("interview", "reschedule", "--db", url, str(iv_id), "--at", f"{day} 12:00"), "is cancelled"
    )
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    held = int(schedule(url, "--at", f"{past} 10:00").stdout.strip().splitlines()[-1])
    done = run("interview", "complete", "--db", url, str(held))
    assert done.exit_code == 0 and done.stdout.startswith("Completed Technical interview")
    missed = int(schedule(url, "--at", f"{past} 12:00").stdout.strip().splitlines()[-1])
    assert run("interview", "no-show", "--db", url, str(missed)).exit_code == 0
    assert [i.status for i in store.interviews.for_application(data["app"].id)] == [
        "completed",
        "no_show",
        "cancelled",
    ]
    one_line_error(run("interview", "cancel", "--db", url, "999"), "no interview #999")
    panel = run(
        "interview", "panel", "--db", url, str(held), "--panel", "ola@example.com", "--panel", "Raj Patel"
    )
    assert panel.exit_code == 0 and "panel: Ola Berg, Raj Patel" in panel.stdout
    assert [m.name for m in store.interviews.get(held).panel] == ["Ola Berg", "Raj Patel"]
    one_line_error(
        run("interview", "panel", "--db", url, str(held), "--panel", "zed@example.com"),
        "not on the hiring team",
    )


# -- list and ics ----------------------------------------------------------------------------------------


def test_list_filters_and_local_days(hiring):
    url, data, store = hiring
    schedule(url, "--at", "2031-05-04 00:30", "--panel", "noor@example.com")  # 3 May 22:30 UTC
    schedule(url, "--at", "2031-05-05 10:00", "--panel", "ola@example.com")
    schedule(url, "--at", "2031-05-07 10:00")

    def listed(*args: str):
        result = run("interview", "list", "--db", url, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [o["starts_at"] for o in json.loads(result.stdout)]

    assert listed("--from", "2031-05-04", "--to", "2031-05-05") == [
        "2031-05-04T00:30:00+02:00",
        "2031-05-05T10:00:00+02:00",
    ]
    assert listed("--to", "2031-05-04") == ["2031-05-04T00:30:00+02:00"]
    assert listed("--interviewer", "ola@example.com") == ["2031-05-05T10:00:00+02:00"]
    assert len(listed("--email", "ada@example.com", "--job", "Backend Engineer")) == 3
    table = run("interview", "list", "--db", url)
    assert table.exit_code == 0 and "2031-05-04 00:30" in table.stdout and "Noor Haddad" in table.stdout
    one_line_error(run("interview", "list", "--db", url, "--from", "May 4"), "cannot read 'May 4' as a date")
    one_line_error(
        run("interview", "list", "--db", url, "--interviewer", "nobody@example.com"), "no team member"
    )


def test_ics_for_one_interview_and_for_a_member(hiring, tmp_path):
    url, data, store = hiring
    first = int(
        schedule(
            url, "--at", "2031-05-05 10:00", "--panel", "noor@example.com,mia@example.com"
        ).stdout.split()[-1]
    )
    schedule(url, "--at", "2031-05-09 10:00", "--panel", "ola@example.com")
    out = tmp_path / "one.ics"
    result = run("interview", "ics", "--db", url, str(first), "-o", str(out))
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(out.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert str(cal["method"]) == "REQUEST" and str(event["uid"]) == store.interviews.get(first).uid
    assert sorted(str(a) for a in event["attendee"]) == ["mailto:mia@example.com", "mailto:noor@example.com"]
    assert str(event["organizer"]) == "mailto:raj@example.com"  # the recruiter (no coordinator)
    many = tmp_path / "ola.ics"
    result = run(
        "interview",
        "ics",
        "--db",
        url,
        "--interviewer",
        "ola@example.com",
        "--from",
        "2031-05-01",
        "-o",
        str(many),
    )
    assert result.exit_code == 0 and "Wrote 1 interview to" in result.stdout
    assert len(Calendar.from_ical(many.read_bytes()).walk("VEVENT")) == 1
    person = tmp_path / "ada.ics"
    assert (
        run("interview", "ics", "--db", url, "--email", "ada@example.com", "-o", str(person)).exit_code == 0
    )
    assert len(Calendar.from_ical(person.read_bytes()).walk("VEVENT")) == 2
    one_line_error(run("interview", "ics", "--db", url, "-o", str(person)), "name what to write")
    one_line_error(
        run("interview", "ics", "--db", url, str(first), "-o", str(tmp_path / "no" / "x.ics")), "no folder"
    )


def test_read_only_commands_change_no_byte(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "UTC")
    db = tmp_path / "hiring.db"
    store = Store.open(str(db), actor="tester")
    data = hiring_team(store)
    store.interviews.schedule(
        data["app"].id, data["technical"].id, datetime(2031, 1, 1, 9, tzinfo=UTC), timezone="UTC"
    )
    store.close()
    before = db.read_bytes()
    for args in (
        ("interview", "list", "--format", "json"),
        ("interview", "ics", "--email", "ada@example.com", "-o", str(tmp_path / "a.ics")),
        ("round", "list", "Backend Engineer"),
    ):
        result = run(*args, "--db", str(db), env={"PIPELINE_TUI_USER": "someone-new@example.com"})
        assert result.exit_code == 0, result.output
    assert db.read_bytes() == before
    missing = tmp_path / "missing.db"
    one_line_error(run("interview", "list", "--db", str(missing)), "no database")
    assert not missing.exists()
