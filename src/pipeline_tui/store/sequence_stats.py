"""A sequence's counts per step, aggregated in SQL (two GROUP BYs over touch, one over enrollment).

A reply or an opt-out answers the last message sent before it in the same enrollment: it is counted against
the last step done before the replied / opted-out touch, so step 1's reply rate is replies to step 1's
message, whatever step was due when the reply came. One that came before anything was sent answers no step
(a step that was never sent cannot have a reply rate): it is counted in replied_unsent / opted_out_unsent
(and, as every stop, in the sequence's stopped total).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.nurture_records import SequenceStats, StepStats
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, TouchStatus
from pipeline_tui.store.nurture_tables import Enrollment, Touch
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow
from pipeline_tui.store.sequence_rows import steps_of

TOUCH = Touch.__table__
ENROLLMENT = Enrollment.__table__
ANSWERS = (str(TouchStatus.REPLIED), str(TouchStatus.OPTED_OUT))


def sequence_stats(s: Session, row: SequenceRow) -> SequenceStats:
    conn = s.connection()
    mine = TOUCH.c.enrollment_id.in_(
        select(ENROLLMENT.c.id).where(ENROLLMENT.c.sequence_id == row.id).scalar_subquery()
    )
    counts: dict[tuple[int, str], int] = {}
    by_step = select(TOUCH.c.step, TOUCH.c.status, func.count()).where(mine, TOUCH.c.status.not_in(ANSWERS))
    for step, status, n in conn.execute(by_step.group_by(TOUCH.c.step, TOUCH.c.status)):
        counts[(int(step), status)] = int(n)
    sent = TOUCH.alias("sent")
    answered = (
        select(func.max(sent.c.step))
        .where(
            sent.c.enrollment_id == TOUCH.c.enrollment_id,
            sent.c.status == str(TouchStatus.DONE),
            sent.c.id < TOUCH.c.id,
        )
        .scalar_subquery()
        .label("answered")
    )
    answers = (
        select(answered, TOUCH.c.status, func.count())
        .where(mine, TOUCH.c.status.in_(ANSWERS))
        .group_by(answered, TOUCH.c.status)
    )
    unsent: dict[str, int] = {}
    for step, status, n in conn.execute(answers):
        if step is None:  # nothing was sent before it: it answers no step
            unsent[status] = unsent.get(status, 0) + int(n)
        else:
            counts[(int(step), status)] = counts.get((int(step), status), 0) + int(n)
    people = dict(
        conn.execute(
            select(ENROLLMENT.c.status, func.count())
            .where(ENROLLMENT.c.sequence_id == row.id)
            .group_by(ENROLLMENT.c.status)
        ).all()
    )
    steps = tuple(
        StepStats(
            step=st.position,
            channel=st.channel,
            sent=counts.get((st.position, TouchStatus.DONE), 0),
            skipped=counts.get((st.position, TouchStatus.SKIPPED), 0),
            replied=counts.get((st.position, TouchStatus.REPLIED), 0),
            opted_out=counts.get((st.position, TouchStatus.OPTED_OUT), 0),
            due=counts.get((st.position, TouchStatus.DUE), 0),
        )
        for st in steps_of(s, [row.id]).get(row.id, ())
    )
    return SequenceStats(
        sequence=row.name,
        enrolled=sum(int(n) for n in people.values()),
        active=int(people.get(EnrollmentStatus.ACTIVE, 0)),
        completed=int(people.get(EnrollmentStatus.COMPLETED, 0)),
        stopped=int(people.get(EnrollmentStatus.STOPPED, 0)),
        steps=steps,
        replied_unsent=unsent.get(str(TouchStatus.REPLIED), 0),
        opted_out_unsent=unsent.get(str(TouchStatus.OPTED_OUT), 0),
    )
