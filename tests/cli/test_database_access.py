"""What each command may do to the database file: commands that only read never create, change or need to
write it (also in a read-only folder); only the TUI, demo, seed, import and db upgrade create one, never with
the missing folders of a path the user gave; a refused or checked file keeps every byte."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline_tui.cli.context as cli_context
from pipeline_tui.cli import main
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store, schema

EMAIL = "ada.reader@example.com"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def one_error_line(result, code: int, *fragments: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline-tui: error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def opened(monkeypatch):
    """Which database the TUI would open, instead of taking over the terminal."""
    calls = []
    monkeypatch.setattr(cli_context, "run_tui", lambda store, settings: calls.append(store.db.url))
    return calls


def _pipeline_db(path: Path) -> Path:
    st = Store.open(str(path), actor="tester")
    job = st.jobs.create_job("Backend Engineer")
    from pipeline_tui.core.validation import CandidateInput

    person = st.candidates.add(CandidateInput(full_name="Ada Reader", email=EMAIL, phone="+44 20 7946 0000"))
    st.applications.apply(person.id, job.id)
    st.close()
    return path


def _rollback_journal(path: Path) -> Path:
    """Leave the file in SQLite's default journal mode, as another program would have written it."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    assert path.read_bytes()[18:20] == b"\x01\x01"
    return path


# -- item 16: nothing creates a database by accident ------------------------------------------------------------

READING = [
    ("export", "applicants"),
    ("export", "prospects", "--format", "csv"),
    ("privacy", "export", EMAIL),
    ("privacy", "erase", EMAIL, "--yes"),
    ("privacy", "scrub"),
    ("db", "check"),
    ("db", "reindex"),
    ("import", "prospects", "{csv}", "--pool", "Typo", "--dry-run"),
    ("sequence", "list"),
    ("sequence", "stats", "Backend warm-up"),
    ("due", "--format", "json"),
    ("due", "done", "1"),
]


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("where", ["hirnig.db", "no/such/dir/a.db"])
def test_commands_that_need_a_database_never_create_one(tmp_path, command, where):
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAnn,ann@example.com\n")
    args = [a.replace("{csv}", str(people)) for a in command]
    result = run(*args, "--db", str(tmp_path / where))
    one_error_line(result, 1, f"no database at {tmp_path / where}")
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


@pytest.mark.parametrize(
    "command",
    [
        (),
        ("demo", "--no-open"),
        ("seed", "--demo"),
        ("db", "upgrade"),
        ("import", "prospects", "{csv}", "--pool", "New"),
    ],
    ids=["tui", "demo", "seed", "upgrade", "import"],
)
def test_commands_that_create_never_create_missing_folders(tmp_path, opened, command):
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAnn,ann@example.com\n")
    args = [a.replace("{csv}", str(people)) for a in command]
    target = tmp_path / "no" / "such" / "dir" / "a.db"
    one_error_line(run("--db", str(target), *args), 1, f"no folder {target.parent}")
    assert not (tmp_path / "no").exists()
    assert not opened
    # ... while a new file in an existing folder is what they are for.
    made = tmp_path / "made.db"
    result = run("--db", str(made), *args)
    assert result.exit_code == 0, result.output
    assert schema.HEAD in sqlite3.connect(made).execute("SELECT version_num FROM alembic_version").fetchone()


def test_the_default_database_gets_its_folder(tmp_path, opened):
    data = Path(os.environ["PIPELINE_TUI_DATA_DIR"])
    assert not data.exists()
    assert run().exit_code == 0
    assert (data / "pipeline.db").is_file() and opened == [f"sqlite:///{data / 'pipeline.db'}"]


@pytest.mark.parametrize(
    "command", [(), ("export", "applicants"), ("db", "upgrade")], ids=["tui", "export", "up"]
)
@pytest.mark.parametrize("place", ["group", "command"])
def test_an_empty_db_option_is_an_error_not_the_default_database(tmp_path, opened, command, place):
    args = ["--db", "", *command] if place == "group" or not command else [*command, "--db", ""]
    one_error_line(run(*args), 2, "--db", "empty")
    assert not Path(os.environ["PIPELINE_TUI_DATA_DIR"]).exists()
    assert not opened


def test_reading_an_older_database_says_to_upgrade_and_leaves_it(tmp_path):
    from sqlalchemy import create_engine

    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.connect() as conn:
        schema.upgrade_to_head(conn, schema.KNOWN_REVISIONS[0])
        conn.commit()
    engine.dispose()
    before = old.read_bytes()
    if len(schema.KNOWN_REVISIONS) > 1:
        one_error_line(run("export", "applicants", "--db", str(old)), 1, "older schema", "db upgrade")
    assert old.read_bytes() == before


# -- item 17: "nothing was changed" is true, to the byte ---------------------------------------------------------


def test_db_check_leaves_the_file_byte_for_byte(tmp_path):
    path = _rollback_journal(_pipeline_db(tmp_path / "checked.db"))
    before = path.read_bytes()
    result = run("db", "check", "--db", str(path))
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.stdout
    assert path.read_bytes() == before  # header bytes 18-19 included: still not WAL


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO recipes (name) VALUES ('soup')")
    con.commit()
    con.close()
    return path


