"""`pipeline-tui import` on files as people have them: notes above the header, .xlsx and --sheet, several
e-mails in a cell, LinkedIn-only rows, legacy encodings: exact reports and exit codes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.store import Store

CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position\n"
    "Ann,Lee,https://www.linkedin.com/in/annlee,,Acme,CTO\n"
    'Bob,Stone,https://www.linkedin.com/in/bobstone,"bob@example.com; bob@home.org",Initech,Engineer\n'
)


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "cli.db"
    st = Store.open(str(path))
    st.jobs.create_job("Backend Engineer")
    st.close()
    return path


def workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Candidates"
    first.append(["Full Name", "Email", "Phone", "Applied"])
    first.append(["Ann Lee", "ann@example.com", 442079460950, datetime(2026, 3, 1)])
    first.append(["Bob Stone", "bob@example.com; bob@home.org", "+44 20 7946 0951", None])
    archive = wb.create_sheet("Archive")
    archive.append(["Export of the old ATS"])
    archive.append([])
    archive.append(["Name", "E-mail"])
    archive.append(["Old Timer", "old@example.com"])
    archive.append(["No Mail", "nope"])
    path = tmp_path / "people.xlsx"
    wb.save(path)
    return path


def test_notes_above_the_header_exact_report(db, tmp_path):
    p = tmp_path / "Connections.csv"
    p.write_text(CONNECTIONS)
    res = run("--db", db, "import", "prospects", p, "--pool", "Network")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "Imported Connections.csv (CSV, utf-8, comma-separated) into pool 'Network'",
        "  header found on line 4",
        "  pool 'Network' was created",
        "  2 rows: 2 created, 0 updated, 0 skipped as duplicates, 0 failed",
        "  2 pool memberships added",
    ]
    st = Store.open(str(db))
    ann = [c for c in st.prospects.page("all", "Ann Lee")][0]
    assert st.candidates.get(ann.id).linkedin_url == "https://www.linkedin.com/in/annlee"
    bob = st.candidates.find_by_email("bob@example.com")
    assert bob.linkedin_url == "https://www.linkedin.com/in/bobstone"
    assert all("bob@home.org" not in a.body for a in st.activities.for_candidate(bob.id))
    st.close()


def test_xlsx_first_sheet_and_sheet_option(db, tmp_path):
    path = workbook(tmp_path)
    res = run("--db", db, "import", "applicants", path, "--job", "Backend Engineer")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "Imported people.xlsx (Excel workbook, sheet 'Candidates') into job 'Backend Engineer'",
        "  2 rows: 2 created, 0 updated, 0 skipped as duplicates, 0 failed",
        "  2 applications added",
    ]
    st = Store.open(str(db))
    ann = st.candidates.find_by_email("ann@example.com")
    assert ann.phone == "442079460950"
    st.close()
    res = run("--db", db, "import", "prospects", path, "--pool", "Old", "--sheet", "Archive")
    assert res.exit_code == 3, res.output
    assert res.stdout.splitlines() == [
        "Imported people.xlsx (Excel workbook, sheet 'Archive') into pool 'Old'",
        "  header found on row 3",
        "  pool 'Old' was created",
        "  2 rows: 1 created, 0 updated, 0 skipped as duplicates, 1 failed",
        "  1 pool memberships added",
        "Failed:",
        "  row 5: bad e-mail 'nope'",
    ]


def test_missing_sheet_is_one_line_exit_4_and_nothing_written(tmp_path):
    path = workbook(tmp_path)
    db = tmp_path / "new.db"
    res = run("--db", db, "import", "prospects", path, "--pool", "P", "--sheet", "Contacts")
    assert res.exit_code == 4 and res.stdout == ""
    assert res.stderr == (
        "pipeline-tui: error: people.xlsx has no sheet 'Contacts'; its sheets are 'Candidates', 'Archive'\n"
    )
    assert not db.exists()


def test_encrypted_workbook_is_one_line_exit_4(tmp_path):
    p = tmp_path / "secret.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"))
    res = run("--db", tmp_path / "new.db", "import", "prospects", p, "--pool", "P")
    assert res.exit_code == 4
    assert res.stderr == (
        f"pipeline-tui: error: {p} is an encrypted (password-protected) workbook: "
        "save it without a password, or as CSV\n"
    )
    assert not (tmp_path / "new.db").exists()


def test_sheet_on_a_csv_file_is_exit_1(db, tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("Name\nAnn\n")
    res = run("--db", db, "import", "prospects", p, "--pool", "P", "--sheet", "S")
    assert res.exit_code == 1
    assert res.stderr == "pipeline-tui: error: p.csv is not an Excel workbook: it has no sheet 'S' to pick\n"


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("cp1252", "Windows-1252 (cp1252); check accents"), ("shift_jis", "Shift JIS (cp932) (detected)")],
)
def test_legacy_encodings_are_detected(db, tmp_path, encoding, label):
    names = {"cp1252": ["José Núñez", "Renée Faÿ"], "shift_jis": ["山田太郎", "佐藤花子"]}[encoding]
    p = tmp_path / "legacy.csv"
    p.write_bytes(f"Name,Email\n{names[0]},a@example.com\n{names[1]},b@example.com\n".encode(encoding))
    res = run("--db", db, "import", "prospects", p, "--pool", "P")
    assert res.exit_code == 0, res.output
    assert f"  warning: legacy.csv is not UTF-8: read it as {label}" in res.stdout.splitlines()[-1]
    st = Store.open(str(db))
    assert st.candidates.find_by_email("a@example.com").full_name == names[0]
    assert st.candidates.find_by_email("b@example.com").full_name == names[1]
    st.close()


def test_a_workbook_whose_first_sheet_holds_no_names_points_at_its_other_sheets(tmp_path):
    """Found trying it: a title page first gave only "no column holds names", not the sheets to pick."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    for row in (["Exported", "2026-12-01"], ["Rows", 1], ["By", "Talent Hub"]):
        book.active.append(row)
    people = book.create_sheet("Candidates")
    people.append(["Name", "Email"])
    people.append(["Ada Lovelace", "ada@example.com"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    db = tmp_path / "p.db"
    result = CliRunner().invoke(
        main, ["import", "prospects", str(path), "--pool", "P", "--create-pool", "--db", str(db)]
    )
    assert result.exit_code == 4, result.output
    assert "no column holds names on sheet 'Summary'" in result.stderr
    assert "its other sheets are 'Candidates' (pick one with --sheet)" in result.stderr
