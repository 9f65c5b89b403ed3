"""Editing a sequence that people are in: edits apply to steps not yet due.

A touch whose day has come (due_on <= today) keeps the message it was due with: the old step's subject and
body are copied onto it before the step changes. Touches scheduled later follow the edit: the new step's
channel, its template (rendered from the step when shown), and their day worked out again from their anchor
(the enrollment's last finished touch, or when the person was enrolled) with the new wait. A due touch whose
step no longer exists ends its enrollment as completed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.nurture_schedule import due_after, local_day
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, TouchStatus
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep, Touch
from pipeline_tui.store.sequence_rows import CheckedStep

STEP = SequenceStep.__table__
TOUCH = Touch.__table__
ENROLLMENT = Enrollment.__table__
ACTIVE = str(EnrollmentStatus.ACTIVE)
DUE = str(TouchStatus.DUE)


def apply_edit(
    s: Session, sequence_id: int, steps: Sequence[CheckedStep], at: datetime, zone: ZoneInfo | None
) -> None:
    conn = s.connection()
    today = local_day(at, zone)
    old = {r.position: r for r in conn.execute(select(STEP).where(STEP.c.sequence_id == sequence_id))}
    new = {st.position: st for st in steps}
    changed = [p for p, r in old.items() if p not in new or _message(r) != _message(new[p])]
    _hold_messages(conn, sequence_id, changed, today)
    _write_steps(conn, sequence_id, old, new)
    _end_past_last_step(conn, sequence_id, len(steps), at)
    _follow_channels(conn, sequence_id, today)
    rewaited = [
        p for p, st in new.items() if p in old and (old[p].wait_days, bool(old[p].business_days)) != _wait(st)
    ]
    _reschedule(conn, sequence_id, {p: new[p] for p in rewaited}, today, zone)


def _message(step) -> tuple:  # noqa: ANN001 - a step row or a CheckedStep
    return (str(step.channel), step.subject, step.body)


def _wait(step: CheckedStep) -> tuple[int, bool]:
    return (step.wait_days, step.business_days)


def _due_touches(sequence_id: int):  # noqa: ANN202 - a condition
    active = select(ENROLLMENT.c.id).where(
        ENROLLMENT.c.sequence_id == sequence_id, ENROLLMENT.c.status == ACTIVE
    )
    return and_(TOUCH.c.status == DUE, TOUCH.c.enrollment_id.in_(active.scalar_subquery()))


def _hold_messages(conn: Connection, sequence_id: int, positions: list[int], today: date) -> None:
    """Touches due by today at a changed step keep the old step's templates ('' for none)."""
    if not positions:
        return
    old_step = select(STEP).where(STEP.c.sequence_id == sequence_id, STEP.c.position == TOUCH.c.step)
    conn.execute(
        update(TOUCH)
        .where(
            _due_touches(sequence_id),
            TOUCH.c.due_on <= today,
            TOUCH.c.step.in_(positions),
            TOUCH.c.subject.is_(None),
            TOUCH.c.body.is_(None),
        )
        .values(
            subject=func.coalesce(old_step.with_only_columns(STEP.c.subject).scalar_subquery(), ""),
            body=func.coalesce(old_step.with_only_columns(STEP.c.body).scalar_subquery(), ""),
        )
    )


def _write_steps(conn: Connection, sequence_id: int, old: dict, new: dict[int, CheckedStep]) -> None:
    """Steps changed in place by position (their ids kept), new ones added, the ones past the end removed."""
    for position, step in new.items():
        if position in old:
            conn.execute(update(STEP).where(STEP.c.id == old[position].id).values(**step.values()))
        else:
            conn.execute(insert(STEP).values(sequence_id=sequence_id, **step.values()))
    gone = [p for p in old if p not in new]
    if gone:
        conn.execute(delete(STEP).where(STEP.c.sequence_id == sequence_id, STEP.c.position.in_(gone)))


def _end_past_last_step(conn: Connection, sequence_id: int, last: int, at: datetime) -> None:
    """A due touch at a step that is gone: stopped, and its enrollment completed."""
    ending = list(
        conn.execute(
            select(TOUCH.c.enrollment_id).where(_due_touches(sequence_id), TOUCH.c.step > last)
        ).scalars()
    )
    if not ending:
        return
    conn.execute(
        update(TOUCH)
        .where(TOUCH.c.status == DUE, TOUCH.c.enrollment_id.in_(ending))
        .values(status=str(TouchStatus.STOPPED), done_at=at)
    )
    conn.execute(
        update(ENROLLMENT)
        .where(ENROLLMENT.c.id.in_(ending))
        .values(status=str(EnrollmentStatus.COMPLETED), ended_at=at)
    )


def _follow_channels(conn: Connection, sequence_id: int, today: date) -> None:
    """Touches not yet due take their step's channel now."""
    channel = (
        select(STEP.c.channel)
        .where(STEP.c.sequence_id == sequence_id, STEP.c.position == TOUCH.c.step)
        .scalar_subquery()
    )
    conn.execute(
        update(TOUCH)
        .where(_due_touches(sequence_id), TOUCH.c.due_on > today, TOUCH.c.channel != channel)
        .values(channel=channel)
    )


def _reschedule(
    conn: Connection, sequence_id: int, steps: dict[int, CheckedStep], today: date, zone: ZoneInfo | None
) -> None:
    """Touches not yet due at a step whose wait changed: due again after their anchor with the new wait."""
    if not steps:
        return
    earlier = TOUCH.alias("earlier")
    last_done = (
        select(func.max(earlier.c.done_at))
        .where(earlier.c.enrollment_id == TOUCH.c.enrollment_id, earlier.c.id != TOUCH.c.id)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(TOUCH.c.id, TOUCH.c.step, TOUCH.c.due_on, func.coalesce(last_done, ENROLLMENT.c.enrolled_at))
        .join(ENROLLMENT, ENROLLMENT.c.id == TOUCH.c.enrollment_id)
        .where(_due_touches(sequence_id), TOUCH.c.due_on > today, TOUCH.c.step.in_(list(steps)))
    ).all()
    moved = []
    for touch_id, step, was, anchor in rows:
        day = due_after(_as_datetime(anchor), steps[step].wait_days, steps[step].business_days, zone)
        if day != was:
            moved.append({"touch": touch_id, "day": day})
    if moved:
        conn.execute(
            update(TOUCH).where(TOUCH.c.id == bindparam("touch")).values(due_on=bindparam("day")), moved
        )


def _as_datetime(value: object) -> datetime:
    """coalesce() of two DateTime columns comes back as text on SQLite."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
