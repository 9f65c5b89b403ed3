"""The writes of a queue action, each inside the caller's transaction: closing a due touch (guarded, so two
windows acting on one touch cannot both win), scheduling the next step, ending the enrollment, logging the
activity and moving the person's pool statuses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import NotFound, RuleViolation
from pipeline_tui.core.local_time import aware_utc
from pipeline_tui.core.nurture_records import TouchRecord
from pipeline_tui.core.nurture_schedule import due_after
from pipeline_tui.core.nurture_vocabulary import EnrollmentStatus, StopReason, TouchStatus
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.store.current_user import Actor
from pipeline_tui.store.models import Activity, Candidate, PoolMember
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep, Touch

CONSENT_METHOD_CHARS = 200  # candidate.consent_method's width

_ENDED_WORDS = {
    TouchStatus.DONE: "done",
    TouchStatus.SKIPPED: "skipped",
    TouchStatus.REPLIED: "marked replied",
    TouchStatus.OPTED_OUT: "marked opted out",
    TouchStatus.STOPPED: "stopped (its sequence ended)",
}


def not_due(s: Session, touch_id: int) -> RuleViolation | NotFound:
    """The refusal for a touch that is not (or no longer) due, naming the person, the step and who ended it
    (a teammate may have been quicker): "Ada Lovelace's step 1 is already done by Ann Lee (touch #7)"; the
    id is for the CLI, which names touches by it (the Today screen leaves it out)."""
    row = s.execute(
        select(Touch.status, Touch.step, Touch.actor, Candidate.full_name)
        .join(Enrollment, Enrollment.id == Touch.enrollment_id)
        .join(Candidate, Candidate.id == Enrollment.candidate_id)
        .where(Touch.id == touch_id)
    ).first()
    if row is None:
        return NotFound(f"no touch #{touch_id}")
    status, step, actor, person = row
    word = _ENDED_WORDS.get(TouchStatus(status), status)
    by = f" by {actor}" if actor and status != TouchStatus.STOPPED else ""
    return RuleViolation(f"{person}'s step {step} is already {word}{by} (touch #{touch_id})")


def close_touch(s: Session, touch_id: int, status: TouchStatus, at: datetime, actor: Actor, **values) -> None:
    """End a due touch; refused (and the transaction rolled back by the caller) when it is not due any
    more: the WHERE status = 'due' makes a second window's press a no-op that is reported, not repeated."""
    result = s.execute(
        update(Touch)
        .where(Touch.id == touch_id, Touch.status == TouchStatus.DUE)
        .values(status=status, done_at=at, actor=actor.name, actor_id=actor.id, **values)
    )
    if result.rowcount != 1:
        raise not_due(s, touch_id)


def move_touch(s: Session, touch_id: int, day: date) -> None:
    result = s.execute(
        update(Touch).where(Touch.id == touch_id, Touch.status == TouchStatus.DUE).values(due_on=day)
    )
    if result.rowcount != 1:
        raise not_due(s, touch_id)


def schedule_next(
    s: Session,
    enrollment_id: int,
    sequence_id: int,
    step: int,
    at: datetime,
    zone: ZoneInfo,
) -> Touch | None:
    """The next step's touch, due its wait after `at` in the user's zone; None when there is no next step
    (the enrollment is completed at `at`)."""
    following = s.execute(
        select(
            SequenceStep.position, SequenceStep.channel, SequenceStep.wait_days, SequenceStep.business_days
        )
        .where(SequenceStep.sequence_id == sequence_id, SequenceStep.position > step)
        .order_by(SequenceStep.position)
        .limit(1)
    ).first()
    if following is None:
        end_enrollment(s, enrollment_id, EnrollmentStatus.COMPLETED, None, at)
        return None
    touch = Touch(
        enrollment_id=enrollment_id,
        step=following.position,
        channel=following.channel,
        due_on=due_after(at, following.wait_days, following.business_days, zone),
        status=TouchStatus.DUE,
    )
    s.add(touch)
    s.flush()
    return touch


def end_enrollment(
    s: Session, enrollment_id: int, status: EnrollmentStatus, reason: StopReason | None, at: datetime
) -> None:
    s.execute(
        update(Enrollment)
        .where(Enrollment.id == enrollment_id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .values(status=status, stop_reason=reason, ended_at=at)
    )


def log_activity(s: Session, candidate_id: int, kind: str, body: str, at: datetime, actor: Actor) -> int:
    """The activity a touch leaves on the person; its id goes on the touch."""
    values = {
        "candidate_id": candidate_id,
        "kind": kind,
        "body": clean_text(body, multiline=True) or "",
        "at": at,
        "actor": actor.name,
        "actor_id": actor.id,
    }
    return s.execute(insert(Activity).values(**values)).inserted_primary_key[0]


def link_activity(s: Session, touch_id: int, activity_id: int) -> None:
    s.execute(update(Touch).where(Touch.id == touch_id).values(activity_id=activity_id))


def stamp_contacted(s: Session, candidate_id: int, at: datetime) -> None:
    """last_contacted_at moves forward only (a touch logged for an earlier moment leaves a later one)."""
    s.execute(
        update(Candidate)
        .where(
            Candidate.id == candidate_id,
            or_(Candidate.last_contacted_at.is_(None), Candidate.last_contacted_at < at),
        )
        .values(last_contacted_at=at)
    )


def move_pool_status(s: Session, candidate_id: int, to: PoolStatus, frm: Sequence[PoolStatus]) -> int:
    """In every pool of the person, `frm` statuses become `to` (others stay: converted is never undone)."""
    result = s.execute(
        update(PoolMember)
        .where(PoolMember.candidate_id == candidate_id, PoolMember.status.in_([str(f) for f in frm]))
        .values(status=to)
    )
    return result.rowcount or 0


def withdraw_consent(s: Session, candidate_id: int, at: datetime, sequence: str) -> None:
    s.execute(
        update(Candidate)
        .where(Candidate.id == candidate_id)
        .values(
            consent_status="withdrawn",
            consent_at=at,
            consent_method=f"opted out of sequence {sequence}"[:CONSENT_METHOD_CHARS],
        )
    )


def touch_record(s: Session, touch_id: int, sequence: str) -> TouchRecord:
    row = s.execute(
        select(Touch).where(Touch.id == touch_id).execution_options(populate_existing=True)
    ).scalar_one()
    return record_of(row, sequence)


def record_of(touch: Touch, sequence: str) -> TouchRecord:
    return TouchRecord(
        id=touch.id,
        enrollment_id=touch.enrollment_id,
        sequence=sequence,
        step=touch.step,
        channel=touch.channel,
        due_on=touch.due_on,
        status=touch.status,
        done_at=aware_utc(touch.done_at) if touch.done_at is not None else None,
        delivery=touch.delivery,
        subject=touch.subject,
        body=touch.body,
        actor=touch.actor,
    )
