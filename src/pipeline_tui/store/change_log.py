"""Writing the change log: each write notes its changes; the transaction appends them just before it commits.

A repository calls `note_change(bind, Change(...))` (or `note_changes`) inside its transaction; nothing is
written then. `Database.transaction()` / `connection()` open the list when they begin and `append_changes`
writes it as the last statements before the commit, with the actor and this process's origin, so a change
and its log rows commit or roll back together. A unit of work's repositories note into the unit's one
transaction, appended once when the unit commits.

Order: on PostgreSQL, concurrent writers would take sequence numbers in one order and commit in another, and
a reader that saw 11 before 10 was committed would skip 10 for good. So each appending transaction first
takes one advisory transaction lock (held until its commit): numbers are handed out and committed in order,
and the lock is held only for the few statements at the very end. On SQLite one writer at a time already
gives that order. Each appending transaction also sends `NOTIFY pipeline_tui_changes` (delivered on commit)
to wake the readers of store/change_watch.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.clock import utcnow
from pipeline_tui.store.change_tables import ChangeLog

if TYPE_CHECKING:
    from pipeline_tui.store.database import Database

PENDING = "pipeline_tui.pending_changes"
CHANNEL = "pipeline_tui_changes"
# pg_advisory_xact_lock's key for "appending to the change log" (any constant; this one spells "plog").
APPEND_LOCK = 0x706C6F67
SUBJECT_MAX = 300
DETAIL_MAX = 500


def _connection(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def open_changes(bind: Session | Connection) -> dict:
    """A transaction begins: from now on its writes note their changes here. Returns the connection's
    `info`, for `discard_changes` (after a rollback the session can no longer hand its connection out)."""
    info = _connection(bind).info
    info[PENDING] = []
    return info


def discard_changes(info: dict) -> None:
    """The transaction rolled back (or appended): nothing noted may leak into the next one on this
    connection (a pooled connection keeps its `info`)."""
    info.pop(PENDING, None)


def note_change(bind: Session | Connection, change: Change) -> None:
    """Note one change of the current transaction; it is appended to the log when the transaction commits."""
    note_changes(bind, (change,))


def note_changes(bind: Session | Connection, changes: Iterable[Change]) -> None:
    pending = _connection(bind).info.get(PENDING)
    if pending is None:
        raise RuntimeError("a change was noted outside a Database.transaction() or connection()")
    pending.extend(changes)


def append_changes(db: Database, bind: Session | Connection) -> int:
    """Write the changes this transaction noted (the last statements before its commit); how many."""
    conn = _connection(bind)
    pending: list[Change] = conn.info.pop(PENDING, None) or []
    if not pending:
        return 0
    from pipeline_tui.store.current_user import actor_of

    actor = actor_of(db, conn)
    now = utcnow()
    rows = [
        {
            "at": now,
            "entity": str(c.entity),
            "entity_id": c.entity_id,
            "kind": str(c.kind),
            "actor_id": actor.id,
            "actor": actor.name,
            "subject": _clip(c.subject, SUBJECT_MAX),
            "detail": _clip(c.detail, DETAIL_MAX),
            "job_id": c.job_id,
            "candidate_id": c.candidate_id,
            "origin": db.origin,
        }
        for c in pending
    ]
    postgres = not db.is_sqlite
    if postgres:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    # Straight to the driver: a bulk tag of 10,000 people appends 10,000 rows (dialects' bulk_insert).
    db.dialect.bulk_insert(conn, ChangeLog.__table__, rows)
    if postgres:
        conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})
    return len(rows)


def _clip(value: str | None, size: int) -> str | None:
    if value is None:
        return None
    return value if len(value) <= size else value[: size - 1] + "…"
