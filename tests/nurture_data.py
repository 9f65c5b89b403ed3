"""Nurture data for tests: a sequence with steps, and people enrolled in it with their first touch due.

Not a test module by itself. `seed_sequence(store, steps=...)` and `enroll_people(store, sequence_id, ids,
on=...)` write the rows the way the sequence and enrollment repositories do (steps at positions 1.., one
active enrollment per person, its first touch due its wait after the enrolment in the user's zone), so the
due queue's tests do not depend on those repositories' rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.local_time import naive_utc, user_zone
from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.core.nurture_schedule import due_after
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep, Touch
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow

THREE_STEPS = (
    StepDraft(
        channel="email",
        wait_days=0,
        subject="Hello {{ first_name }}",
        body="Hi {{ first_name }},\n\nHow is {{ company }}? The {{ pool }} team would love a chat.\n\n"
        "{{ sender_name }}",
    ),
    StepDraft(channel="linkedin", wait_days=3, body="{{ first_name }}, did you see my e-mail?"),
    StepDraft(channel="call", wait_days=2, business_days=True, body="Call {{ full_name }} about {{ title }}"),
)


def seed_sequence(
    store, steps: Sequence[StepDraft] = THREE_STEPS, *, name: str = "Warm-up", description: str | None = None
) -> int:
    """A sequence with `steps` (positions 1..n); returns its id."""
    now = utcnow()
    with store.db.transaction() as s:
        row = SequenceRow(name=name, description=description, created_at=now, updated_at=now, actor="tester")
        s.add(row)
        s.flush()
        for position, step in enumerate(steps, start=1):
            s.add(
                SequenceStep(
                    sequence_id=row.id,
                    position=position,
                    channel=step.channel,
                    wait_days=step.wait_days,
                    business_days=step.business_days,
                    subject=step.subject,
                    body=step.body,
                )
            )
        return row.id


def enroll_people(
    store,
    sequence_id: int,
    ids: Sequence[int],
    on: date | datetime | None = None,
    *,
    pool_id: int | None = None,
    zone: ZoneInfo | None = None,
) -> list[int]:
    """Enroll people at `on` (a day: 09:00 UTC that day; default now) with step 1's touch due its wait after
    that, in `zone`. Returns the due touches' ids, in the order of `ids`."""
    if on is None:
        at = utcnow()
    elif isinstance(on, datetime):
        at = naive_utc(on)
    else:
        at = datetime.combine(on, time(9, 0))
    zone = zone or user_zone()
    touch_ids: list[int] = []
    with store.db.transaction() as s:
        first = s.execute(
            select(SequenceStep).where(SequenceStep.sequence_id == sequence_id, SequenceStep.position == 1)
        ).scalar_one()
        for candidate_id in ids:
            enrollment = Enrollment(
                sequence_id=sequence_id,
                candidate_id=candidate_id,
                pool_id=pool_id,
                status="active",
                enrolled_at=at,
                actor="tester",
            )
            s.add(enrollment)
            s.flush()
            touch = Touch(
                enrollment_id=enrollment.id,
                step=1,
                channel=first.channel,
                due_on=due_after(at, first.wait_days, first.business_days, zone),
                status="due",
            )
            s.add(touch)
            s.flush()
            touch_ids.append(touch.id)
    return touch_ids


def add_people(store, *names: str, pool_id: int | None = None, **fields) -> list[int]:
    """People named `names` (e-mail first@example.com, at Acme as Engineer unless `fields` say otherwise),
    added to `pool_id` when given."""
    ids = []
    for name in names:
        first = name.split()[0].lower()
        values = {
            "email": f"{first}@example.com",
            "current_company": "Acme",
            "current_title": "Engineer",
            "location": "Berlin",
        }
        values.update(fields)
        ids.append(store.candidates.add(CandidateInput.parse(full_name=name, **values)).id)
    if pool_id is not None:
        store.pools.add_to_pool(pool_id, ids)
    return ids
