"""The due queue: every touch due today or overdue, oldest first, and what a user does with one.

Each action is one transaction that first closes the touch with `WHERE status = 'due'`: a touch done in
another window (or by `due done` in a terminal) is refused with "touch #N is already done" and nothing is
written. "Today" is the user's local day at `now` (core.nurture_schedule.local_day); the next step is due its
wait after the moment the action happened, in the user's zone (core.nurture_schedule.due_after).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.local_time import naive_utc, user_zone
from pipeline_tui.core.nurture_records import DueTouch, TouchResult
from pipeline_tui.core.nurture_schedule import local_day
from pipeline_tui.core.nurture_vocabulary import (
    Channel,
    Delivery,
    EnrollmentStatus,
    StopReason,
    TouchStatus,
)
from pipeline_tui.core.touch_values import activity_body
from pipeline_tui.core.vocabulary import ActivityKind, PoolStatus
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.crm_changes import step_words
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.nurture_tables import Touch
from pipeline_tui.store.touch_queries import count_due, due_page, due_touch, sender_of, touch_rows
from pipeline_tui.store.touch_writes import (
    close_touch,
    end_enrollment,
    link_activity,
    log_activity,
    move_pool_status,
    move_touch,
    not_due,
    record_of,
    schedule_next,
    stamp_contacted,
    touch_record,
    withdraw_consent,
)

MAX_PAGE = 1000

# What a reply or an opt-out moves, in every pool of the person.
_ENGAGED_FROM = (PoolStatus.NEW, PoolStatus.CONTACTED)
_NOT_INTERESTED_FROM = (PoolStatus.NEW, PoolStatus.CONTACTED, PoolStatus.ENGAGED)


class TouchRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def due(
        self,
        *,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
        limit: int = 50,
        after: tuple[date, int] | None = None,
    ) -> list[DueTouch]:
        """A page of the queue: touches due on or before today, oldest first, after (due_on, id)."""
        today = local_day(_moment(now), zone or user_zone())
        size = max(1, min(int(limit), MAX_PAGE))
        with self._db.transaction() as s:
            sender = sender_of(self._db, s)
            return [due_touch(row, sender) for row in s.execute(due_page(today, size, after))]

    def count_due(self, *, now: datetime | None = None, zone: ZoneInfo | None = None) -> int:
        today = local_day(_moment(now), zone or user_zone())
        with self._db.transaction() as s:
            return int(s.scalar(count_due(today)) or 0)

    def get(self, touch_id: int, *, now: datetime | None = None, zone: ZoneInfo | None = None) -> DueTouch:
        """One due touch as the queue shows it (it may be scheduled for a later day); NotFound, or
        RuleViolation when it is no longer due."""
        with self._db.transaction() as s:
            return due_touch(_due_row(s, touch_id), sender_of(self._db, s))

    @retried_when_busy
    def done(
        self,
        touch_id: int,
        *,
        delivery: Delivery = Delivery.MANUAL,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> TouchResult:
        """Sent or made: the text as sent kept on the touch, logged on the person with the step's channel,
        last contacted stamped, new -> contacted in every pool, and the next step scheduled."""
        at, zone = _moment(now), zone or user_zone()
        with self._db.transaction() as s:
            row = _due_row(s, touch_id)
            touch = due_touch(row, sender_of(self._db, s))
            if touch.problem:
                raise InvalidInput(f"touch #{touch_id} cannot be written: {touch.problem}")
            actor = actor_of(self._db, s)
            close_touch(
                s,
                touch_id,
                TouchStatus.DONE,
                at,
                actor,
                delivery=Delivery(delivery),
                subject=touch.subject or None,
                body=touch.body or None,
            )
            body = activity_body(row.channel, row.sequence, row.step, touch.subject, touch.body)
            kind = Channel(row.channel).activity_kind
            activity_id = log_activity(s, row.candidate_id, kind, body, at, actor)
            link_activity(s, touch_id, activity_id)
            stamp_contacted(s, row.candidate_id, at)
            move_pool_status(s, row.candidate_id, PoolStatus.CONTACTED, (PoolStatus.NEW,))
            _note(s, row, ChangeKind.TOUCH_DONE)
            return self._advanced(s, row, at, zone)

    @retried_when_busy
    def skip(
        self, touch_id: int, *, now: datetime | None = None, zone: ZoneInfo | None = None
    ) -> TouchResult:
        """The step is passed over: nothing is logged, the next step is scheduled as if it had been done."""
        at, zone = _moment(now), zone or user_zone()
        with self._db.transaction() as s:
            row = _due_row(s, touch_id)
            close_touch(s, touch_id, TouchStatus.SKIPPED, at, actor_of(self._db, s))
            _note(s, row, ChangeKind.TOUCH_SKIPPED)
            return self._advanced(s, row, at, zone)

    @retried_when_busy
    def snooze(
        self,
        touch_id: int,
        until: date,
        *,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> TouchResult:
        """The touch comes back on `until` (a day after today); `next` is the same touch on its new day."""
        today = local_day(_moment(now), zone or user_zone())
        if not isinstance(until, date) or isinstance(until, datetime):
            raise InvalidInput("snooze until a date (YYYY-MM-DD)")
        with self._db.transaction() as s:
            row = _due_row(s, touch_id)
            if until <= today:
                raise InvalidInput(
                    f"snooze until a day after today ({today:%Y-%m-%d}): {until:%Y-%m-%d} is not"
                )
            move_touch(s, touch_id, until)
            _note(s, row, ChangeKind.TOUCH_SNOOZED)
            moved = touch_record(s, touch_id, row.sequence)
            return TouchResult(touch=moved, next=moved, enrollment_status=EnrollmentStatus.ACTIVE)

    @retried_when_busy
    def replied(
        self, touch_id: int, *, now: datetime | None = None, zone: ZoneInfo | None = None
    ) -> TouchResult:
        """The person answered: the sequence stops, a note is logged, new/contacted -> engaged."""
        at = _moment(now)
        with self._db.transaction() as s:
            row = _due_row(s, touch_id)
            self._stop(s, row, TouchStatus.REPLIED, StopReason.REPLIED, at, "Replied to")
            move_pool_status(s, row.candidate_id, PoolStatus.ENGAGED, _ENGAGED_FROM)
            _note(s, row, ChangeKind.REPLIED)
            return self._stopped(s, row, StopReason.REPLIED)

    @retried_when_busy
    def opted_out(
        self, touch_id: int, *, now: datetime | None = None, zone: ZoneInfo | None = None
    ) -> TouchResult:
        """The person asked not to be contacted: the sequence stops, consent is withdrawn (so they are never
        enrolled again), a note is logged and every pool shows them not interested."""
        at = _moment(now)
        with self._db.transaction() as s:
            row = _due_row(s, touch_id)
            self._stop(s, row, TouchStatus.OPTED_OUT, StopReason.OPTED_OUT, at, "Opted out of")
            withdraw_consent(s, row.candidate_id, at, row.sequence)
            move_pool_status(s, row.candidate_id, PoolStatus.NOT_INTERESTED, _NOT_INTERESTED_FROM)
            _note(s, row, ChangeKind.OPTED_OUT)
            return self._stopped(s, row, StopReason.OPTED_OUT)

    def _stop(
        self, s: Session, row, status: TouchStatus, reason: StopReason, at: datetime, verb: str
    ) -> None:  # noqa: ANN001
        actor = actor_of(self._db, s)
        close_touch(s, row.id, status, at, actor)
        end_enrollment(s, row.enrollment_id, EnrollmentStatus.STOPPED, reason, at)
        note = f"{verb} {row.sequence} (step {row.step})"
        link_activity(s, row.id, log_activity(s, row.candidate_id, ActivityKind.NOTE, note, at, actor))

    def _advanced(self, s: Session, row, at: datetime, zone: ZoneInfo) -> TouchResult:  # noqa: ANN001
        following = schedule_next(s, row.enrollment_id, row.sequence_id, row.step, at, zone)
        return TouchResult(
            touch=touch_record(s, row.id, row.sequence),
            next=record_of(following, row.sequence) if following is not None else None,
            enrollment_status=EnrollmentStatus.ACTIVE
            if following is not None
            else EnrollmentStatus.COMPLETED,
        )

    def _stopped(self, s: Session, row, reason: StopReason) -> TouchResult:  # noqa: ANN001
        return TouchResult(
            touch=touch_record(s, row.id, row.sequence),
            enrollment_status=EnrollmentStatus.STOPPED,
            stop_reason=reason,
        )


def _moment(now: datetime | None) -> datetime:
    return naive_utc(now) if now is not None else utcnow()


def _note(s: Session, row, kind: ChangeKind) -> None:  # noqa: ANN001 - a Row of touch_rows()
    """The queue action in the change log: "Ann did a touch with Bob Ng (step 2 of Spring outreach)"."""
    detail = step_words(row.step, row.sequence)
    note_change(s, Change(ChangeEntity.TOUCH, row.id, kind, detail=detail, candidate_id=row.candidate_id))


def _due_row(s: Session, touch_id: int):  # noqa: ANN202 - a Row of touch_rows()
    """The touch with everything its message needs, when it is due; else the refusal."""
    row = s.execute(touch_rows().where(Touch.id == touch_id)).first()
    if row is None or row.status != TouchStatus.DUE:
        raise not_due(s, touch_id)
    return row
