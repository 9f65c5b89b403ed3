"""`pipeline-tui sequence add|list|show|archive|enroll|stats` on a SQLite file and on PostgreSQL: the TOML
file read and refused (one line naming the file and the step, nothing saved), the JSON contract of #14, the
skipped counted by reason, archiving, and the read-only commands changing no byte."""

from __future__ import annotations

import json

import pytest
from sequence_cli_data import (
    SKIPPED,
    THREE_STEPS,
    build,
    local,
    one_line_error,
    run,
    write_sequence,
)
from sqlalchemy import func, select

from pipeline_tui.store import Store
from pipeline_tui.store.nurture_tables import Enrollment, Sequence, SequenceStep, Touch

MONDAY = "2026-12-07"


@pytest.fixture(autouse=True)
def _berlin(monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")


@pytest.fixture
def crm(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    ids = build(store)
    yield any_db_url, ids, store
    store.close()


def _rows(store: Store) -> tuple[int, int, int, int]:
    with store.db.transaction() as s:
        return tuple(
            s.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Sequence, SequenceStep, Enrollment, Touch)
        )


def _add(url: str, tmp_path, name: str = "Backend warm-up", text: str = THREE_STEPS):
    return run("sequence", "add", name, "--from-file", write_sequence(tmp_path, text), "--db", url)


# -- add, list, show -----------------------------------------------------------------------------------------


def test_add_then_list_and_show_as_table_and_json(crm, tmp_path):
    url, _, store = crm
    added = _add(url, tmp_path)
    assert added.exit_code == 0, added.output
    seq = store.sequences.by_name("backend warm-up")
    assert added.stdout.strip() == f"Added sequence 'Backend warm-up' (#{seq.id}) with 3 steps."
    assert [s.channel for s in seq.steps] == ["email", "linkedin", "call"]
    assert seq.steps[0].body.startswith("Hi {{ first_name }},\n\nyour work as")
    listed = json.loads(run("sequence", "list", "--format", "json", "--db", url).stdout)
    assert listed == [
        {
            "id": seq.id,
            "name": "Backend warm-up",
            "description": "Three touches for the backend pool",
            "steps": 3,
            "active": 0,
            "enrolled": 0,
            "archived": False,
        }
    ]
    table = run("sequence", "list", "--db", url).stdout
    assert "Backend warm-up" in table and "3 steps" in table
    shown = json.loads(run("sequence", "show", "Backend warm-up", "--format", "json", "--db", url).stdout)
    assert [(s["step"], s["channel"], s["wait_days"], s["business_days"]) for s in shown["steps"]] == [
        (1, "email", 0, True),
        (2, "linkedin", 1, True),
        (3, "call", 2, True),
    ]
    assert shown["steps"][0]["subject"] == "{{ first_name }}, a role at our place?"
    text = run("sequence", "show", "backend WARM-UP", "--db", url).stdout.splitlines()
    assert text[0] == f"Sequence 'Backend warm-up' (#{seq.id}): 3 steps"
    assert "  step 1: e-mail, due at once after enrolment (on a business day)" in text
    assert "  step 2: LinkedIn, due 1 business day after the step before" in text
    assert "    subject: {{ first_name }}, a role at our place?" in text
    assert "      your work as {{ title }} at {{ company }} caught my eye." in text


def test_an_empty_database_lists_no_sequences(crm):
    url, _, _ = crm
    assert json.loads(run("sequence", "list", "--format", "json", "--db", url).stdout) == []
    assert "No sequences yet" in run("sequence", "list", "--db", url).stdout


STEP = '[[steps]]\nchannel = "email"\nwait_days = 0\nsubject = "Hi"\nbody = "Hello"\n'

BAD_FILES = [
    # (file text, fragments the one line holds)
    (
        STEP.replace('"Hello"', '"Hello {{ frist_name }}"'),
        ["step 1 body", "unknown placeholder {{ frist_name }}", "first_name"],
    ),
    (
        STEP.replace('"Hello"', '"""Hello\nthere {{ first_name }"""'),
        ["step 1 body, line 2, column 21: unexpected '}'"],
    ),
    (STEP.replace('"Hi"', "\"{{ ''.__class__ }}\""), ["step 1 subject"]),
    (STEP + STEP.replace("wait_days = 0", "wait_days = -2"), ["step 2", "negative"]),
    (STEP.replace('"email"', '"fax"'), ["unknown channel 'fax' in step 1"]),
    (STEP.replace("wait_days", "wait_day"), ["step 1: unknown key 'wait_day'", "'wait_days'"]),
    (STEP.replace("0", '"3"'), ["step 1: wait_days must be a whole number of days, not '3'"]),
    (STEP.replace("0", "true"), ["step 1: wait_days must be a whole number of days, not true"]),
    (STEP + 'business_days = "yes"\n', ["step 1: business_days must be true or false"]),
    (STEP.replace('channel = "email"\n', ""), ["step 1: no channel"]),
    ('name = "x"\n' + STEP, ["unknown key 'name'"]),
    ('description = "nothing to do"\n', ["no [[steps]]"]),
    ("[[steps]\nchannel = 1", ["not valid TOML", "line 1"]),
    (STEP.replace('body = "Hello"\n', ""), ["step 1"]),  # an e-mail step needs a body
]


@pytest.mark.parametrize(("text", "fragments"), BAD_FILES, ids=[f[1][0][:30] for f in BAD_FILES])
def test_a_bad_file_is_one_line_naming_the_file_and_nothing_is_saved(crm, tmp_path, text, fragments):
    url, _, store = crm
    path = write_sequence(tmp_path, text)
    result = run("sequence", "add", "Warm-up", "--from-file", path, "--db", url)
    one_line_error(result, str(path), *fragments)
    assert result.stdout == ""
    assert _rows(store) == (0, 0, 0, 0)


def test_a_missing_file_a_folder_and_a_taken_name_are_refused(crm, tmp_path):
    url, _, store = crm
    one_line_error(
        run("sequence", "add", "X", "--from-file", tmp_path / "nope.toml", "--db", url),
        "nope.toml: no such file",
    )
    one_line_error(run("sequence", "add", "X", "--from-file", tmp_path, "--db", url), "is a folder")
    assert _add(url, tmp_path).exit_code == 0
    before = _rows(store)
    one_line_error(_add(url, tmp_path, name="backend warm-up"), "a sequence named", "exists")
    assert _rows(store) == before


def test_add_never_creates_a_database(tmp_path):
    missing = tmp_path / "missing.db"
    result = run("sequence", "add", "X", "--from-file", write_sequence(tmp_path), "--db", missing)
    one_line_error(result, "no database")
    assert not missing.exists()


# -- enroll --------------------------------------------------------------------------------------------------


def test_enroll_a_pool_counts_the_skipped_by_reason(crm, tmp_path):
    url, ids, store = crm
    _add(url, tmp_path)
    done = run("sequence", "enroll", "Backend warm-up", "--pool", "backend", "--db", url, at=local(MONDAY))
    assert done.exit_code == 0, done.output
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "Enrolled 3 in 'Backend warm-up'."
    assert lines[1].startswith("Skipped 4: ")
    for words in ("1 no e-mail", "1 consent withdrawn", "1 an active applicant in a job",
                  '1 pool status "not interested"'):  # fmt: skip
        assert words in lines[1], lines[1]
    enrolled = {e.candidate_id for p in ("Ann", "Ben", "Cleo") for e in store.enrollments.for_person(ids[p])}
    assert enrolled == {ids["Ann"], ids["Ben"], ids["Cleo"]}
    # Again: everyone left is already active.
    again = run(
        "sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--format", "json", "--db", url,
        at=local(MONDAY),
    )  # fmt: skip
    assert json.loads(again.stdout) == {
        "sequence": "Backend warm-up",
        "enrolled": 0,
        "skipped": {**SKIPPED, "already_active": 3},
    }
    listed = json.loads(run("sequence", "list", "--format", "json", "--db", url).stdout)
    assert (listed[0]["active"], listed[0]["enrolled"]) == (3, 3)


def test_enroll_by_tag_and_by_email(crm, tmp_path):
    url, ids, store = crm
    _add(url, tmp_path)
    tagged = run(
        "sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--tag", "rust", "--tag", "go",
        "--format", "json", "--db", url,
    )  # fmt: skip
    assert json.loads(tagged.stdout) == {"sequence": "Backend warm-up", "enrolled": 1, "skipped": {}}
    assert store.enrollments.for_person(ids["Ben"])[0].status == "active"
    by_email = run(
        "sequence", "enroll", "Backend warm-up", "--email", "ANN@example.com", "--email", "nobody@example.com",
        "--email", "eve@example.com", "--db", url,
    )  # fmt: skip
    assert by_email.exit_code == 0, by_email.output
    assert by_email.stdout.splitlines() == [
        "Enrolled 1 in 'Backend warm-up'.",
        "Skipped 2: 1 consent withdrawn, 1 no such person",
    ]
    assert store.enrollments.for_person(ids["Ann"])[0].pool is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "name who to enroll"),
        (("--pool", "Backend", "--email", "ann@example.com"), "not both"),
        (("--email", "ann@example.com", "--tag", "rust"), "--tag goes with --pool"),
    ],
    ids=["neither", "both", "tag-without-pool"],
)
def test_enroll_needs_exactly_one_of_pool_and_email(crm, tmp_path, args, fragment):
    url, _, store = crm
    _add(url, tmp_path)
    one_line_error(run("sequence", "enroll", "Backend warm-up", *args, "--db", url), fragment, code=2)
    assert _rows(store)[2:] == (0, 0)


