"""An erasure while another program reads the file: it says which command finishes the scrub, that command
does, and the TUI itself never holds a reader that keeps the scrub from finishing."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store

READER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN")
con.execute("SELECT count(*) FROM candidate").fetchone()
print("reading", flush=True)
sys.stdin.readline()
con.execute("COMMIT")
con.close()
"""


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def hiring_db(tmp_path) -> Path:
    path = tmp_path / "hiring.db"
    st = Store.open(str(path), actor="tester")
    build_demo(st.db)
    st.close()
    return path


def _someone(path: Path) -> tuple[str, str, str]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT email, full_name, phone FROM candidate WHERE phone IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        con.close()


def _left_in_files(path: Path, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """Which of `words` are still readable in the database file or its -wal/-shm files. Call only with no
    SQLite connection open in this process: closing a file SQLite has locked drops the process's locks."""
    found = []
    for file in sorted(path.parent.glob(path.name + "*")):
        data = file.read_bytes()
        found += [(file.name, w) for w in words if w.encode() in data]
    return found


def test_erase_names_the_scrub_command_which_finishes_once_the_reader_is_gone(hiring_db):
    email, name, phone = _someone(hiring_db)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(hiring_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        erased = run("privacy", "erase", email, "--yes", "--db", hiring_db)
        assert erased.exit_code == 0, erased.output
        command = f"pipeline-tui privacy scrub --db {hiring_db}"
        assert "another program has the database file open" in erased.stdout and command in erased.stdout
        assert _left_in_files(hiring_db, (name, email, phone)), "the reader kept the old pages in the file"
        # Asking again gives the same command, and says it could not finish yet.
        again = run("privacy", "scrub", "--db", hiring_db)
        assert again.exit_code == 1
        assert again.stderr.strip() == (
            f"pipeline-tui: error: another program still has {hiring_db} open: close it and run {command}"
        )
    finally:
        reader.communicate("done\n", timeout=30)
    assert reader.returncode == 0
    scrubbed = run("privacy", "scrub", "--db", hiring_db)
    assert scrubbed.exit_code == 0, scrubbed.output
    assert (
        scrubbed.stdout.strip() == f"Scrubbed {hiring_db}: nothing of an erased person remains in the file."
    )
    assert _left_in_files(hiring_db, (name, email, phone)) == []
    # The erasure itself stays done: the e-mail finds nobody.
    assert "no candidate" in run("privacy", "export", email, "--db", hiring_db).stderr


def test_the_tui_browsing_the_database_does_not_block_the_scrub(hiring_db):
    """The app keeps pooled connections open, but none inside a read transaction: an erase from another
    process while the TUI shows the board, a detail and the pools scrubs the file completely."""
    from pipeline_tui.app import PipelineApp
    from pipeline_tui.config import load_settings

    async def settle(pilot) -> None:
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    async def press(pilot, *keys: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    email, name, phone = _someone(hiring_db)

    async def browse_then_erase_elsewhere() -> subprocess.CompletedProcess:
        store = Store.open(str(hiring_db), actor="tester")
        app = PipelineApp(store, load_settings(str(hiring_db)))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                await press(pilot, "j", "l", "enter")
                await press(pilot, "escape", "t")
                await press(pilot, "down", "down", "/")
                await press(pilot, *"data", "enter")
                return await asyncio.to_thread(
                    subprocess.run,
                    [
                        sys.executable,
                        "-m",
                        "pipeline_tui",
                        "privacy",
                        "erase",
                        email,
                        "--yes",
                        "--db",
                        str(hiring_db),
                    ],
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
        finally:
            store.close()

    erased = asyncio.run(browse_then_erase_elsewhere())
    assert erased.returncode == 0, erased.stderr
    assert "the database file was scrubbed" in erased.stdout
    assert _left_in_files(hiring_db, (name, email, phone)) == []
