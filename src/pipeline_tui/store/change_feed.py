"""The activity feed: "who did what, when" read from the change log, newest first, in keyset pages.

The Activity screen (key `6`, and one job's from the jobs screen) and `pipeline-tui activity` read it. A
page is `seq DESC` below `before_seq`, so the next page costs what the first did, however deep. Filters use
the log's indexes: one job `(job_id, seq)`, one member `(actor_id, seq)`; a kind or a time alone walks the
primary key backwards until the page is full. Each row carries the actor's e-mail as the team has it now
and the job's title; a person's change reads their current name (an erased person's reads as erased).

`trim` removes old rows (`pipeline-tui db trim-log`) after writing a LOG_TRIMMED row whose `entity_id` is
the highest number to go: a live reader that had not got that far gets an overflow batch and reloads
(store/change_reads.py) instead of missing changes silently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, func, select, text

from pipeline_tui.core.change_records import Change, ChangeRecord, FeedQuery
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.local_time import to_local
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.change_reads import COLUMNS, record_of, with_people
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Job, TeamMember

FEED_COLUMNS = (*COLUMNS, TeamMember.email.label("actor_email"), Job.title.label("job_title"))
# Rows a trim deletes per transaction: a write lock held for a fraction of a second at a time.
TRIM_CHUNK = 2_000
MAX_PAGE = 10_000


def kind_value(kind: str) -> str:
    """A kind as stored, from its value ("pool_status") or its label ("pool status")."""
    return "_".join(kind.split()).lower()


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def first_since(since: datetime):  # noqa: ANN201 - a Select
    """The first number made at or after `since`, read on the time index: a page walking back from the newest
    stops there instead of reading the whole log for rows that are not that recent. (`seq + 0`: a plain
    min(seq) makes SQLite walk the primary key up from the oldest row instead.)"""
    return select(func.min(ChangeLog.seq + 0)).where(ChangeLog.at >= since)


def feed_select(query: FeedQuery, first_seq: int | None = None):  # noqa: ANN201 - a Select
    """The select of one feed page; `first_seq`: no row below it can match (`since` as a number)."""
    q = (
        with_people(FEED_COLUMNS)
        .outerjoin(TeamMember, TeamMember.id == ChangeLog.actor_id)
        .outerjoin(Job, Job.id == ChangeLog.job_id)
    )
    if query.job_id is not None:
        q = q.where(ChangeLog.job_id == query.job_id)
    if query.actor_id is not None:
        q = q.where(ChangeLog.actor_id == query.actor_id)
    if query.kinds:
        q = q.where(ChangeLog.kind.in_(sorted({kind_value(k) for k in query.kinds})))
    if query.since is not None:
        q = q.where(ChangeLog.at >= query.since)
    if first_seq is not None:
        q = q.where(ChangeLog.seq >= first_seq)
    if query.before_seq is not None:
        q = q.where(ChangeLog.seq < query.before_seq)
    limit = max(1, min(int(query.limit), MAX_PAGE))
    return q.order_by(ChangeLog.seq.desc()).limit(limit)


# A loose index scan over ix_change_log_kind: one probe per kind, not a pass over a million rows.
DISTINCT_KINDS = """
WITH RECURSIVE k(kind) AS (
    SELECT min(kind) FROM change_log
    UNION ALL
    SELECT (SELECT min(c.kind) FROM change_log c WHERE c.kind > k.kind) FROM k WHERE k.kind IS NOT NULL
)
SELECT kind FROM k
"""


class ChangeFeedRepository:
    """Read the change log as a feed; trim it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def feed(self, query: FeedQuery) -> list[ChangeRecord]:
        """One page of changes, newest first: below `query.before_seq` (the last seq of the page before)."""
        with self._db.connection() as conn:
            first = None
            if query.since is not None:
                first = conn.scalar(first_since(query.since))
                if first is None:
                    return []
            rows = conn.execute(feed_select(query, first))
            return [record_of(r) for r in rows]

    def members(self) -> list[TeamMemberRecord]:
        """The team members who made a change still in the log, by name (the feed's "by" filter)."""
        made = exists().where(ChangeLog.actor_id == TeamMember.id)
        q = select(TeamMember).where(made).order_by(func.lower(TeamMember.name), TeamMember.id)
        with self._db.transaction() as s:
            return [TeamMemberRecord.model_validate(m) for m in s.scalars(q)]

    def kinds(self) -> list[str]:
        """The kinds (stored values, e.g. "pool_status") present in the log, in the order of their labels."""
        with self._db.connection() as conn:
            found = [k for k in conn.scalars(text(DISTINCT_KINDS)) if k is not None]
            return sorted(found, key=kind_label)

    def trim(self, before: datetime) -> int:
        """Remove the changes made before `before` (naive UTC); how many.

        The LOG_TRIMMED row comes first, in its own transaction: from then on a reader behind the highest
        number to go gets an overflow batch and reloads, also while the rows are still going. They go in
        short transactions of TRIM_CHUNK rows, so a big trim never holds SQLite's one write lock long
        enough for a teammate's write to time out (500,000 rows in one transaction held it 14 s)."""
        old = ChangeLog.at < before
        with self._db.connection() as conn:
            top, count = conn.execute(select(func.max(ChangeLog.seq), func.count()).where(old)).one()
            if not count:
                return 0
            low = int(conn.scalar(select(func.min(ChangeLog.seq)).where(old)))
            day = to_local(before).date().isoformat()
            noun = "change" if count == 1 else "changes"
            detail = f"{count:,} {noun} before {day}"
            note_change(conn, Change(ChangeEntity.LOG, int(top), ChangeKind.LOG_TRIMMED, detail=detail))
        removed = 0
        while low <= top:
            high = min(low + TRIM_CHUNK, top + 1)
            with self._db.connection() as conn:
                gone = conn.execute(delete(ChangeLog).where(ChangeLog.seq >= low, ChangeLog.seq < high, old))
                removed += max(gone.rowcount, 0)
            low = high
        return removed
