"""Waking up when others change the database, and handing over what they changed.

One thread per app. What wakes it: on PostgreSQL a `LISTEN pipeline_tui_changes` on a dedicated psycopg
connection (store/change_log.py sends the NOTIFY in each appending transaction); on SQLite `PRAGMA
data_version` on a dedicated read-only connection, polled about once a second (it changes when another
connection commits). On each wake it reads the log from the last sequence number it saw
(store/change_reads.py), so nothing is missed however many wake-ups were merged or lost: a reader that was
away (laptop asleep, server restarted) catches up exactly when it is back. When the connection is lost it
says so (`on_status(False, why)`), tries again every few seconds, and says so again when it is back.

Costs when nothing changes: SQLite, one PRAGMA a second; PostgreSQL, a blocked socket wait and a `SELECT 1`
every half minute to notice a dead link (bench/live.py measures both).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pipeline_tui.core.change_records import ChangeBatch
from pipeline_tui.store.change_log import CHANNEL
from pipeline_tui.store.change_reads import ChangeReadRepository
from pipeline_tui.store.database import Database

log = logging.getLogger("pipeline_tui.live")

POLL = 1.0  # seconds between looks on SQLite, and the longest a PostgreSQL wait blocks
SETTLE = 0.15  # after a wake, wait this long so a burst of commits is read as one batch
RETRY = 2.0  # seconds between reconnect attempts
KEEPALIVE = 30.0  # PostgreSQL: a SELECT 1 this often notices a link that died without a word

Wait = Callable[[float], bool]


class ChangeWatch:
    """Follows the log for one app. `on_batch` and `on_status` are called on the watch's thread."""

    def __init__(
        self,
        db: Database,
        on_batch: Callable[[ChangeBatch], None],
        on_status: Callable[[bool, str], None] | None = None,
        *,
        poll: float = POLL,
        retry: float = RETRY,
    ) -> None:
        self._db = db
        self._reads = ChangeReadRepository(db)
        self._on_batch = on_batch
        self._on_status = on_status
        self.poll = poll
        self.retry = retry
        self.last_seq: int | None = None
        self.connected: bool | None = None
        self.wakes = 0  # how many times it read the log (tests and the bench look)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, from_seq: int | None = None) -> None:
        """Begin following: after `from_seq` (a reader coming back), else from the log's newest change."""
        if self._thread is not None:
            return
        self.last_seq = from_seq
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="pipeline-live", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the thread -----------------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._waker() as wait:
                    if self.last_seq is None:
                        self.last_seq = self._reads.latest_seq()
                    self._status(True, "")
                    self._catch_up()
                    while not self._stop.is_set():
                        if wait(self.poll) and not self._stop.wait(SETTLE):
                            self._catch_up()
            except Exception as exc:  # noqa: BLE001 - any failure is a lost link: say so, retry
                log.info("live updates lost the database: %s", exc)
                self._status(False, _why(exc))
                self._stop.wait(self.retry)

    def _catch_up(self) -> None:
        assert self.last_seq is not None
        batch = self._reads.changes_since(self.last_seq)
        self.wakes += 1
        self.last_seq = batch.last_seq
        if batch.count:
            self._on_batch(batch)

    def _status(self, connected: bool, why: str) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if self._on_status is not None:
            self._on_status(connected, why)

    def _waker(self):  # noqa: ANN202 - a context manager yielding a Wait
        return _sqlite_waker(self._db, self._stop) if self._db.is_sqlite else _postgres_waker(self._db)


@contextmanager
def _sqlite_waker(db: Database, stop: threading.Event) -> Iterator[Wait]:
    """`PRAGMA data_version` on a connection of its own: it changes when any other connection commits."""
    path = db.sqlite_path
    if path is None:  # an in-memory database has no other writers
        yield lambda seconds: stop.wait(seconds) and False
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=5)
    try:
        seen = conn.execute("PRAGMA data_version").fetchone()[0]

        def wait(seconds: float) -> bool:
            nonlocal seen
            stop.wait(seconds)
            now = conn.execute("PRAGMA data_version").fetchone()[0]
            changed, seen = now != seen, now
            return changed

        yield wait
    finally:
        conn.close()


@contextmanager
def _postgres_waker(db: Database) -> Iterator[Wait]:
    """`LISTEN` on a dedicated autocommit connection; a wait returns when a NOTIFY arrives."""
    import time

    import psycopg

    url = db.engine.url.set(drivername="postgresql")
    conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True, connect_timeout=5)
    try:
        conn.execute(f"LISTEN {CHANNEL}")
        quiet_since = time.monotonic()

        def wait(seconds: float) -> bool:
            nonlocal quiet_since
            woke = False
            for _ in conn.notifies(timeout=seconds):
                woke = True
                break
            if woke:
                for _ in conn.notifies(timeout=0.01):  # the rest of a burst: one read covers them all
                    pass
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > KEEPALIVE:
                conn.execute("SELECT 1")
                quiet_since = time.monotonic()
            return woke

        yield wait
    finally:
        conn.close()


def _why(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