def test_unknown_sequence_pool_and_tag_are_one_line(crm, tmp_path):
    url, _, store = crm
    _add(url, tmp_path)
    one_line_error(
        run("sequence", "enroll", "Backend warmup", "--pool", "Backend", "--db", url),
        "no sequence named 'Backend warmup'",
        "did you mean 'Backend warm-up'?",
    )
    one_line_error(
        run("sequence", "enroll", "Backend warm-up", "--pool", "Backnd", "--db", url), "no pool named"
    )
    one_line_error(
        run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--tag", "cobol", "--db", url),
        "cobol",
    )
    for command in ("show", "stats", "archive"):
        one_line_error(run("sequence", command, "Nope", "--db", url), "no sequence named 'Nope'")
    assert _rows(store)[2:] == (0, 0)


# -- archive -------------------------------------------------------------------------------------------------


def test_archive_stops_the_active_and_refuses_new_enrolments(crm, tmp_path):
    url, ids, store = crm
    _add(url, tmp_path)
    run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--db", url)
    archived = run("sequence", "archive", "Backend warm-up", "--db", url)
    assert archived.exit_code == 0, archived.output
    assert archived.stdout.strip() == (
        "Archived 'Backend warm-up': 3 active people stopped; its history and stats are kept."
    )
    mine = store.enrollments.for_person(ids["Ann"])[0]
    assert (mine.status, mine.stop_reason) == ("stopped", "archived")
    assert json.loads(run("sequence", "list", "--format", "json", "--db", url).stdout)[0]["archived"] is True
    assert "archived" in run("sequence", "list", "--db", url).stdout
    before = _rows(store)
    one_line_error(
        run("sequence", "enroll", "Backend warm-up", "--email", "ann@example.com", "--db", url), "is archived"
    )
    one_line_error(run("sequence", "archive", "Backend warm-up", "--db", url), "archived")
    assert _rows(store) == before


