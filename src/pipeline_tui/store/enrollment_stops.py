"""Sequences that stop by themselves, inside the caller's transaction.

An application opened for a person (every path: apply, hand-over, import) stops their active enrollment
(applied / handed over), an erase deletes their enrollments and touches, a merge moves them to the kept
record, archiving a sequence stops everyone in it. Each function takes the caller's Session or Connection,
so the stop is written or rolled back with the change that caused it; each is a few set-based statements
whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.local_time import naive_utc
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, StopReason, TouchStatus
from pipeline_tui.core.vocabulary import EventAction
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.crm_changes import stop_words
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.nurture_tables import Enrollment, Touch
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow

Bind = Session | Connection
ACTIVE = str(EnrollmentStatus.ACTIVE)
DUE = str(TouchStatus.DUE)


def stop_for_people(conn: Bind, candidate_ids: Sequence[int], reason: StopReason, at: datetime) -> int:
    """Stop the active enrollment of each person (their due touch stopped too); how many were stopped."""
    at = naive_utc(at)
    stopped = 0
    for chunk in chunks(list(dict.fromkeys(candidate_ids))):
        stopped += _stop(conn, Enrollment.candidate_id.in_(list(chunk)), reason, at)
    return stopped


def stop_on_opening(conn: Bind, candidate_ids: Sequence[int], action: str, at: datetime) -> int:
    """Applications were opened for these people: their sequences stop, handed over when the opening was a
    hand-over from a pool, else applied."""
    reason = StopReason.HANDED_OVER if action == EventAction.HANDOFF else StopReason.APPLIED
    return stop_for_people(conn, candidate_ids, reason, at)


def stop_for_sequence(conn: Bind, sequence_id: int, reason: StopReason, at: datetime) -> int:
    """Stop every active enrollment of a sequence (archived)."""
    return _stop(conn, Enrollment.sequence_id == sequence_id, reason, naive_utc(at))


def _stop(conn: Bind, which: ColumnElement[bool], reason: StopReason, at: datetime) -> int:
    _note_stops(conn, which, reason)
    active = select(Enrollment.id).where(Enrollment.status == ACTIVE, which).scalar_subquery()
    conn.execute(
        update(Touch)
        .where(Touch.status == DUE, Touch.enrollment_id.in_(active))
        .values(status=str(TouchStatus.STOPPED), done_at=at)
        .execution_options(synchronize_session=False)
    )
    result = conn.execute(
        update(Enrollment)
        .where(Enrollment.status == ACTIVE, which)
        .values(status=str(EnrollmentStatus.STOPPED), stop_reason=str(reason), ended_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def _note_stops(conn: Bind, which: ColumnElement[bool], reason: StopReason) -> None:
    """ENROLLMENT_STOPPED for each enrollment about to stop, whatever stopped it (an application opened, a
    merge, an archive, a user): "Ann stopped Bob Ng in Spring outreach (applied to a job)"."""
    stopping = conn.execute(
        select(Enrollment.id, Enrollment.candidate_id, SequenceRow.name)
        .join(SequenceRow, SequenceRow.id == Enrollment.sequence_id)
        .where(Enrollment.status == ACTIVE, which)
    ).all()
    note_changes(
        conn,
        [
            Change(
                ChangeEntity.ENROLLMENT,
                e.id,
                ChangeKind.ENROLLMENT_STOPPED,
                detail=stop_words(e.name, reason),
                candidate_id=e.candidate_id,
            )
            for e in stopping
        ],
    )


def drop_for_people(conn: Bind, candidate_ids: Sequence[int]) -> int:
    """Erase: the people's enrollments and their touches deleted (the rendered messages said who they
    were); how many enrollments went."""
    dropped = 0
    for chunk in chunks(list(dict.fromkeys(candidate_ids))):
        theirs = select(Enrollment.id).where(Enrollment.candidate_id.in_(list(chunk)))
        conn.execute(
            delete(Touch)
            .where(Touch.enrollment_id.in_(theirs.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        result = conn.execute(
            delete(Enrollment)
            .where(Enrollment.candidate_id.in_(list(chunk)))
            .execution_options(synchronize_session=False)
        )
        dropped += int(result.rowcount or 0)
    return dropped


def merge_people(conn: Bind, from_id: int, to_id: int, at: datetime) -> int:
    """Two records of one person merged: every enrollment of `from_id` moves to `to_id`; when both were
    active in a sequence, the merged-away one is stopped (merged), so the kept one goes on. How many moved."""
    kept_active = conn.execute(
        select(Enrollment.id).where(Enrollment.candidate_id == to_id, Enrollment.status == ACTIVE).limit(1)
    ).first()
    if kept_active is not None:
        stop_for_people(conn, [from_id], StopReason.MERGED, at)
    result = conn.execute(
        update(Enrollment)
        .where(Enrollment.candidate_id == from_id)
        .values(candidate_id=to_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