def _newer(path: Path) -> Path:
    _pipeline_db(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    _rollback_journal(path)
    return path


def _version_row_lost(path: Path) -> Path:
    _pipeline_db(path)
    con = sqlite3.connect(path)
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    _rollback_journal(path)
    return path


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_foreign, "not a pipeline-tui database"),
        (_newer, "newer pipeline-tui"),
        (_version_row_lost, "alembic_version) is empty"),
    ],
    ids=["foreign", "newer", "no-version-row"],
)
@pytest.mark.parametrize(
    "command",
    [
        (),
        ("export", "applicants"),
        ("db", "check"),
        ("db", "upgrade"),
        ("seed", "--demo"),
        ("privacy", "scrub"),
    ],
    ids=["tui", "export", "check", "upgrade", "seed", "scrub"],
)
def test_a_refused_file_keeps_every_byte(tmp_path, opened, make, fragment, command):
    path = make(tmp_path / "refused.db")
    before = path.read_bytes()
    one_error_line(run("--db", str(path), *command), 1, fragment)
    assert path.read_bytes() == before
    assert not opened


# -- item 18: reading a database in a folder nobody may write to ----------------------------------------------


def _run_in_read_only_folder(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess while `folder` is read-only. Not root: chmod. Root ignores permission
    bits, so the folder is bind-mounted read-only onto itself in a private mount namespace (unshare)."""
    cli = [sys.executable, "-m", "pipeline_tui", *args]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(cli, capture_output=True, text=True, timeout=120)
        finally:
            folder.chmod(0o755)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: cannot make a read-only folder")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root without permission to unshare a mount namespace")
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), *cli],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture
def read_only_db(tmp_path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "hiring.db"
    st = Store.open(str(path), actor="tester")
    build_demo(st.db)
    st.close()
    # Closed cleanly: checkpointed, no -wal or -shm file beside it, still in WAL mode.
    assert sorted(p.name for p in folder.iterdir()) == ["hiring.db"]
    assert path.read_bytes()[18:20] == b"\x02\x02"
    return path


def test_the_write_probe_really_is_read_only(read_only_db):
    touched = _run_in_read_only_folder(read_only_db.parent, "seed", "--demo", "--db", str(read_only_db))
    assert touched.returncode == 1
    assert "Traceback" not in touched.stderr
    assert "its folder is read-only: only commands that read can open it" in touched.stderr


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (("export", "applicants"), lambda out: len(json.loads(out)) > 100),
        (("export", "prospects", "--format", "csv"), lambda out: out.startswith("name,email,phone")),
        (("db", "check"), lambda out: "FAIL" not in out and "ok    integrity" in out),
        (("due", "--format", "json"), lambda out: isinstance(json.loads(out), list)),
        (
            ("sequence", "stats", "Backend warm-up", "--format", "json"),
            lambda out: json.loads(out)["enrolled"],
        ),
    ],
    ids=["export-json", "export-csv", "check", "due", "sequence-stats"],
)
def test_commands_that_only_read_work_in_a_read_only_folder(read_only_db, args, check):
    before = read_only_db.read_bytes()
    done = _run_in_read_only_folder(read_only_db.parent, *args, "--db", str(read_only_db))
    assert done.returncode == 0, done.stderr
    assert check(done.stdout), done.stdout[:500]
    assert read_only_db.read_bytes() == before


def test_privacy_export_and_backup_work_in_a_read_only_folder(read_only_db, tmp_path):
    con = sqlite3.connect(read_only_db)
    email = con.execute("SELECT email FROM candidate WHERE email IS NOT NULL ORDER BY id LIMIT 1").fetchone()[
        0
    ]
    con.close()
    done = _run_in_read_only_folder(
        read_only_db.parent, "privacy", "export", email, "--db", str(read_only_db)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["candidate"]["email"] == email
    copy = tmp_path / "copy.db"
    done = _run_in_read_only_folder(read_only_db.parent, "db", "backup", str(copy), "--db", str(read_only_db))
    assert done.returncode == 0, done.stderr
    assert Store.open(str(copy)).candidates.count() > 100


@pytest.mark.parametrize(
    "args",
    [
        ("export", "applicants"),
        ("export", "prospects", "--format", "csv"),
        ("db", "check"),
        ("privacy", "export"),
    ],
    ids=["export-json", "export-csv", "check", "privacy-export"],
)
def test_commands_that_only_read_leave_a_writable_folder_as_they_found_it(read_only_db, args):
    """No -wal or -shm file left beside the database (a mode=ro connection leaves both), no byte changed."""
    if args == ("privacy", "export"):
        con = sqlite3.connect(read_only_db)
        args = (
            *args,
            con.execute("SELECT email FROM candidate WHERE email IS NOT NULL LIMIT 1").fetchone()[0],
        )
        con.close()
    before, mtime = read_only_db.read_bytes(), read_only_db.stat().st_mtime_ns
    result = run(*args, "--db", str(read_only_db))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == ["hiring.db"]
    assert read_only_db.read_bytes() == before and read_only_db.stat().st_mtime_ns == mtime
