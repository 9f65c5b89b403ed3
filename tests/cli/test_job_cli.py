"""`job`, `stage`, `user` and `export jobs` (issue #12's CLI contract): each command on a real SQLite file,
its output and the database after it, and every refusal as one line with a non-zero exit."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "jobs.db")


def run(db, *args: str, user: str = "ann@example.com"):
    env = {"PIPELINE_TUI_USER": user}
    return CliRunner().invoke(main, ["--db", db, *args], env=env, catch_exceptions=False)


def ok(db, *args: str, **kw) -> str:
    result = run(db, *args, **kw)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def refused(db, *args: str, fragments: tuple[str, ...] = (), code: int = 1) -> str:
    result = run(db, *args)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline-tui: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def jobs_json(db) -> list[dict]:
    return json.loads(ok(db, "job", "list", "--format", "json"))


def apply(db, title: str, *names: str) -> None:
    store = Store.open(db, actor="ann@example.com")
    try:
        job = store.jobs.find_by_title(title)
        for name in names:
            person = store.candidates.add(CandidateInput.parse(full_name=name))
            store.applications.apply(person.id, job.id)
    finally:
        store.close()


def file_digest(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_on_an_empty_database_a_job_is_added_with_its_team_and_stages(db):
    ok(db, "user", "add", "Priya Raman", "--email", "priya@example.com", "--role", "hiring-manager")
    out = ok(
        db, "job", "add", "Platform Engineer", "--department", "Platform", "--location", "Berlin",
        "--headcount", "2", "--stages", "Applied,Phone screen,Onsite,Offer,Hired",
        "--hiring-manager", "PRIYA@example.com", "--recruiter", "ann@example.com",
    )  # fmt: skip
    assert "Added job #1 \u2018Platform Engineer\u2019 (open): Applied \u2192 Phone screen" in out
    [job] = jobs_json(db)
    assert {
        k: job[k] for k in ("title", "status", "department", "location", "headcount", "hired", "active")
    } == {
        "title": "Platform Engineer",
        "status": "open",
        "department": "Platform",
        "location": "Berlin",
        "headcount": 2,
        "hired": 0,
        "active": 0,
    }
    assert job["stages"] == [
        {"name": "Applied", "kind": "active"},
        {"name": "Phone screen", "kind": "active"},
        {"name": "Onsite", "kind": "active"},
        {"name": "Offer", "kind": "offer"},
        {"name": "Hired", "kind": "hired"},
    ]
    assert (job["hiring_manager"], job["recruiter"]) == ("Priya Raman", "ann"), (
        "naming yourself makes you a member"
    )
    assert job["opened_at"] and job["closed_at"] is None


def test_the_recruiter_is_the_current_user_once_they_wrote(db):
    ok(db, "job", "add", "Analyst", "--template", "sales")
    ok(
        db,
        "job",
        "edit",
        "Analyst",
        "--recruiter",
        "ann@example.com",
        "--headcount",
        "3",
        "--title",
        "Data Analyst",
    )
    [job] = jobs_json(db)
    assert (job["title"], job["recruiter"], job["headcount"]) == ("Data Analyst", "ann", 3)
    assert [s["name"] for s in job["stages"]][2] == "Role play"
    members = json.loads(ok(db, "user", "list", "--format", "json"))
    assert members == [
        {"id": 1, "name": "ann", "email": "ann@example.com", "role": "recruiter", "active": True}
    ]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("job", "add", "platform engineer"), ("already open",)),
        (("job", "add", "X", "--headcount", "0"), ("headcount must be", "at least 1")),
        (("job", "add", "X", "--template", "enginering"), ("closest: 'engineering'",)),
        (("job", "add", "X", "--hiring-manager", "zed@example.com"), ("no team member 'zed@example.com'",)),
        (("job", "add", "X", "--stages", "Offer,Hired"), ("at least one active stage",)),
        (("job", "edit", "Platform Enginer", "--headcount", "2"), ("closest: 'Platform Engineer'",)),
        (("job", "edit", "Platform Engineer", "--headcount", "0"), ("headcount must be",)),
        (("job", "status", "Platform Engineer", "open"), ("already open",)),
        (
            ("stage", "add", "Platform Engineer", "Screen", "--after", "Fone screen"),
            ("closest: 'Phone screen'",),
        ),
        (("stage", "rename", "Platform Engineer", "Applied", "Hired"), ("already has a stage named",)),
        (("stage", "remove", "Platform Engineer", "Hired", "--move-to", "Offer"), ("is the hired stage",)),
        (("stage", "move", "Platform Engineer", "Nope", "--to", "1"), ("has no stage 'Nope'",)),
        (("user", "deactivate", "zed@example.com"), ("no team member",)),
        (("user", "add", "Bo", "--email", "priya@example.com"), ("already belongs to team member",)),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(db, args, fragments):
    ok(db, "user", "add", "Priya Raman", "--email", "priya@example.com")
    ok(db, "job", "add", "Platform Engineer")
    before = jobs_json(db)
    refused(db, *args, fragments=fragments)
    assert jobs_json(db) == before, "a refused command changes nothing"


def test_status_changes_and_closing_with_active_applicants(db):
    ok(db, "job", "add", "Role", "--status", "draft")
    refused(db, "job", "status", "Role", "on-hold", fragments=("cannot go from draft to on hold",))
    assert "draft \u2192 open" in ok(db, "job", "status", "Role", "open")
    apply(db, "Role", "Ada", "Bo")
    refused(db, "job", "status", "Role", "closed", fragments=("2 active applicants", "--keep-active"))
    refused(db, "job", "status", "Role", "closed", "--keep-active", "--reject-active", "x", code=2)
    assert "open \u2192 on hold" in ok(db, "job", "status", "Role", "ON-HOLD")
    out = ok(db, "job", "status", "Role", "closed", "--reject-active", "Position closed")
    assert "2 active applicants rejected (Position closed)" in out
    [job] = jobs_json(db)
    assert (job["status"], job["active"], job["closed_at"] is not None) == ("closed", 0, True)
    store = Store.open(db)
    try:
        for candidate_id in (1, 2):
            [app] = store.candidates.applications(candidate_id)
            assert (app.application.status, app.application.rejection_reason) == (
                "rejected",
                "Position closed",
            )
        assert [e.action for e in store.jobs.events(1)].count("status") == 3
    finally:
        store.close()
    assert "closed \u2192 open" in ok(db, "job", "status", "Role", "open")
    ok(db, "job", "status", "Role", "filled", "--keep-active")
    assert [j["status"] for j in jobs_json(db)] == ["filled"]
    assert [
        j["title"] for j in json.loads(ok(db, "job", "list", "--status", "filled", "--format", "json"))
    ] == ["Role"]
    assert json.loads(ok(db, "job", "list", "--status", "open", "--format", "json")) == []


def test_the_stage_commands_shape_the_pipeline(db):
    ok(db, "job", "add", "Role")
    apply(db, "Role", "Ada")
    assert "Applied \u2192 Take-home \u2192 Phone screen" in ok(
        db, "stage", "add", "Role", "Take-home", "--after", "applied"
    )
    ok(db, "stage", "rename", "Role", "Phone screen", "Recruiter call")
    ok(db, "stage", "move", "Role", "Offer", "--to", "2")
    refused(db, "stage", "remove", "Role", "Applied", fragments=("holds 1 application", "choose a stage"))
    ok(db, "stage", "remove", "Role", "Applied", "--move-to", "Interview")
    [job] = jobs_json(db)
    assert [(s["name"], s["kind"]) for s in job["stages"]] == [
        ("Offer", "offer"),
        ("Take-home", "active"),
        ("Recruiter call", "active"),
        ("Interview", "active"),
        ("Hired", "hired"),
    ]
    refused(db, "stage", "remove", "Role", "Take-home", "--move-to", "Nowhere", fragments=("has no stage",))
    ok(db, "stage", "remove", "Role", "Take-home")
    ok(db, "stage", "remove", "Role", "Recruiter call")
    refused(
        db, "stage", "remove", "Role", "Interview", "--move-to", "Offer", fragments=("last active stage",)
    )
    store = Store.open(db)
    try:
        app = store.candidates.applications(1)[0]
        assert app.stage_name == "Interview"
        history = store.applications.history(app.application.id)
        assert [(e.action, e.from_stage_name, e.to_stage_name) for e in history][-1] == (
            "move",
            "Applied",
            "Interview",
        )
    finally:
        store.close()


def test_users_are_added_listed_and_deactivated(db):
    ok(db, "user", "add", "Priya Raman", "--email", "Priya@Example.com", "--role", "hiring-manager")
    ok(db, "user", "add", "Sam", "--role", "sourcer")
    assert "Deactivated Priya Raman <priya@example.com>" in ok(db, "user", "deactivate", "priya@example.com")
    members = json.loads(ok(db, "user", "list", "--format", "json"))
    # Adding Priya was Ann's first write: its change-log line matched Ann to a member (made a recruiter).
    assert [(m["name"], m["email"], m["role"], m["active"]) for m in members] == [
        ("ann", "ann@example.com", "recruiter", True),
        ("Priya Raman", "priya@example.com", "hiring_manager", False),
        ("Sam", None, "sourcer", True),
    ]
    assert "(inactive)" in ok(db, "user", "list")
    refused(db, "user", "add", "Bo", "--role", "boss", code=2)


def test_export_jobs_is_job_list_and_csv_is_spreadsheet_safe(db, tmp_path):
    ok(db, "job", "add", "=HYPERLINK(1)", "--department", "@Ops")
    as_json = json.loads(ok(db, "export", "jobs", "--format", "json"))
    assert as_json == jobs_json(db)
    rows = list(csv.DictReader(io.StringIO(ok(db, "export", "jobs", "--format", "csv"))))
    assert (rows[0]["title"], rows[0]["department"]) == ("'=HYPERLINK(1)", "'@Ops")
    assert rows[0]["stages"].startswith("Applied (active); Phone screen (active)")
    assert list(csv.DictReader(io.StringIO(ok(db, "job", "list", "--format", "csv")))) == rows
    out = tmp_path / "jobs.json"
    result = run(db, "export", "jobs", "-o", str(out))
    assert result.exit_code == 0 and "Exported 1 jobs" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == as_json
    refused(db, "export", "jobs", "--job", "x", code=2)


def test_commands_that_only_read_never_change_the_database(db):
    ok(db, "job", "add", "Role", user="tester")
    before = file_digest(db)
    for args in (("job", "list"), ("job", "list", "--format", "json"), ("user", "list"), ("export", "jobs")):
        ok(db, *args, user="somebody.new@example.com")
    assert file_digest(db) == before
    assert [m["email"] for m in json.loads(ok(db, "user", "list", "--format", "json"))] == [None]
    refused(db.replace("jobs.db", "missing.db"), "job", "list", fragments=("no database",))