# -- stats ---------------------------------------------------------------------------------------------------


def test_stats_as_table_and_json(crm, tmp_path):
    url, ids, store = crm
    _add(url, tmp_path)
    run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--db", url, at=local(MONDAY))
    empty = json.loads(run("sequence", "stats", "Backend warm-up", "--format", "json", "--db", url).stdout)
    assert empty["steps"][0] == {
        "step": 1, "channel": "email", "sent": 0, "replied": 0, "opted_out": 0, "skipped": 0, "due": 3,
        "reply_rate": None,
    }  # fmt: skip
    queue = json.loads(run("due", "--date", MONDAY, "--format", "json", "--db", url, at=local(MONDAY)).stdout)
    by_person = {t["person"]: t["id"] for t in queue}
    for who, action in (("Ann Lee", "done"), ("Ben Okafor", "done")):
        assert run("due", action, by_person[who], "--db", url, at=local(MONDAY)).exit_code == 0
    tuesday = local("2026-12-08")
    queue = json.loads(run("due", "--format", "json", "--db", url, at=tuesday).stdout)
    ben = next(t["id"] for t in queue if t["person"] == "Ben Okafor")
    assert run("due", "replied", ben, "--db", url, at=tuesday).exit_code == 0
    stats = json.loads(run("sequence", "stats", "Backend warm-up", "--format", "json", "--db", url).stdout)
    assert {k: stats[k] for k in ("sequence", "enrolled", "active", "completed", "stopped")} == {
        "sequence": "Backend warm-up", "enrolled": 3, "active": 2, "completed": 0, "stopped": 1,
    }  # fmt: skip
    first = stats["steps"][0]
    assert (first["sent"], first["replied"], first["due"], first["reply_rate"]) == (2, 1, 1, 0.5)
    assert stats["steps"][1]["due"] == 1 and stats["steps"][1]["reply_rate"] is None
    table = run("sequence", "stats", "Backend warm-up", "--db", url).stdout.splitlines()
    assert table[0] == "Sequence 'Backend warm-up': 3 enrolled, 2 active, 0 completed, 1 stopped"
    assert table[2].split() == ["1", "e-mail", "2", "1", "0", "0", "1", "50%"]
    assert stats["replied_unsent"] == 0 and not any(line.startswith("Replied before") for line in table)


