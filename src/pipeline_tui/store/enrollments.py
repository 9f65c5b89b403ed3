"""Enrolling people in a sequence, and reading who is in one.

Enrolling is one transaction and set-based: eligibility for a chunk of people in one query
(enrollment_rules), then one bulk insert of the enrollments and one of their first touches, so 10,000 people
take a fraction of a second. The stops (apply, hand-over, erase, merge) live in enrollment_stops and are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Date, DateTime, Integer, TextClause, bindparam, func, select, text
from sqlalchemy.exc import IntegrityError

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.identities import canonical_email
from pipeline_tui.core.local_time import naive_utc
from pipeline_tui.core.nurture_records import EnrollmentRecord, EnrollResult
from pipeline_tui.core.nurture_schedule import due_after
from pipeline_tui.core.nurture_vocabulary import (
    Channel,
    EnrollmentStatus,
    Ineligible,
    StopReason,
)
from pipeline_tui.core.validation import tag_key
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.dialects import Dialect, chunks
from pipeline_tui.store.enrollment_rows import current_of, enrollments_of
from pipeline_tui.store.enrollment_rules import CHUNK, sort_people
from pipeline_tui.store.enrollment_stops import drop_for_people, merge_people, stop_for_people
from pipeline_tui.store.identities import UNIQUE_ROWS
from pipeline_tui.store.models import CandidateTag, Identity, Pool, PoolMember, Tag
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow

__all__ = ["EnrollmentRepository", "drop_for_people", "merge_people", "stop_for_people"]

# Enrolling as two INSERT ... SELECT over the eligible ids (bound as one parameter): the enrollments, then
# the first touch of each, found by the one active enrollment a person can have. CROSS JOIN keeps SQLite's
# planner on the ids first (each a probe of the active-enrollment index), whatever its statistics say.
_ENROLL = (
    "INSERT INTO enrollment (sequence_id, candidate_id, pool_id, status, enrolled_at, actor_id, actor) "
    "SELECT :sequence, ids.id, :pool, 'active', :at, :actor_id, :actor FROM ({ids}) AS ids"
)
_FIRST_TOUCH = (
    "INSERT INTO touch (enrollment_id, step, channel, due_on, status) "
    "SELECT e.id, :step, :channel, :due, 'due' FROM ({ids}) AS ids CROSS JOIN enrollment e "
    "WHERE e.candidate_id = ids.id AND e.status = 'active' AND e.sequence_id = :sequence"
)


# The enrollments just written, for the change log (one ENROLLED row per person).
_ENROLLED = (
    "SELECT e.id, e.candidate_id FROM ({ids}) AS ids CROSS JOIN enrollment e "
    "WHERE e.candidate_id = ids.id AND e.status = 'active' AND e.sequence_id = :sequence"
)


_ENROLL_KEYS = ("sequence", "pool", "at", "actor_id", "actor", "ids")
_TOUCH_KEYS = ("step", "channel", "due", "sequence", "ids")


def _enroll_statement(source: str) -> TextClause:
    return text(_ENROLL.format(ids=source)).bindparams(
        bindparam("at", type_=DateTime()),
        bindparam("pool", type_=Integer()),
        bindparam("actor_id", type_=Integer()),
    )


def _touch_statement(source: str) -> TextClause:
    return text(_FIRST_TOUCH.format(ids=source)).bindparams(bindparam("due", type_=Date()))


class EnrollmentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def enroll(
        self,
        sequence_id: int,
        candidate_ids: Sequence[int],
        *,
        pool_id: int | None = None,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> EnrollResult:
        """Enroll the eligible among these people; the others are counted per reason, never an error."""
        ids = list(dict.fromkeys(int(i) for i in candidate_ids))
        return self._enrolled(sequence_id, lambda _conn: (ids, 0), pool_id, now, zone)

    def enroll_pool(
        self,
        sequence_id: int,
        pool_id: int,
        *,
        tags: Sequence[str] = (),
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> EnrollResult:
        """The pool's members carrying every one of `tags` (an unknown pool or tag: NotFound)."""
        return self._enrolled(
            sequence_id, lambda conn: (_pool_members(conn, pool_id, tags), 0), pool_id, now, zone
        )

    def enroll_emails(
        self,
        sequence_id: int,
        emails: Sequence[str],
        *,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> EnrollResult:
        """The people these addresses belong to (any of a person's e-mails); an address no one has is
        counted as not found."""
        wanted = list(dict.fromkeys(e for e in (canonical_email(x) for x in emails) if e))
        if not wanted:
            raise InvalidInput("name at least one e-mail address to enroll")
        return self._enrolled(sequence_id, lambda conn: _email_holders(conn, wanted), None, now, zone)

    def _enrolled(self, sequence_id, people, pool_id, now, zone) -> EnrollResult:  # noqa: ANN001
        try:
            return self._enroll(sequence_id, people, pool_id, now, zone)
        except IntegrityError:
            # Someone enrolled some of these people at the same moment: a second pass counts them.
            return self._enroll(sequence_id, people, pool_id, now, zone)

    def _enroll(self, sequence_id, people, pool_id, now, zone) -> EnrollResult:  # noqa: ANN001
        at = naive_utc(now or utcnow())
        with self._db.transaction() as s:
            conn = s.connection()
            seq = conn.execute(
                select(SequenceRow.name, SequenceRow.archived_at).where(SequenceRow.id == sequence_id)
            ).first()
            if seq is None:
                raise NotFound(f"no sequence #{sequence_id}")
            if seq.archived_at is not None:
                raise RuleViolation(f"sequence {seq.name!r} is archived")
            if (
                pool_id is not None
                and conn.execute(select(Pool.id).where(Pool.id == pool_id)).first() is None
            ):
                raise NotFound(f"no pool #{pool_id}")
            steps = conn.execute(
                select(
                    SequenceStep.position,
                    SequenceStep.channel,
                    SequenceStep.wait_days,
                    SequenceStep.business_days,
                )
                .where(SequenceStep.sequence_id == sequence_id)
                .order_by(SequenceStep.position)
            ).all()
            if not steps:
                raise RuleViolation(f"sequence {seq.name!r} has no steps")
            ids, unknown = people(conn)
            eligible, skipped = sort_people(
                conn,
                self._db.dialect,
                ids,
                pool_id=pool_id,
                needs_email=any(st.channel == Channel.EMAIL for st in steps),
            )
            if unknown:
                skipped[str(Ineligible.NOT_FOUND)] = skipped.get(str(Ineligible.NOT_FOUND), 0) + unknown
            if eligible:
                self._write(conn, sequence_id, eligible, pool_id, steps[0], at, zone)
                _note_enrolled(conn, self._db.dialect, sequence_id, seq.name, eligible)
            return EnrollResult(sequence=seq.name, enrolled=len(eligible), skipped=skipped)

    def _write(self, conn: Connection, sequence_id, eligible, pool_id, first, at, zone) -> None:  # noqa: ANN001
        """Two INSERT ... SELECT per chunk, the ids bound as one parameter: the enrollments, then the first
        touch of each (found by the one active enrollment each person can have)."""
        actor = actor_of(self._db, conn)
        values = {
            "sequence": sequence_id,
            "pool": pool_id,
            "at": at,
            "actor_id": actor.id,
            "actor": actor.name,
            "step": first.position,
            "channel": first.channel,
            "due": due_after(at, first.wait_days, bool(first.business_days), zone),
        }
        for chunk in chunks(eligible, CHUNK):
            source, value = self._db.dialect.id_list(chunk)
            params = values | {"ids": value}
            conn.execute(_enroll_statement(source), {k: params[k] for k in _ENROLL_KEYS})
            conn.execute(_touch_statement(source), {k: params[k] for k in _TOUCH_KEYS})

    def for_person(self, candidate_id: int) -> list[EnrollmentRecord]:
        """A person's enrollments, newest first, each with its touches oldest first."""
        with self._db.transaction() as s:
            return enrollments_of(s.connection(), candidate_id)

    def current(self, candidate_ids: Sequence[int]) -> dict[int, EnrollmentRecord]:
        """Each person's active enrollment, where they are and when the next touch is due (no touches)."""
        ids = list(dict.fromkeys(candidate_ids))
        found: dict[int, EnrollmentRecord] = {}
        with self._db.transaction() as s:
            conn = s.connection()
            for chunk in chunks(ids):
                found.update(current_of(conn, list(chunk)))
        return found

    def remove(self, enrollment_id: int, *, now: datetime | None = None) -> EnrollmentRecord:
        """Take a person out of their sequence (stopped, removed; the due touch stopped)."""
        at = naive_utc(now or utcnow())
        with self._db.transaction() as s:
            conn = s.connection()
            row = conn.execute(
                select(Enrollment.candidate_id, Enrollment.status).where(Enrollment.id == enrollment_id)
            ).first()
            if row is None:
                raise NotFound(f"no enrollment #{enrollment_id}")
            if row.status != EnrollmentStatus.ACTIVE:
                raise RuleViolation(f"enrollment #{enrollment_id} has already ended")
            stop_for_people(conn, [row.candidate_id], StopReason.REMOVED, at)
            return next(e for e in enrollments_of(conn, row.candidate_id) if e.id == enrollment_id)


def _note_enrolled(
    conn: Connection, dialect: Dialect, sequence_id: int, name: str, ids: Sequence[int]
) -> None:
    """ENROLLED for each person just enrolled: "Ann enrolled Bob Ng in Spring outreach"."""
    for chunk in chunks(ids, CHUNK):
        source, value = dialect.id_list(chunk)
        rows = conn.execute(text(_ENROLLED.format(ids=source)), {"ids": value, "sequence": sequence_id})
        note_changes(
            conn,
            [
                Change(ChangeEntity.ENROLLMENT, e, ChangeKind.ENROLLED, detail=name, candidate_id=c)
                for e, c in rows
            ],
        )


def _pool_members(conn: Connection, pool_id: int, tags: Sequence[str]) -> list[int]:
    if conn.execute(select(Pool.id).where(Pool.id == pool_id)).first() is None:
        raise NotFound(f"no pool #{pool_id}")
    keys = list(dict.fromkeys(tag_key(t) for t in tags if tag_key(t)))
    q = select(PoolMember.candidate_id).where(PoolMember.pool_id == pool_id)
    if keys:
        found = dict(conn.execute(select(Tag.name_key, Tag.id).where(Tag.name_key.in_(keys))).all())
        missing = [t for t in tags if tag_key(t) and tag_key(t) not in found]
        if missing:
            raise NotFound(f"no tag {missing[0]!r}")
        carrying = (
            select(CandidateTag.candidate_id)
            .where(CandidateTag.tag_id.in_(list(found.values())))
            .group_by(CandidateTag.candidate_id)
            .having(func.count() == len(found))
        )
        q = q.where(PoolMember.candidate_id.in_(carrying))
    return list(conn.execute(q.order_by(PoolMember.candidate_id)).scalars())


def _email_holders(conn: Connection, emails: list[str]) -> tuple[list[int], int]:
    """The people holding these addresses (in the order named), and how many addresses no one holds."""
    holders: dict[str, int] = {}
    for chunk in chunks(emails):
        rows = conn.execute(
            select(Identity.value, Identity.candidate_id).where(
                UNIQUE_ROWS, Identity.kind == "email", Identity.value.in_(list(chunk))
            )
        )
        holders.update({value: int(cid) for value, cid in rows})
    ids = list(dict.fromkeys(holders[e] for e in emails if e in holders))
    return ids, sum(1 for e in emails if e not in holders)
