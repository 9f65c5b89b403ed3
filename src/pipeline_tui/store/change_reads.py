"""Following the change log: what others changed since the last sequence number a reader saw.

`changes_since` is what a live reader (store/change_watch.py) asks on every wake-up: one look at the newest
number (the primary key's last entry), then, when something is new, how many of the new rows are others'
and, when that is few, the rows themselves. A burst or a long sleep beyond `MAX_BATCH` changes comes back
as one overflow batch (screens reload what they show): a reader never reads a thousand rows to repaint once.
A trim (`db trim-log`) that removed rows the reader had not seen is an overflow too.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from pipeline_tui.core.change_records import ChangeBatch, ChangeRecord
from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Candidate

MAX_BATCH = 200
# A person's change reads their name as it is now (an erased person's reads as erased); other entities
# keep the subject written with the change (a deleted pool still has its name).
SUBJECT = func.coalesce(Candidate.full_name, ChangeLog.subject).label("subject")
COLUMNS = (
    ChangeLog.seq,
    ChangeLog.at,
    ChangeLog.entity,
    ChangeLog.entity_id,
    ChangeLog.kind,
    ChangeLog.actor_id,
    ChangeLog.actor,
    SUBJECT,
    ChangeLog.detail,
    ChangeLog.job_id,
    ChangeLog.candidate_id,
    ChangeLog.origin,
)


def record_of(row: object) -> ChangeRecord:
    return ChangeRecord(**row._mapping)  # type: ignore[attr-defined]


def with_people(columns: tuple = COLUMNS):  # noqa: ANN201 - a Select
    """The log's columns with each person's current name: what every reader selects from."""
    return (
        select(*columns).select_from(ChangeLog).outerjoin(Candidate, Candidate.id == ChangeLog.candidate_id)
    )


class ChangeReadRepository:
    """The live readers' view of the log (the activity feed has its own: store/change_feed.py)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def latest_seq(self) -> int:
        """The newest sequence number (0 for an empty log): where a reader starting now begins."""
        with self._db.connection() as conn:
            return int(conn.scalar(select(func.max(ChangeLog.seq))) or 0)

    def changes_since(self, last_seq: int, *, limit: int = MAX_BATCH) -> ChangeBatch:
        """Others' changes after `last_seq`, oldest first; this process's own are passed over."""
        me = self._db.origin
        with self._db.connection() as conn:
            newest = int(conn.scalar(select(func.max(ChangeLog.seq))) or 0)
            if newest <= last_seq:
                return ChangeBatch((), max(last_seq, newest) if newest else last_seq)
            window = (ChangeLog.seq > last_seq, ChangeLog.seq <= newest)
            others = or_(ChangeLog.origin != me, ChangeLog.origin.is_(None))
            count = int(conn.scalar(select(func.count()).where(*window, others)) or 0)
            if count == 0:
                return ChangeBatch((), newest)
            trimmed = conn.scalar(
                select(func.max(ChangeLog.entity_id)).where(*window, ChangeLog.kind == ChangeKind.LOG_TRIMMED)
            )
            if count > limit or (trimmed is not None and trimmed > last_seq):
                actors = conn.scalars(
                    select(ChangeLog.actor)
                    .where(*window, others, ChangeLog.actor.is_not(None))
                    .distinct()
                    .limit(3)
                )
                return ChangeBatch((), newest, overflow=True, count=count, actors=tuple(actors))
            rows = conn.execute(with_people().where(*window, others).order_by(ChangeLog.seq))
            changes = tuple(record_of(r) for r in rows)
        actors = tuple(dict.fromkeys(c.actor for c in changes if c.actor))
        return ChangeBatch(changes, newest, count=len(changes), actors=actors)
