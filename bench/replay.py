"""Baselines that are literally "the same queries in raw sqlite3": the SQL the app sent, replayed.

`Recorder` listens on the store's engine and keeps every statement with its parameters (as the sqlite3 driver
received them) while a measured action runs. `replay` runs that list again on a plain sqlite3 connection to
the same file, fetching every row, in one transaction: what the action costs in SQLite alone. The ratio of
the two is what SQLAlchemy, record building and (for screen actions) Textual add on top.

Only read-only actions are replayed; writes keep their hand-written baselines.
"""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import event

Statement = tuple[str, object, bool]  # sql, parameters, executemany


class Recorder:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.active = False
        self.statements: list[Statement] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.active:
            self.statements.append((statement, parameters, executemany))

    def record(self, fn):
        """Run `fn` and keep what it sent to SQLite; returns fn's result."""
        self.statements = []
        self.active = True
        try:
            return fn()
        finally:
            self.active = False

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def replay(conn: sqlite3.Connection, statements: list[Statement]) -> float:
    """Seconds to run `statements` on `conn` (one transaction, every row fetched)."""
    reads = [s for s in statements if not s[2] and s[0].split(None, 1)[0].upper() in ("SELECT", "WITH")]
    if len(reads) != len(statements):
        raise ValueError("replay is for read-only actions")
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    for sql, params, _ in reads:
        conn.execute(sql, params or ()).fetchall()
    conn.execute("COMMIT")
    return time.perf_counter() - t0
