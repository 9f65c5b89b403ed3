"""`pipeline-tui applicant ...`: the pipeline from the CLI with the board's rules, on a SQLite file and on
PostgreSQL; every refusal one line, the database checked after each command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from board_data import bulk_job, events, seed_board, stage_of
from cli_errors import one_line_error
from click.testing import CliRunner
from sqlalchemy import update

from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store
from pipeline_tui.store.models import Job


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def board(any_db_url):
    """The board tests' data (Backend Engineer: nine people over five stages, Ken Thompson hired, headcount
    1), on a SQLite file and on PostgreSQL; yields (url, data, store) with the store open for checks."""
    store = Store.open(any_db_url, actor="tester")
    data = seed_board(store)
    yield any_db_url, data, store
    store.close()


def set_headcount(store: Store, job_id: int, n: int) -> None:
    with store.db.transaction() as s:
        s.execute(update(Job).where(Job.id == job_id).values(headcount=n))


# -- list ------------------------------------------------------------------------------------------------


def test_list_json_has_the_contract_fields_and_filters(board):
    url, data, _ = board
    result = run("applicant", "list", "--db", url, "--job", "backend engineer", "--format", "json")
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)
    assert len(objects) == 9 and "9 applicants in Backend Engineer" in result.stderr
    ken = next(o for o in objects if o["name"] == "Ken Thompson")
    assert {"id", "name", "email", "job", "stage", "status", "version"} <= set(ken)
    assert ken["id"] == data["ids"]["Ken Thompson"]
    assert (ken["job"], ken["stage"], ken["status"], ken["email"]) == (
        "Backend Engineer",
        "Hired",
        "hired",
        "person8@example.com",
    )
    assert [o["id"] for o in objects] == sorted(o["id"] for o in objects)
    assert [o["name"] for o in listed(url, "--stage", "offer")] == ["Barbara Liskov"]
    assert [o["name"] for o in listed(url, "--status", "hired")] == ["Ken Thompson"]


def listed(url: str, *filters: str) -> list[dict]:
    """`applicant list --format json` of Backend Engineer with these filters, parsed."""
    result = run("applicant", "list", "--db", url, "--job", "Backend Engineer", *filters, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_table_and_spreadsheet_safe_csv(board):
    url, data, store = board
    person = store.candidates.add(
        CandidateInput.parse(full_name="=HYPERLINK(1)", email="formula@example.com")
    )
    store.applications.apply(person.id, data["backend"].id)
    table = run("applicant", "list", "--db", url, "--job", "Backend Engineer")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "EMAIL", "STAGE", "STATUS", "VERSION"]
    assert any("Ada Lovelace" in line and "Applied" in line and "active" in line for line in lines)
    rows = list(csv.DictReader(io.StringIO(run("applicant", "list", "--db", url, "--job", "Backend Engineer",
                                               "--format", "csv").stdout)))  # fmt: skip
    assert len(rows) == 10
    assert next(r for r in rows if r["email"] == "formula@example.com")["name"] == "'=HYPERLINK(1)"


def test_list_of_an_empty_stage_is_an_empty_array_and_a_header(board):
    url, _, _ = board
    args = ("applicant", "list", "--db", url, "--job", "Product Designer", "--stage", "Offer")
    assert json.loads(run(*args, "--format", "json").stdout) == []
    assert run(*args, "--format", "csv").stdout.splitlines()[0].startswith("id,name,email,job,stage")


def test_list_unknown_job_and_stage_name_the_closest(board):
    url, _, _ = board
    one_line_error(
        run("applicant", "list", "--db", url, "--job", "Backend Enginer"), "closest: 'Backend Engineer'"
    )
    one_line_error(
        run("applicant", "list", "--db", url, "--job", "Backend Engineer", "--stage", "Phone scren"),
        "‘Backend Engineer’ has no stage 'Phone scren'; closest: 'Phone screen'",
    )


def test_a_5000_applicant_job_lists_every_applicant_in_pages(store, db_path):
    job_id = bulk_job(store, "Big Job", 5000)
    pages = list(store.applications.listing(job_id))
    assert [len(p) for p in pages] == [1000] * 5
    ids = [line.id for page in pages for line in page]
    assert len(set(ids)) == 5000 and ids == sorted(ids)
    result = run("applicant", "list", "--db", str(db_path), "--job", "Big Job", "--format", "json")
    assert len(json.loads(result.stdout)) == 5000
    assert "5,000 applicants in Big Job" in result.stderr


# -- changes ---------------------------------------------------------------------------------------------


def test_move_by_id_prints_one_line_and_records_the_move(board):
    url, data, store = board
    ada, stages = data["ids"]["Ada Lovelace"], data["stages"]
    result = run("applicant", "move", "--db", url, "--application", str(ada), "--to", "phone screen")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Ada Lovelace moved from Applied to Phone screen in Backend Engineer (application #{ada}, version 3)\n"
    )
    assert stage_of(store, ada) == (stages[1].id, "active")
    assert events(store, ada)[-1] == "move"


def test_move_by_any_of_the_persons_emails(board):
    url, data, store = board
    ada = data["ids"]["Ada Lovelace"]
    store.candidates.add_identity(store.applications.get(ada).candidate_id, "email", "ada@work.example")
    result = run("applicant", "move", "--db", url, "--email", "ADA@work.example", "--job", "Backend Engineer",
                 "--to", "Interview", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert (obj["id"], obj["stage"], obj["status"], obj["version"]) == (ada, "Interview", "active", 3)
    assert stage_of(store, ada) == (data["stages"][2].id, "active")


def test_a_stale_expect_version_is_refused_like_a_stale_board_move(board):
    url, data, store = board
    ada = data["ids"]["Ada Lovelace"]
    before = store.applications.get(ada)
    result = run("applicant", "move", "--db", url, "--application", str(ada), "--to", "Interview",
                 "--expect-version", str(before.version - 1))  # fmt: skip
    line = one_line_error(result, "someone else changed this application", "nothing was saved")
    assert f"is at version {before.version}" in line
    assert store.applications.get(ada) == before and events(store, ada) == ["applied"]
    ok = run("applicant", "move", "--db", url, "--application", str(ada), "--to", "Interview",
             "--expect-version", str(before.version))  # fmt: skip
    assert ok.exit_code == 0 and stage_of(store, ada)[0] == data["stages"][2].id


def test_reject_withdraw_and_reopen(board):
    url, data, store = board
    ada, grace = data["ids"]["Ada Lovelace"], data["ids"]["Grace Hopper"]
    result = run("applicant", "reject", "--db", url, "--application", str(ada),
                 "--reason", "skills mismatch", "--note", "More backend depth next time")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ada Lovelace rejected in Backend Engineer at Applied: Skills mismatch")
    rejected = store.applications.get(ada)
    assert (rejected.status, rejected.rejection_reason, rejected.rejection_note) == (
        "rejected",
        "Skills mismatch",
        "More backend depth next time",
    )
    one_line_error(run("applicant", "reject", "--db", url, "--application", str(ada), "--reason",
                       "Skills mismatch"), "this application is already rejected")  # fmt: skip
    withdrew = run("applicant", "withdraw", "--db", url, "--email", "person1@example.com", "--job",
                   "Backend Engineer", "--reason", "Accepted another offer")  # fmt: skip
    assert withdrew.exit_code == 0, withdrew.output
    assert store.applications.get(grace).status == "withdrawn"
    reopened = run("applicant", "reopen", "--db", url, "--application", str(ada))
    assert reopened.exit_code == 0 and "Ada Lovelace reopened (rejected before)" in reopened.stdout
    assert stage_of(store, ada) == (data["stages"][0].id, "active")
    assert events(store, ada) == ["applied", "reject", "reopen"]


def test_unknown_reasons_name_the_closest_of_their_kind(board):
    url, data, store = board
    ada = str(data["ids"]["Ada Lovelace"])
    one_line_error(run("applicant", "reject", "--db", url, "--application", ada, "--reason", "skill mismatch"),
                   "no rejection reason named 'skill mismatch'; closest: 'Skills mismatch'")  # fmt: skip
    # A withdrawal reason is not a rejection reason (and the other way round).
    one_line_error(run("applicant", "withdraw", "--db", url, "--application", ada, "--reason", "Skills mismatch"),
                   "no reason for withdrawing named 'Skills mismatch'")  # fmt: skip
    assert store.applications.get(int(ada)).status == "active"


def test_a_closed_application_is_not_moved(board):
    url, data, store = board
    ken = data["ids"]["Ken Thompson"]
    one_line_error(run("applicant", "move", "--db", url, "--application", str(ken), "--to", "Offer"),
                   "this application is hired: reopen it before moving it")  # fmt: skip
    assert stage_of(store, ken) == (data["stages"][4].id, "hired")


def test_hire_warns_when_the_headcount_is_already_filled(board):
    url, data, store = board
    barbara = data["ids"]["Barbara Liskov"]
    result = run("applicant", "hire", "--db", url, "--application", str(barbara))
    assert result.exit_code == 0, result.output
    assert "Barbara Liskov hired in Backend Engineer (Hired)" in result.stdout
    assert "Backend Engineer already has 1 of 1 hire" in result.stderr
    assert stage_of(store, barbara) == (data["stages"][4].id, "hired")
    assert events(store, barbara)[-1] == "hire"


def test_the_hire_that_fills_the_headcount_says_how_to_mark_the_job_filled(board):
    url, data, store = board
    set_headcount(store, data["backend"].id, 2)
    barbara = data["ids"]["Barbara Liskov"]
    # A move into the hired stage is a hire too.
    result = run("applicant", "move", "--db", url, "--application", str(barbara), "--to", "Hired")
    assert result.exit_code == 0, result.output
    assert "hire 2 of 2: run `pipeline-tui job status 'Backend Engineer' filled`" in result.stderr
    assert "already" not in result.stderr
    assert stage_of(store, barbara) == (data["stages"][4].id, "hired")


def test_a_hire_below_headcount_says_nothing_more(board):
    url, data, store = board
    set_headcount(store, data["backend"].id, 5)
    result = run("applicant", "hire", "--db", url, "--application", str(data["ids"]["Barbara Liskov"]))
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--to", "Offer"), "name the application: --application ID, or --email E with --job TITLE"),
        (("--email", "person0@example.com", "--to", "Offer"), "name the application"),
        (
            ("--application", "1", "--email", "x@example.com", "--job", "Backend Engineer", "--to", "Offer"),
            "give --application or --email, not both",
        ),  # fmt: skip
        (("--application", "999", "--to", "Offer"), "no application #999"),
        (
            ("--email", "nobody@example.com", "--job", "Backend Engineer", "--to", "Offer"),
            "no one has the e-mail 'nobody@example.com'",
        ),  # fmt: skip
        (
            ("--email", "person0@example.com", "--job", "Data Analyst", "--to", "Offer"),
            "Ada Lovelace (person0@example.com) has not applied to Data Analyst",
        ),  # fmt: skip
        (("--application", "1", "--job", "Product Designer", "--to", "Offer"), "not to Product Designer"),
        (("--application", "1", "--to", "Ofer"), "closest: 'Offer'"),
        (("--application", "1", "--to", "Offer", "--expect-version", "0"), "--expect-version"),
    ],
)
def test_bad_input_is_one_line(board, args, fragment):
    url, data, store = board
    before = store.applications.get(data["ids"]["Ada Lovelace"])
    one_line_error(run("applicant", "move", "--db", url, *args), fragment)
    assert store.applications.get(before.id) == before