def test_stats_count_answers_before_anything_was_sent_against_no_step(crm, tmp_path):
    url, ids, store = crm
    _add(url, tmp_path)
    run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--db", url, at=local(MONDAY))
    queue = json.loads(run("due", "--date", MONDAY, "--format", "json", "--db", url, at=local(MONDAY)).stdout)
    by_person = {t["person"]: t["id"] for t in queue}
    # Ann's step 1 is sent; Ben replies and Cleo opts out while their step 1 is due, never sent.
    assert run("due", "done", by_person["Ann Lee"], "--db", url, at=local(MONDAY)).exit_code == 0
    assert run("due", "replied", by_person["Ben Okafor"], "--db", url, at=local(MONDAY)).exit_code == 0
    assert run("due", "opted-out", by_person["Cleo Park"], "--db", url, at=local(MONDAY)).exit_code == 0
    stats = json.loads(run("sequence", "stats", "Backend warm-up", "--format", "json", "--db", url).stdout)
    first = stats["steps"][0]
    assert (first["sent"], first["replied"], first["opted_out"], first["reply_rate"]) == (1, 0, 0, 0.0)
    assert (stats["replied_unsent"], stats["opted_out_unsent"], stats["stopped"]) == (1, 1, 2)
    table = run("sequence", "stats", "Backend warm-up", "--db", url).stdout.splitlines()
    assert table[2].split() == ["1", "e-mail", "1", "0", "0", "0", "0", "0%"]
    assert table[-1] == "Replied before any step was sent: 1 · opted out: 1"


# -- reading changes nothing ---------------------------------------------------------------------------------


def test_list_show_and_stats_change_no_byte(tmp_path):
    db = tmp_path / "crm.db"
    store = Store.open(str(db), actor="tester")
    build(store)
    store.close()
    assert _add(str(db), tmp_path).exit_code == 0
    assert run("sequence", "enroll", "Backend warm-up", "--pool", "Backend", "--db", db).exit_code == 0
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    for args in (
        ("sequence", "list"),
        ("sequence", "list", "--format", "json"),
        ("sequence", "show", "Backend warm-up", "--format", "json"),
        ("sequence", "stats", "Backend warm-up", "--format", "json"),
        ("sequence", "stats", "Backend warm-up"),
    ):
        result = run(*args, "--db", db, env={"PIPELINE_TUI_USER": "someone-new@example.com"})
        assert result.exit_code == 0, result.output
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("crm.db-")]  # no -wal, no -shm
    missing = tmp_path / "missing.db"
    for command in ("list", "show X", "stats X"):
        one_line_error(run("sequence", *command.split(), "--db", missing), "no database")
    assert not missing.exists()
