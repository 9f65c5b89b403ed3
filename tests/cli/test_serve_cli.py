"""`pipeline-tui serve` refuses what it cannot serve with one line and exit 1, before it listens: a bad --db,
a port in use, an address not of this machine, a public URL that is none, a token too weak to guard it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from cli_errors import one_line_error
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.cli.serve_access import TOKEN_ENV
from pipeline_tui.store import Store


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["serve", *args], env=env, catch_exceptions=False)


@pytest.fixture
def board_db(tmp_path) -> str:
    path = str(tmp_path / "board.db")
    Store.open(path, actor="tester").close()
    return path


def test_a_bad_db_is_one_line_before_anything_listens(tmp_path):
    one_line_error(run("--db", str(tmp_path / "no" / "such" / "x.db")), "no folder", code=1)
    assert not (tmp_path / "no").exists()
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    one_line_error(run("--db", str(text)), "not a SQLite database", code=1)
    assert text.read_text() == "hello"


def test_a_port_in_use_says_so_and_which_option_picks_another(board_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A subprocess: were the port not refused, the server would serve on and this test would end anyway.
        done = subprocess.run(
            [sys.executable, "-m", "pipeline_tui", "serve", "--db", board_db, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env=os.environ,
        )
    assert done.returncode == 1, done
    assert done.stderr.strip() == f"pipeline-tui: error: port {port} is in use: pick another with --port"
    assert "open http" not in done.stdout


def test_an_address_of_another_machine_cannot_be_listened_on(board_db):
    one_line_error(
        run("--db", board_db, "--host", "192.0.2.1", "--port", "8999"), "cannot listen on 192.0.2.1", code=1
    )


@pytest.mark.parametrize("url", ["ftp://example.com", "example.com", "https://", "https://x.example/?a=1"])
def test_a_public_url_must_be_an_http_address(board_db, url):
    one_line_error(run("--db", board_db, "--public-url", url), "--public-url", "http(s)://HOST", code=2)


@pytest.mark.parametrize("token,why", [("short", "too short"), ("a" * 12 + " " + "b" * 12, "spaces")])
def test_a_weak_token_from_the_environment_is_refused(board_db, token, why):
    one_line_error(run("--db", board_db, "--host", "0.0.0.0", env={TOKEN_ENV: token}), TOKEN_ENV, why, code=1)


def test_the_port_must_be_a_port(board_db):
    one_line_error(run("--db", board_db, "--port", "70000"), "--port", code=2)
