"""`pipeline-tui privacy retention`: the dry run lists exactly who is due and leaves the file untouched; the
run anonymises them (no name or e-mail of theirs left in the database or its file); without a policy, one
line says how to set one."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store
from pipeline_tui.store.models import Application, Candidate

OLD = datetime(2020, 1, 5, 10, 0)
LISTING = (
    "id\tname\tlast contact\twhy\n"
    "1\tOld Prospect\t2020-01-05\tnever contacted (added 2020-01-05), consent unknown\n"
    "2\tOld Contacted\t2021-03-01\tnot contacted since 2021-03-01, consent refused\n"
)
DUE = (("Old Prospect", "old.prospect@example.com"), ("Old Contacted", "old.contacted@example.com"))


def run(*args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


def _add(st: Store, name: str, **values) -> int:
    email = name.lower().replace(" ", ".") + "@example.com"
    cand = st.candidates.add(CandidateInput.parse(full_name=name, email=email))
    if values:
        with st.db.transaction() as s:
            s.execute(update(Candidate).where(Candidate.id == cand.id).values(**values))
    return cand.id


@pytest.fixture
def hiring_db(tmp_path) -> Path:
    path = tmp_path / "hiring.db"
    st = Store.open(str(path), actor="tester")
    _add(st, "Old Prospect", created_at=OLD)
    _add(
        st, "Old Contacted", created_at=OLD, last_contacted_at=datetime(2021, 3, 1), consent_status="refused"
    )
    _add(st, "Given Consent", created_at=OLD, consent_status="given")
    _add(st, "New Person")
    applicant = _add(st, "Active Applicant", created_at=OLD)
    job = st.jobs.create_job("Backend Engineer").id
    app = st.applications.apply(applicant, job, at=OLD)
    with st.db.transaction() as s:
        s.execute(update(Application).where(Application.id == app.id).values(updated_at=OLD))
    st.close()
    return path


@pytest.fixture
def policy(tmp_path) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text("[retention]\nprospects_months = 24\nrequire_consent = true\n")


def _files(path: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(path.parent.iterdir()) if f.is_file()}


def _names(path: Path) -> list[tuple[str, str | None]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT full_name, email FROM candidate ORDER BY id").fetchall()
    finally:
        con.close()


def test_dry_run_lists_who_is_due_and_touches_nothing(hiring_db, policy):
    before = _files(hiring_db)
    result = run("privacy", "retention", "--dry-run", "--db", hiring_db)
    assert result.exit_code == 0, result.output
    assert result.stdout == LISTING
    assert result.stderr.startswith(
        "2 people due under the retention policy (prospects who never gave consent, not contacted for 24 "
        "month(s): last contact on or before "
    )
    assert result.stderr.rstrip().endswith("Dry run: nothing changed.")
    assert _files(hiring_db) == before  # not a byte changed, no journal or other file created


def test_dry_run_as_json(hiring_db, policy):
    result = run("privacy", "retention", "--dry-run", "--format", "json", "--db", hiring_db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["policy"] == {"prospects_months": 24, "require_consent": True}
    assert data["dry_run"] is True and data["anonymised"] == 0
    assert [(p["id"], p["name"], p["email"], p["consent"]) for p in data["due"]] == [
        (1, "Old Prospect", "old.prospect@example.com", "unknown"),
        (2, "Old Contacted", "old.contacted@example.com", "refused"),
    ]
    assert data["due"][1]["last_contact"] == "2021-03-01T00:00:00"
    assert data["due"][1]["why"] == "not contacted since 2021-03-01, consent refused"


def test_apply_anonymises_the_due_and_leaves_no_trace_in_the_file(hiring_db, policy):
    result = run("privacy", "retention", "--yes", "--db", hiring_db)
    assert result.exit_code == 0, result.output
    assert result.stdout == LISTING
    assert "Anonymised 2 people in 1 batch(es); the database file was scrubbed." in result.stderr
    assert _names(hiring_db) == [
        ("Erased person #1", None),
        ("Erased person #2", None),
        ("Given Consent", "given.consent@example.com"),
        ("New Person", "new.person@example.com"),
        ("Active Applicant", "active.applicant@example.com"),
    ]
    for name, email in DUE:
        for file, data in _files(hiring_db).items():
            assert name.encode() not in data and email.encode() not in data, (file, name)
    again = run("privacy", "retention", "--yes", "--db", hiring_db)
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.startswith("Nobody is due under the retention policy (")


def test_apply_asks_first(hiring_db, policy):
    refused = run("privacy", "retention", "--db", hiring_db, input="n\n")
    assert refused.exit_code == 0, refused.output
    assert refused.stderr.rstrip().endswith("Nothing changed.") and "error" not in refused.stderr
    assert "It cannot be undone." in refused.stderr and "Anonymise them?" in refused.stderr
    assert _names(hiring_db)[0] == DUE[0]
    agreed = run("privacy", "retention", "--db", hiring_db, input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert _names(hiring_db)[0] == ("Erased person #1", None)


def test_policy_from_the_environment(hiring_db):
    env = {"PIPELINE_TUI_RETENTION_MONTHS": "24", "PIPELINE_TUI_RETENTION_REQUIRE_CONSENT": "false"}
    result = run("privacy", "retention", "--dry-run", "--db", hiring_db, env=env)
    assert result.exit_code == 0, result.output
    assert "Given Consent" in result.stdout and result.stderr.startswith("3 people due")


def test_without_a_policy_one_line_says_how_to_set_it(tmp_path):
    missing = tmp_path / "nowhere.db"
    result = run("privacy", "retention", "--dry-run", "--db", missing)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline-tui: error: no retention policy is configured")
    assert "[retention]" in lines[0] and "prospects_months = 24" in lines[0]
    assert "PIPELINE_TUI_RETENTION_MONTHS" in lines[0] and "Traceback" not in result.output
    assert not missing.exists()


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[retention]\nprospects_months = 0\n", "whole number of months above 0"),
        ("[retention]\nprospects_months = 'soon'\n", "whole number of months above 0"),
        ("[retention]\nrequire_consent = true\n", "needs prospects_months"),
        ("[retention]\nprospects_months = 24\nrequire_consent = 'yes'\n", "must be true or false"),
    ],
)
def test_a_bad_policy_is_one_line(hiring_db, tmp_path, toml, fragment):
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text(toml)
    result = run("privacy", "retention", "--dry-run", "--db", hiring_db)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], lines
