"""Reading the change log the way its readers do, for tests that assert exactly which rows a write added."""

from __future__ import annotations

from sqlalchemy import func, select

from pipeline_tui.store import Store
from pipeline_tui.store.change_reads import record_of, with_people
from pipeline_tui.store.change_tables import ChangeLog


def mark(store: Store) -> int:
    """Where the log stands now: what a test's write adds comes after it."""
    with store.db.transaction() as s:
        return int(s.scalar(select(func.max(ChangeLog.seq))) or 0)


def logged(store: Store, since: int) -> list[tuple]:
    """The rows after `since`, oldest first, as (entity, entity_id, kind, job_id, candidate_id, actor, text):
    the text is the sentence every reader shows (the person's current name joined in)."""
    with store.db.transaction() as s:
        rows = s.execute(with_people().where(ChangeLog.seq > since).order_by(ChangeLog.seq)).all()
    return [
        (c.entity, c.entity_id, c.kind, c.job_id, c.candidate_id, c.actor, c.text)
        for c in (record_of(r) for r in rows)
    ]


def moments(store: Store, since: int) -> set:
    """The distinct `at` of the rows after `since`: rows appended by one transaction share one."""
    with store.db.transaction() as s:
        return set(s.scalars(select(ChangeLog.at).where(ChangeLog.seq > since)))
