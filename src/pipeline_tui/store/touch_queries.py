"""The due queue's reads: one statement for a page of due touches with everything their message needs.

The page walks ix_touch_status_due (status, due_on, id) from the oldest day and stops after `limit` rows;
each row is joined to its enrollment, person, sequence, step and pool, so a page is one query whatever its
size. Keyset paging: the next page starts after the last (due_on, id) shown.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from pipeline_tui.core.nurture_records import DueTouch
from pipeline_tui.core.nurture_vocabulary import TouchStatus
from pipeline_tui.core.touch_values import Sender, missing_values, placeholder_values, render_message
from pipeline_tui.store.current_user import find_member
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Candidate, Pool
from pipeline_tui.store.nurture_tables import Enrollment, Sequence, SequenceStep, Touch


def _step_count():  # noqa: ANN202 - a correlated scalar subquery
    return (
        select(func.count(SequenceStep.id))
        .where(SequenceStep.sequence_id == Enrollment.sequence_id)
        .correlate(Enrollment)
        .scalar_subquery()
    )


def touch_rows() -> Select:
    """Touches with their person, sequence, current step template and pool (no filter, no order)."""
    return (
        select(
            Touch.id,
            Touch.enrollment_id,
            Touch.status,
            Touch.step,
            Touch.channel,
            Touch.due_on,
            Touch.subject.label("touch_subject"),
            Touch.body.label("touch_body"),
            Enrollment.candidate_id,
            Enrollment.sequence_id,
            Enrollment.pool_id,
            Candidate.full_name,
            Candidate.email,
            Candidate.current_company,
            Candidate.current_title,
            Candidate.location,
            Sequence.name.label("sequence"),
            SequenceStep.subject.label("step_subject"),
            SequenceStep.body.label("step_body"),
            Pool.name.label("pool"),
            _step_count().label("steps"),
        )
        .select_from(Touch)
        .join(Enrollment, Enrollment.id == Touch.enrollment_id)
        .join(Candidate, Candidate.id == Enrollment.candidate_id)
        .join(Sequence, Sequence.id == Enrollment.sequence_id)
        .outerjoin(
            SequenceStep,
            and_(SequenceStep.sequence_id == Enrollment.sequence_id, SequenceStep.position == Touch.step),
        )
        .outerjoin(Pool, Pool.id == Enrollment.pool_id)
    )


def due_page(today: date, limit: int, after: tuple[date, int] | None) -> Select:
    """Due touches on or before `today`, oldest first, the page after `after` (due_on, id)."""
    q = touch_rows().where(Touch.status == TouchStatus.DUE, Touch.due_on <= today)
    if after is not None:
        day, touch_id = after
        q = q.where(or_(Touch.due_on > day, and_(Touch.due_on == day, Touch.id > touch_id)))
    return q.order_by(Touch.due_on, Touch.id).limit(limit)


def count_due(today: date) -> Select:
    return (
        select(func.count()).select_from(Touch).where(Touch.status == TouchStatus.DUE, Touch.due_on <= today)
    )


def sender_of(db: Database, s: Session) -> Sender:
    """The current user as `sender_name` / `sender_email`: their team member, else the name from settings."""
    member = db.user.member
    if member is None:
        found = find_member(s, db.user.spec)
        if found is not None:
            return Sender(found.name, found.email or "")
        return Sender(db.actor, "")
    return Sender(member.name, member.email or "")


def due_touch(row, sender: Sender) -> DueTouch:  # noqa: ANN001 - a Row of touch_rows()
    """A row as the queue shows it: the touch's own template when it holds one (the step was edited after
    the touch came due), else the step's current one, rendered for the person, with the placeholders it
    uses that are empty for them."""
    own = row.touch_subject is not None or row.touch_body is not None
    subject, body = (row.touch_subject, row.touch_body) if own else (row.step_subject, row.step_body)
    values = placeholder_values(
        full_name=row.full_name,
        company=row.current_company,
        title=row.current_title,
        location=row.location,
        sender=sender,
        pool=row.pool,
        sequence=row.sequence,
    )
    message = render_message(row.step, subject, body, values)
    return DueTouch(
        id=row.id,
        enrollment_id=row.enrollment_id,
        candidate_id=row.candidate_id,
        person=row.full_name,
        email=row.email,
        sequence_id=row.sequence_id,
        sequence=row.sequence,
        step=row.step,
        steps=row.steps or 0,
        channel=row.channel,
        due_on=row.due_on,
        pool=row.pool,
        subject=message.subject,
        body=message.body,
        problem=message.problem,
        missing=() if message.problem else missing_values(subject, body, values),
    )
