"""The two rewrites of the change log a person's record needs: an erase scrubs their rows, a merge moves them.

The log is append-only except here. A privacy erase must leave nothing of the person in it: their rows keep
who did what and when, but lose `subject` and `detail` (a tag list, a pool's name, a source said about them).
A merge of two records of one person gives the kept person the merged-away record's rows, so a later erase of
the kept person scrubs both. Both run inside the caller's transaction and also rewrite the changes that
transaction has noted but not yet appended (store/change_log.py appends them just before the commit), so a
change noted earlier in the same erase or merge comes out right too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlalchemy import Connection, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.store.change_log import PENDING
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.dialects import chunks


def scrub_person(bind: Session | Connection, candidate_ids: Iterable[int]) -> int:
    """Every change-log row of these people loses its subject and detail; how many rows were scrubbed."""
    ids = list(dict.fromkeys(int(i) for i in candidate_ids))
    if not ids:
        return 0
    conn = _connection(bind)
    scrubbed = 0
    for chunk in chunks(ids):
        result = conn.execute(
            update(ChangeLog)
            .where(ChangeLog.candidate_id.in_(list(chunk)))
            .values(subject=None, detail=None)
            .execution_options(synchronize_session=False)
        )
        scrubbed += int(result.rowcount or 0)
    theirs = set(ids)
    _rewrite_pending(conn, lambda c: replace(c, subject=None, detail=None) if c.candidate_id in theirs else c)
    return scrubbed


def transfer_person(bind: Session | Connection, from_id: int, to_id: int) -> int:
    """The merged-away person's change-log rows become the kept person's; how many rows moved."""
    conn = _connection(bind)
    result = conn.execute(
        update(ChangeLog)
        .where(ChangeLog.candidate_id == from_id)
        .values(candidate_id=to_id)
        .execution_options(synchronize_session=False)
    )
    _rewrite_pending(conn, lambda c: replace(c, candidate_id=to_id) if c.candidate_id == from_id else c)
    return int(result.rowcount or 0)


def _rewrite_pending(conn: Connection, change: Callable[[Change], Change]) -> None:
    pending = conn.info.get(PENDING)
    if pending:
        pending[:] = [change(c) for c in pending]


def _connection(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind
