"""A PostgreSQL server of the test's own, for what cannot be done to the shared one: stopping and
restarting it under a reader. It runs where the shared one does (CI's `.ci/run`, or a developer who set
PIPELINE_TUI_TEST_PG_URL); there, missing server binaries are a failure, not a skip."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_ENV = "PIPELINE_TUI_TEST_PG_URL"  # as tests/conftest.py names it

PGBIN_DEFAULT = "/usr/lib/postgresql/15/bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg(args: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: as root (CI), run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PrivateServer:
    bindir: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_pg([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data.parent} -c fsync=off -c synchronous_commit=off"
        self._ctl("-l", str(self.data.parent / "server.log"), "-w", "-t", "30", "-o", options, "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def private_pg():
    """A throwaway PostgreSQL server on a free loopback port, stopped and removed after the test."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL half skipped: set {PG_ENV} to a server URL (CI does)")
    bindir = Path(os.environ.get("PGBIN", PGBIN_DEFAULT))
    initdb = bindir / "initdb"
    assert initdb.exists(), f"{initdb} not found: set PGBIN to the PostgreSQL server binaries"
    # Not under pytest's tmp dir: that is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="pipeline-tui-test-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    subprocess.run(
        _as_pg(
            [
                str(initdb),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = PrivateServer(bindir, data, _free_port())
    server.start()
    yield server
    try:
        server._ctl("-m", "immediate", "-w", "stop")
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(root, ignore_errors=True)
