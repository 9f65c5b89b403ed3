"""What the CLI prints from files and the database reaches the terminal as text, never as escapes."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.store import Store

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def raw_controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "t.db"
    Store.open(str(path)).close()
    return path


def test_an_escape_in_a_header_is_shown_in_the_unrecognised_columns_warning(db, tmp_path):
    p = tmp_path / "evil.csv"
    p.write_text(f"Name,Email,Notes{RETITLE}x{CLEAR}\nAda,ada@example.com,hi\n", encoding="utf-8")
    res = run("--db", db, "import", "prospects", p, "--pool", "P")
    assert res.exit_code == 0, res.output
    assert raw_controls(res.output) == []
    assert "columns not recognised" in res.stdout
    assert "Notes\\x1b]0;pwned\\x07x\\x1b[2J" in res.stdout


def test_an_escape_in_a_header_is_shown_in_the_error_line(db, tmp_path):
    p = tmp_path / "noname.csv"
    p.write_text(f"Who{RETITLE},Email\u202e{CLEAR}\nAda,ada@example.com\n", encoding="utf-8")
    res = run("--db", db, "import", "prospects", p, "--pool", "P")
    assert res.exit_code == 4
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("pipeline-tui: error: ") and "no column holds names" in line
    assert raw_controls(line) == [] and "\u202e" not in line
    assert "Who\\x1b]0;pwned\\x07" in line and "Email\\u202e\\x1b[2J" in line


def test_export_of_a_name_with_escapes_on_a_terminal(tmp_path):
    db = tmp_path / "y.db"
    st = Store.open(str(db))
    from pipeline_tui.core.validation import CandidateInput

    st.candidates.add(CandidateInput.parse(full_name="Mallory \u202eroot", email="m@example.com"))
    st.close()
    cmd = [sys.executable, "-m", "pipeline_tui", "export", "prospects", "--db", str(db)]
    piped = subprocess.run(cmd, capture_output=True, check=True).stdout.decode()
    assert "Mallory \u202eroot" in piped  # a file or pipe gets the faithful text
    on_tty = _run_in_pty(cmd)
    assert "\u202e" not in on_tty and "Mallory \\u202eroot" in on_tty


def _run_in_pty(cmd: list[str]) -> str:
    """The command's stdout when it is a terminal (stderr stays a pipe)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    return b"".join(chunks).decode("utf-8", "replace")


def test_ten_thousand_unknown_columns_are_summarised_in_one_short_warning(db, tmp_path):
    headers = ["Name", "Email", *(f"Extra column {i}" for i in range(10_000))]
    p = tmp_path / "wide.csv"
    p.write_text(",".join(headers) + "\nAda,ada@example.com" + ",x" * 10_000 + "\n", encoding="utf-8")
    res = run("--db", db, "import", "prospects", p, "--pool", "P")
    assert res.exit_code == 0, res.output[:500]
    (warning,) = [line for line in res.stdout.splitlines() if "columns not recognised" in line]
    assert len(warning) < 300, len(warning)
    assert "Extra column 0, Extra column 1" in warning and "10,000 in all" in warning
