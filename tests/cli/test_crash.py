"""A crash of the TUI (an unhandled exception in the app) exits non-zero with one line naming its log.

The real `pipeline-tui --db FILE` runs in a pseudo-terminal; the crash is a real exception raised by a
board key whose action the child process replaces before starting the CLI.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
CHILD = """
import sys
from pipeline_tui.screens.board.screen import BoardScreen

def crash(self):
    raise ZeroDivisionError("injected by the test")

BoardScreen.action_toggle_lane = crash  # `c` on the board
from pipeline_tui.cli import main

sys.argv = ["pipeline-tui", "--db", sys.argv[1]]
main()
"""


class Terminal:
    """The CLI in a 120x40 pseudo-terminal: everything it draws and prints, as text."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.master = master
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db)],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.raw = b""

    @property
    def text(self) -> str:
        return ESCAPES.sub("", self.raw.decode("utf-8", "replace"))

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.raw += os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                time.sleep(timeout)

    def wait_for(self, needle: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            assert time.monotonic() < deadline, f"{needle!r} not drawn; last output: {self.text[-500:]!r}"
            assert self.proc.poll() is None, f"exited before drawing {needle!r}: {self.text[-500:]!r}"
            self._read(0.1)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def exit_code(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, "the TUI did not exit"
            self._read(0.1)
        self._read(0.2)
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path, store):
    from board_data import seed_board

    seed_board(store)
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", PIPELINE_TUI_LOG_DIR=str(tmp_path / "logs"))
    started: list[Terminal] = []

    def start() -> Terminal:
        started.append(Terminal(tmp_path / "pipeline.db", env))
        return started[-1]

    yield start
    for term in started:
        term.close()


def test_a_crash_exits_non_zero_with_one_line_naming_the_log_with_its_traceback(terminal, tmp_path):
    term = terminal()
    term.wait_for("Alan Turing")  # the board's first card
    term.send("c")
    assert term.exit_code() == 1
    # What follows the last frame drawn (the terminal restored), line by line.
    errors = [
        line[line.index("pipeline-tui:") :] for line in term.text.splitlines() if "pipeline-tui:" in line
    ]
    log = tmp_path / "logs" / "pipeline-tui.log"
    assert errors == [
        "pipeline-tui: error: the TUI stopped on an unexpected error (ZeroDivisionError: injected by the test); "
        f"the traceback is in {log}"
    ]
    assert "Traceback" not in term.text  # on the terminal, only the line
    written = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "in crash\nZeroDivisionError: injected by the test" in written


def test_quitting_normally_still_exits_zero_and_writes_no_log(terminal, tmp_path):
    term = terminal()
    term.wait_for("Alan Turing")
    term.send("q")
    assert term.exit_code() == 0
    assert "pipeline-tui:" not in term.text
    assert not (tmp_path / "logs" / "pipeline-tui.log").exists()


async def test_a_crash_in_the_app_writes_its_traceback_to_the_log(store, tmp_path, monkeypatch):
    """The same inside the app (Pilot): the traceback goes to the log file, the return code is 1."""
    from board_data import make_app, seed_board

    from pipeline_tui.screens.board.screen import BoardScreen

    monkeypatch.setenv("PIPELINE_TUI_LOG_DIR", str(tmp_path / "logs"))

    def crash(self):
        raise ZeroDivisionError("injected by the test")

    monkeypatch.setattr(BoardScreen, "action_toggle_lane", crash)
    seed_board(store)
    app = make_app(store, tmp_path=tmp_path)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_log == tmp_path / "logs" / "pipeline-tui.log"
    assert "ZeroDivisionError: injected by the test" in app.crash_log.read_text(encoding="utf-8")
