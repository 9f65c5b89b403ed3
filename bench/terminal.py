"""A program in a real pseudo-terminal: start it, read what it draws, type at it, measure it.

Start-up is timed the way a user feels it: from just before the process is forked to the moment the text we
wait for has been written to the terminal. Textual writes each line of a frame as cursor moves plus styled
runs, so the stream is searched with its escape sequences removed (a name drawn in one style is contiguous).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from pathlib import Path

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte ESC sequences.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
CTRL_Q = "\x11"


class TerminalTimeout(Exception):
    pass


class PtyProcess:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal of `size` (columns, rows)."""

    def __init__(self, argv: list[str], env: dict[str, str], *, size: tuple[int, int] = (120, 40)) -> None:
        self.argv = argv
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: becomes the program, the pty is its controlling terminal
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        cols, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.raw = bytearray()
        self._text_upto = 0
        self._text = ""
        self.returncode: int | None = None

    # -- reading ----------------------------------------------------------------------------------------

    def _pump(self, timeout: float) -> bool:
        """Read whatever the child wrote within `timeout` seconds; False once the terminal closed."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed its side
            return False
        if not chunk:
            return False
        self.raw.extend(chunk)
        return True

    @property
    def text(self) -> str:
        """Everything drawn so far, escape sequences removed."""
        if self._text_upto != len(self.raw):
            self._text = _ESCAPES.sub("", self.raw.decode("utf-8", "replace"))
            self._text_upto = len(self.raw)
        return self._text

    def wait_for(self, needles: str | list[str], timeout: float = 60.0, *, since: int = 0) -> float:
        """Read until one of `needles` has been drawn (in output after byte `since`); returns the
        perf_counter time when it was seen."""
        wanted = [needles] if isinstance(needles, str) else needles
        deadline = time.perf_counter() + timeout
        while True:
            seen = _ESCAPES.sub("", self.raw[since:].decode("utf-8", "replace"))
            if any(n in seen for n in wanted):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TerminalTimeout(
                    f"{Path(self.argv[0]).name}: {wanted!r} not drawn within {timeout:.0f} s; last output: "
                    f"{self.text[-400:]!r}"
                )
            if not self._pump(min(left, 0.05)) and self.poll() is not None:
                seen = _ESCAPES.sub("", self.raw[since:].decode("utf-8", "replace"))
                if any(n in seen for n in wanted):
                    return time.perf_counter()
                raise TerminalTimeout(
                    f"{Path(self.argv[0]).name} exited ({self.returncode}) before drawing {wanted!r}; "
                    f"last output: {self.text[-600:]!r}"
                )

    def drain(self, seconds: float) -> None:
        """Keep reading for `seconds` (the child must never block on a full terminal buffer)."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            if not self._pump(end - time.perf_counter()):
                break

    # -- writing and ending -------------------------------------------------------------------------------

    def send(self, keys: str) -> int:
        """Type `keys`; returns the output offset before they were sent (for `wait_for(since=...)`)."""
        mark = len(self.raw)
        os.write(self.fd, keys.encode())
        return mark

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def peak_rss_mb(self) -> float:
        """Peak resident set size so far (VmHWM), in MB (10^6 bytes)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
        raise RuntimeError("no VmHWM in /proc status")

    def close(self, keys: str = CTRL_Q, timeout: float = 5.0) -> None:
        """Ask the program to quit with `keys`; kill it (only it) if it does not within `timeout`."""
        if self.poll() is None:
            try:
                os.write(self.fd, keys.encode())
            except OSError:
                pass
            end = time.perf_counter() + timeout
            while self.poll() is None and time.perf_counter() < end:
                if not self._pump(0.05):
                    time.sleep(0.02)
            if self.poll() is None:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                self.returncode = -9
        try:
            os.close(self.fd)
        except OSError:
            pass

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
