"""Frozen records of interviews, scorecards and offers: what the store hands to screens, the CLI and tests.

Times are aware UTC datetimes here (the store converts its naive UTC columns); screens and the CLI turn them
into the user's zone with core/clock.py. Member references carry the name and e-mail as they are now.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pipeline_tui.core.records import Record


class MemberRef(Record):
    id: int
    name: str
    email: str | None = None


class RoundRecord(Record):
    id: int
    job_id: int
    stage_id: int
    stage_name: str
    position: int
    name: str
    duration_min: int
    attributes: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


class InterviewRecord(Record):
    id: int
    application_id: int
    candidate_id: int
    person: str
    job_id: int
    job: str
    round_id: int | None
    round_name: str
    starts_at: datetime  # aware, UTC
    duration_min: int
    timezone: str
    location: str | None = None
    status: str
    uid: str
    sequence: int
    panel: tuple[MemberRef, ...] = ()
    # The round's focus attributes (empty when the round was removed): what a scorecard rates.
    attributes: tuple[str, ...] = ()
    # The round's questions / prep notes (empty when the round was removed): the invite's description.
    questions: tuple[str, ...] = ()

    @property
    def ends_at(self) -> datetime:
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_min)


class Conflict(Record):
    """A panel member already booked at an overlapping time."""

    member: MemberRef
    interview_id: int
    person: str
    job: str
    starts_at: datetime
    duration_min: int


class ScheduleResult(Record):
    """What scheduling or rescheduling did: the interview, the conflicts it overlaps, and whether its start
    is in the past (accepted: recording an interview that already took place)."""

    interview: InterviewRecord
    conflicts: tuple[Conflict, ...] = ()
    in_past: bool = False


class RatingRecord(Record):
    attribute: str
    rating: str | None = None  # a Rating word, None: not rated
    note: str | None = None


class ScorecardRecord(Record):
    id: int
    interview_id: int
    application_id: int
    round_name: str
    author: MemberRef
    status: str
    overall: str | None = None  # a Recommendation word; None: no decision
    takeaways: str | None = None
    ratings: tuple[RatingRecord, ...] = ()
    submitted_at: datetime | None = None
    updated_at: datetime


class ScorecardView(Record):
    """An application's scorecards as one viewer may see them: `hidden` counts the submitted scorecards of
    others kept from an interviewer until they submit their own."""

    scorecards: tuple[ScorecardRecord, ...] = ()
    hidden: int = 0
    expected: int = 0
    submitted: int = 0


class DueScorecard(Record):
    """A completed interview (start passed) whose scorecard from this author is missing or still a draft."""

    interview: InterviewRecord
    scorecard_id: int | None = None  # the draft, when one exists


class ApprovalRecord(Record):
    approver: MemberRef
    version: int
    decision: str  # ApprovalDecision word
    comment: str | None = None
    decided_at: datetime | None = None


class OfferTerms(Record):
    """What a user fills in for an offer (one version's terms)."""

    job_title: str
    salary: Decimal
    currency: str
    start_date: date | None = None
    expires_on: date | None = None
    terms: str | None = None
    notes: str | None = None


class OfferVersionRecord(Record):
    version: int
    terms: OfferTerms
    created_at: datetime


class OfferRecord(Record):
    id: int
    application_id: int
    candidate_id: int
    person: str
    job_id: int
    job: str
    version: int
    status: str
    terms: OfferTerms
    decline_reason: str | None = None
    approvals: tuple[ApprovalRecord, ...] = ()  # of the current version
    past_approvals: tuple[ApprovalRecord, ...] = ()  # of earlier versions, kept as they were decided
    versions: tuple[OfferVersionRecord, ...] = ()  # every version, oldest first
    sent_at: datetime | None = None
    resolved_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class HiringEventRecord(Record):
    id: int
    application_id: int | None
    subject: str
    subject_id: int
    action: str
    detail: str | None = None
    at: datetime
    actor: str | None = None


class CardHiring(Record):
    """What a board card shows of an application's interviews, scorecards and offer."""

    application_id: int
    next_interview_at: datetime | None = None
    scorecards_submitted: int = 0
    scorecards_expected: int = 0
    offer_status: str | None = None  # the newest offer's status (declined shows too)


class TodayView(Record):
    """The Today screen for one member: their interviews today and this week, scorecards due, approvals."""

    member: MemberRef | None
    interviews_today: tuple[InterviewRecord, ...] = ()
    interviews_week: tuple[InterviewRecord, ...] = ()
    scorecards_due: tuple[DueScorecard, ...] = ()
    approvals_waiting: tuple[OfferRecord, ...] = ()
