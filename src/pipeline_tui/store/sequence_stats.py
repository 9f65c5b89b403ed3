"""A sequence's counts per step, aggregated in SQL: one GROUP BY over touch (`step_counts_sql`, which the
Sequences report runs too, over every sequence at once), one over enrollment.

A reply or an opt-out answers the last message sent before it in the same enrollment: it is counted against
the last step done before the replied / opted-out touch, so step 1's reply rate is replies to step 1's
message, whatever step was due when the reply came. One that came before anything was sent answers no step
(a step that was never sent cannot have a reply rate): it is counted in replied_unsent / opted_out_unsent
(and, as every stop, in the sequence's stopped total).
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pipeline_tui.core.nurture_records import SequenceStats, StepStats
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, TouchStatus
from pipeline_tui.store.nurture_tables import Enrollment
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow
from pipeline_tui.store.sequence_rows import steps_of

ENROLLMENT = Enrollment.__table__
ANSWERS = (str(TouchStatus.REPLIED), str(TouchStatus.OPTED_OUT))


def step_counts_sql(scope: str) -> str:
    """SELECT sequence_id, step, status, n: the touches matching `scope` (a condition on touch `t` and its
    enrollment `e`) counted per sequence, step and status -- a reply or opt-out against the step it answered
    (the last step done before it in its enrollment, by touch id; NULL when nothing was sent before it).

    The one home of the counting rule: a sequence's stats and the Sequences report both run it."""
    answers = ", ".join(f"'{a}'" for a in ANSWERS)
    return f"""
SELECT x.sequence_id, x.step, x.status, COUNT(*) AS n FROM (
    SELECT e.sequence_id, t.status,
           CASE WHEN t.status IN ({answers}) THEN (
               SELECT MAX(d.step) FROM touch d
               WHERE d.enrollment_id = t.enrollment_id AND d.status = '{TouchStatus.DONE}' AND d.id < t.id
           ) ELSE t.step END AS step
    FROM touch t JOIN enrollment e ON e.id = t.enrollment_id
    WHERE {scope}
) x
GROUP BY x.sequence_id, x.step, x.status"""


def sequence_stats(s: Session, row: SequenceRow) -> SequenceStats:
    conn = s.connection()
    counts: dict[tuple[int, str], int] = {}
    unsent: dict[str, int] = {}
    found = conn.execute(text(step_counts_sql("e.sequence_id = :sequence_id")), {"sequence_id": row.id})
    for _, step, status, n in found:
        if step is None:  # nothing was sent before it: it answers no step
            unsent[status] = unsent.get(status, 0) + int(n)
        else:
            counts[(int(step), status)] = int(n)
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
