"""Tables of the structured ATS (migration 0008): the interview plan, interviews and their panels, scorecards,
offers with their versions and approvals, and hiring_event, the history of every change to them.

Times are naive UTC like every other column; `interview.timezone` keeps the zone the time was given in, for
the calendar invite. Imported at the end of models.py, so one `Base.metadata` holds every table.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.hiring_vocabulary import (
    APPROVAL_DECISIONS,
    HIRING_ACTIONS,
    HIRING_SUBJECTS,
    INTERVIEW_STATUSES,
    LIVE_OFFER_STATUSES,
    OFFER_STATUSES,
    RATINGS,
    RECOMMENDATIONS,
    SCORECARD_STATUSES,
)
from pipeline_tui.store.models import Base, _member_fk, _one_of

# The partial unique index "one live offer per application" (SQLite and PostgreSQL both take it).
LIVE_OFFER = "status IN (" + ",".join(repr(str(s)) for s in LIVE_OFFER_STATUSES) + ")"


def _member() -> ForeignKey:
    """A reference to a team member that must stay (members are deactivated, never deleted)."""
    return ForeignKey("team_member.id")


class InterviewRound(Base):
    """One round of a job's interview plan, in a stage: what it is called, how long, what to rate."""

    __tablename__ = "interview_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    duration_min: Mapped[int] = mapped_column(Integer, default=45)
    # JSON lists of strings: the focus attributes to rate, and the questions / prep notes.
    attributes: Mapped[str] = mapped_column(Text, default="[]")
    questions: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        # `--round NAME` names one round of a job; the plan in order.
        UniqueConstraint("job_id", "name", name="uq_interview_round_job_name"),
        Index("ix_interview_round_stage", "stage_id", "position"),
        CheckConstraint("duration_min BETWEEN 5 AND 1440", name="duration"),
    )


class Interview(Base):
    __tablename__ = "interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("interview_round.id", ondelete="SET NULL"))
    # Copied so the interview reads true after its round is renamed or removed (as stage names are).
    round_name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    duration_min: Mapped[int] = mapped_column(Integer)
    # The IANA zone the time was given in ("Europe/Berlin"): the invite's TZID.
    timezone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # The calendar invite's UID (stable for the interview's life) and SEQUENCE (+1 on each reschedule/cancel).
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        # An application's interviews in time order; the board's "next interview".
        Index("ix_interview_application", "application_id", "starts_at"),
        # Today, calendar ranges and interviewer conflicts.
        Index("ix_interview_starts", "starts_at"),
        CheckConstraint(_one_of("status", INTERVIEW_STATUSES), name="status"),
        CheckConstraint("duration_min BETWEEN 5 AND 1440", name="duration"),
    )


class InterviewPanelist(Base):
    __tablename__ = "interview_panelist"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True
    )
    team_member_id: Mapped[int] = mapped_column(_member(), primary_key=True)

    # A member's interviews (Today, conflicts, their calendar).
    __table_args__ = (Index("ix_interview_panelist_member", "team_member_id", "interview_id"),)


class Scorecard(Base):
    """One panel member's feedback on one interview: draft until submitted; only submitted ones count."""

    __tablename__ = "scorecard"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    # Copied from the interview: an application's scorecards without a join (detail screen, board counts).
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(_member())
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # NULL: "no decision".
    overall: Mapped[str | None] = mapped_column(String(20))
    takeaways: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("interview_id", "author_id", name="uq_scorecard_interview_author"),
        Index("ix_scorecard_application", "application_id", "status"),
        # "Scorecards due" for an author.
        Index("ix_scorecard_author", "author_id", "status"),
        CheckConstraint(_one_of("status", SCORECARD_STATUSES), name="status"),
        CheckConstraint(_one_of("overall", RECOMMENDATIONS), name="overall"),
    )


class ScorecardRating(Base):
    """A focus attribute's rating (NULL: not rated) and note on one scorecard."""

    __tablename__ = "scorecard_rating"

    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard.id", ondelete="CASCADE"), primary_key=True
    )
    attribute: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint(_one_of("rating", RATINGS), name="rating"),)


class Offer(Base):
    """An application's offer; its terms here are the current version's (every version is in offer_version)."""

    __tablename__ = "offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    job_title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    salary: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    # Bonus, equity and other terms, as free text.
    terms: Mapped[str | None] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(_member_fk())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_offer_application", "application_id", "id"),
        # One live offer per application: a second one is refused by the database too.
        Index(
            "uq_offer_live_application",
            "application_id",
            unique=True,
            sqlite_where=text(LIVE_OFFER),
            postgresql_where=text(LIVE_OFFER),
        ),
        # Offers past their expiry, and reports by status.
        Index("ix_offer_status_expires", "status", "expires_on"),
        CheckConstraint(_one_of("status", OFFER_STATUSES), name="status"),
        CheckConstraint("salary >= 0", name="salary"),
    )


class OfferVersion(Base):
    """The terms of one version of an offer, kept when an approved offer is edited."""

    __tablename__ = "offer_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    job_title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    salary: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    terms: Mapped[str | None] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())

    __table_args__ = (UniqueConstraint("offer_id", "version", name="uq_offer_version_offer_version"),)


class OfferApproval(Base):
    """One approver's decision on one version of an offer."""

    __tablename__ = "offer_approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    approver_id: Mapped[int] = mapped_column(_member())
    position: Mapped[int] = mapped_column(Integer, default=0)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("offer_id", "version", "approver_id", name="uq_offer_approval_offer_version"),
        # "Offers waiting for my approval".
        Index("ix_offer_approval_approver", "approver_id", "decision"),
        CheckConstraint(_one_of("decision", APPROVAL_DECISIONS), name="decision"),
    )


class HiringEvent(Base):
    """Append-only history of interviews, scorecards and offers: who changed what, and when."""

    __tablename__ = "hiring_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for a change to a job's interview plan (subject 'round'), which belongs to no application.
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_hiring_event_application", "application_id", "id"),
        Index("ix_hiring_event_subject", "subject", "subject_id", "id"),
        CheckConstraint(_one_of("subject", HIRING_SUBJECTS), name="subject"),
        CheckConstraint(_one_of("action", HIRING_ACTIONS), name="action"),
    )
