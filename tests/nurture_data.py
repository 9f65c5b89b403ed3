"""Nurture data for tests: a sequence with steps, and people enrolled in it with their first touch due.

Not a test module by itself. `seed_sequence(store, steps=...)` and `enroll_people(store, sequence_id, ids,
on=...)` go through store.sequences and store.enrollments (so every rule holds) and hand back the ids the
due queue's tests act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.local_time import naive_utc
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.nurture_tables import Enrollment, Touch

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
    """A sequence with `steps` (positions 1..n), through store.sequences; returns its id."""
    return store.sequences.add(SequenceDraft(name=name, description=description, steps=tuple(steps))).id


def enroll_people(
    store,
    sequence_id: int,
    ids: Sequence[int],
    on: date | datetime | None = None,
    *,
    pool_id: int | None = None,
    zone: ZoneInfo | None = None,
) -> list[int]:
    """Enroll people through store.enrollments at `on` (a day: 09:00 UTC that day; default now), in `zone`.
    Returns their due touches' ids, in the order of `ids` (everyone must be eligible)."""
    if on is None:
        at = utcnow()
    elif isinstance(on, datetime):
        at = naive_utc(on)
    else:
        at = datetime.combine(on, time(9, 0))
    result = store.enrollments.enroll(sequence_id, list(ids), pool_id=pool_id, now=at, zone=zone)
    assert result.enrolled == len(ids), result.skipped
    with store.db.transaction() as s:
        due = dict(
            s.execute(
                select(Enrollment.candidate_id, Touch.id)
                .join(Touch, Touch.enrollment_id == Enrollment.id)
                .where(
                    Enrollment.sequence_id == sequence_id,
                    Enrollment.candidate_id.in_(list(ids)),
                    Enrollment.status == "active",
                    Touch.status == "due",
                )
            ).all()
        )
    return [due[candidate_id] for candidate_id in ids]


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
