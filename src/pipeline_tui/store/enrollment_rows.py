"""Enrollments read back as records: a person's history (with touches) and the active ones of many people
(where they are and when the next touch is due, for the pool browser's columns)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, and_, func, select

from pipeline_tui.core.nurture_records import EnrollmentRecord, TouchRecord
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, TouchStatus
from pipeline_tui.store.models import Pool
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep, Touch
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow

_STEPS = (
    select(SequenceStep.sequence_id, func.count().label("n"))
    .group_by(SequenceStep.sequence_id)
    .subquery("steps")
)


def _enrollment_query():  # noqa: ANN202 - a Select
    due = Touch.__table__.alias("due")
    return (
        select(
            Enrollment.id,
            Enrollment.candidate_id,
            Enrollment.sequence_id,
            SequenceRow.name.label("sequence"),
            Enrollment.pool_id,
            Pool.name.label("pool"),
            Enrollment.status,
            Enrollment.stop_reason,
            Enrollment.enrolled_at,
            Enrollment.ended_at,
            Enrollment.actor,
            func.coalesce(_STEPS.c.n, 0).label("steps"),
            due.c.step.label("next_step"),
            due.c.channel.label("next_channel"),
            due.c.due_on.label("next_due_on"),
        )
        .join(SequenceRow, SequenceRow.id == Enrollment.sequence_id)
        .outerjoin(Pool, Pool.id == Enrollment.pool_id)
        .outerjoin(_STEPS, _STEPS.c.sequence_id == Enrollment.sequence_id)
        .outerjoin(due, and_(due.c.enrollment_id == Enrollment.id, due.c.status == str(TouchStatus.DUE)))
    )


def _record(row: Row, touches: tuple[TouchRecord, ...] = ()) -> EnrollmentRecord:
    return EnrollmentRecord(**row._asdict(), touches=touches)


def enrollments_of(conn: Connection, candidate_id: int) -> list[EnrollmentRecord]:
    rows = conn.execute(
        _enrollment_query()
        .where(Enrollment.candidate_id == candidate_id)
        .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    ).all()
    if not rows:
        return []
    names = {r.id: r.sequence for r in rows}
    touches: dict[int, list[TouchRecord]] = {r.id: [] for r in rows}
    for t in conn.execute(
        select(Touch.__table__)
        .where(Touch.enrollment_id.in_(list(names)))
        .order_by(Touch.enrollment_id, Touch.id)
    ):
        touches[t.enrollment_id].append(
            TouchRecord(
                id=t.id,
                enrollment_id=t.enrollment_id,
                sequence=names[t.enrollment_id],
                step=t.step,
                channel=t.channel,
                due_on=t.due_on,
                status=t.status,
                done_at=t.done_at,
                delivery=t.delivery,
                subject=t.subject,
                body=t.body,
                actor=t.actor,
            )
        )
    return [_record(r, tuple(touches[r.id])) for r in rows]


def current_of(conn: Connection, candidate_ids: Sequence[int]) -> dict[int, EnrollmentRecord]:
    rows = conn.execute(
        _enrollment_query().where(
            Enrollment.status == str(EnrollmentStatus.ACTIVE),
            Enrollment.candidate_id.in_(list(candidate_ids)),
        )
    ).all()
    return {r.candidate_id: _record(r) for r in rows}
