"""SQLAlchemy tables. One person is one `candidate` row, whether a prospect in a pool or an applicant in a job.

These ORM classes never leave `store/`: repositories turn them into the frozen records of `records.py`.
Every index here serves a query a screen or report makes; the comment beside it says which.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.vocabulary import (  # noqa: F401 - re-exported for the schema and its users
    ACTIVITY_KINDS,
    APPLICATION_STATUSES,
    EMPLOYMENT_TYPES,
    EVENT_ACTIONS,
    JOB_EVENT_ACTIONS,
    JOB_STATUSES,
    POOL_STATUSES,
    REASON_CATEGORIES,
    STAGE_KINDS,
    TEAM_ROLES,
)


def _one_of(column: str, words: tuple[str, ...]) -> str:
    """A CHECK constraint's condition: the column holds one of the vocabulary's words."""
    return f"{column} IN ({','.join(repr(str(w)) for w in words)})"


# Partial indexes of migration 0010 (the reports): members still new, handed-off applications, undo events.
NEW_MEMBER = "status = 'new'"
HANDED_OFF = "origin_pool_id IS NOT NULL"
UNDO = "undoes_event_id IS NOT NULL"
REOPEN = "action = 'reopen'"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Candidate(Base):
    __tablename__ = "candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Stored normalised (trimmed, lower-case); unique when present so duplicates are caught at the door.
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(200))
    current_title: Mapped[str | None] = mapped_column(String(200))
    current_company: Mapped[str | None] = mapped_column(String(200))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    github_url: Mapped[str | None] = mapped_column(String(500))
    website_url: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[str | None] = mapped_column(Text)
    consent_status: Mapped[str] = mapped_column(String(20), default="unknown")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # How consent was given or withdrawn ("e-mail reply", "form on careers page"), from migration 0005.
    consent_method: Mapped[str | None] = mapped_column(String(200))
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_contacted_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        # Possible-duplicate hint on add: same name at the same company.
        Index("ix_candidate_name_company", "full_name", "current_company"),
        # "Not contacted in 90 days" segment.
        Index("ix_candidate_last_contacted", "last_contacted_at"),
        # Talent-pool browser: sort "All candidates" by any column without sorting a million rows
        # (created in migration 0002_search).
        Index("ix_candidate_name", "full_name"),
        Index("ix_candidate_title", "current_title"),
        Index("ix_candidate_company", "current_company"),
        Index("ix_candidate_location", "location"),
        Index("ix_candidate_source", "source"),
        Index("ix_candidate_created", "created_at"),
        CheckConstraint("consent_status IN ('unknown','given','refused','withdrawn')", name="consent"),
    )


class TeamMember(Base):
    """Someone who works in the app (migration 0006): who made each change, and a job's hiring team."""

    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased; unique when present (members made from old free-text names have none).
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        # The current user matched by name, and "unknown user" suggestions.
        Index("ix_team_member_name", "name"),
        CheckConstraint(_one_of("role", TEAM_ROLES), name="role"),
    )


def _member_fk() -> ForeignKey:
    return ForeignKey("team_member.id", ondelete="SET NULL")


class Job(Base):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    department: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")
    employment_type: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    hiring_manager_id: Mapped[int | None] = mapped_column(_member_fk())
    recruiter_id: Mapped[int | None] = mapped_column(_member_fk())
    coordinator_id: Mapped[int | None] = mapped_column(_member_fk())
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    stages: Mapped[list[Stage]] = relationship(
        back_populates="job", order_by="Stage.position", cascade="all, delete-orphan"
    )
    # Joined when a job is loaded, so a JobRecord carries the team's names after its session has closed.
    hiring_manager_member: Mapped[TeamMember | None] = relationship(
        foreign_keys=[hiring_manager_id], lazy="joined"
    )
    recruiter_member: Mapped[TeamMember | None] = relationship(foreign_keys=[recruiter_id], lazy="joined")
    coordinator_member: Mapped[TeamMember | None] = relationship(foreign_keys=[coordinator_id], lazy="joined")

    @property
    def hiring_manager(self) -> str | None:
        return self.hiring_manager_member.name if self.hiring_manager_member else None

    @property
    def recruiter(self) -> str | None:
        return self.recruiter_member.name if self.recruiter_member else None

    @property
    def coordinator(self) -> str | None:
        return self.coordinator_member.name if self.coordinator_member else None

    __table_args__ = (
        CheckConstraint(_one_of("status", JOB_STATUSES), name="status"),
        CheckConstraint("headcount >= 1", name="headcount"),
        CheckConstraint(_one_of("employment_type", EMPLOYMENT_TYPES), name="employment_type"),
        # "My jobs": the jobs a member is on the team of.
        Index("ix_job_hiring_manager", "hiring_manager_id"),
        Index("ix_job_recruiter", "recruiter_id"),
        Index("ix_job_coordinator", "coordinator_id"),
    )


class JobInterviewer(Base):
    __tablename__ = "job_interviewer"

    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    team_member_id: Mapped[int] = mapped_column(
        ForeignKey("team_member.id", ondelete="CASCADE"), primary_key=True
    )

    # "My jobs" for an interviewer.
    __table_args__ = (Index("ix_job_interviewer_member", "team_member_id", "job_id"),)


class JobEvent(Base):
    """A job's own history: created, edited, each status change and each change to its stages."""

    __tablename__ = "job_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    # The name as it was, as on stage_event: history reads true after a member is renamed.
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_job_event_job", "job_id", "id"),
        CheckConstraint(_one_of("action", JOB_EVENT_ACTIONS), name="action"),
    )


class Stage(Base):
    __tablename__ = "stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))

    job: Mapped[Job] = relationship(back_populates="stages")

    __table_args__ = (
        # The board's columns, in order.
        Index("ix_stage_job_position", "job_id", "position"),
        CheckConstraint(_one_of("kind", STAGE_KINDS), name="kind"),
    )


class RejectionReason(Base):
    __tablename__ = "rejection_reason"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("category IN ('rejected','withdrew')", name="category"),)


class Pool(Base):
    __tablename__ = "pool"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Application(Base):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    rejection_reason_id: Mapped[int | None] = mapped_column(ForeignKey("rejection_reason.id"))
    rejection_note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    # Set when a sourcer handed the person over from a pool: the CRM-to-ATS journey.
    origin_pool_id: Mapped[int | None] = mapped_column(ForeignKey("pool.id", ondelete="SET NULL"))
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    rating: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("candidate_id", "job_id", name="uq_application_candidate_job"),
        # Board: a job's applicants by status and stage.
        Index("ix_application_job_status_stage", "job_id", "status", "stage_id"),
        # Stage removal and counts per stage.
        Index("ix_application_stage", "stage_id"),
        # Past finalists and a person's other applications.
        Index("ix_application_status_candidate", "status", "candidate_id"),
        # A pool's handoffs (the pool journey), without a pass over every application.
        Index(
            "ix_application_origin_pool",
            "origin_pool_id",
            "candidate_id",
            sqlite_where=text(HANDED_OFF),
            postgresql_where=text(HANDED_OFF),
        ),
        CheckConstraint("status IN ('active','rejected','hired','withdrawn')", name="status"),
        CheckConstraint("rating BETWEEN 0 AND 3", name="rating"),
    )


class StageEvent(Base):
    """Append-only log of every pipeline change: history, undo, time in stage and funnel come from here."""

    __tablename__ = "stage_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("stage.id", ondelete="SET NULL"))
    to_stage_id: Mapped[int | None] = mapped_column(ForeignKey("stage.id", ondelete="SET NULL"))
    # Stage names are copied so history reads true after a stage is renamed or removed.
    from_stage_name: Mapped[str | None] = mapped_column(String(100))
    to_stage_name: Mapped[str | None] = mapped_column(String(100))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    reason_id: Mapped[int | None] = mapped_column(ForeignKey("rejection_reason.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # What undo restores: when the application had entered the stage it is leaving.
    prev_stage_entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    undoes_event_id: Mapped[int | None] = mapped_column(ForeignKey("stage_event.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Who (migration 0006); `actor` keeps the name they had, for history.
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))
    # The accepted offer a hire came from (migration 0008).
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id", ondelete="SET NULL"))

    __table_args__ = (
        # An application's history in order; action and stage too, so the funnel's and rejection reasons'
        # pass over each application's events reads the index, not the table (migration 0010).
        Index("ix_stage_event_application", "application_id", "id", "action", "to_stage_id", "to_status"),
        # Time in stage: an application's reopens (a reopen starts a new stay), without a scan of the log.
        Index(
            "ix_stage_event_reopen",
            "application_id",
            "id",
            sqlite_where=text(REOPEN),
            postgresql_where=text(REOPEN),
        ),
        # Funnel and time-in-stage reports.
        Index("ix_stage_event_to_stage", "to_stage_id", "at"),
        # Was this change undone? The undo of an event, as one probe (the reports read history without
        # undone changes).
        Index(
            "ix_stage_event_undoes", "undoes_event_id", sqlite_where=text(UNDO), postgresql_where=text(UNDO)
        ),
        CheckConstraint(
            "action IN ('applied','move','reject','hire','withdraw','reopen','undo','handoff')", name="action"
        ),
    )


class PoolMember(Base):
    __tablename__ = "pool_member"

    pool_id: Mapped[int] = mapped_column(ForeignKey("pool.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="new")

    __table_args__ = (
        # A pool's members by status and by when they were added (first page of a pool); with added_at,
        # the pool journey's counts per status in a date range come from the index alone (migration 0010).
        Index("ix_pool_member_pool_status", "pool_id", "status", "added_at"),
        Index("ix_pool_member_pool_added", "pool_id", "added_at"),
        # The journey's members still new, in person order: its "touched since joining?" probes of
        # ix_activity_candidate_at then go in key order, not at random (1,000,000 members: 2 s -> 0.2 s).
        Index(
            "ix_pool_member_new",
            "candidate_id",
            "added_at",
            "pool_id",
            "status",
            sqlite_where=text(NEW_MEMBER),
            postgresql_where=text(NEW_MEMBER),
        ),
        # A person's pools.
        Index("ix_pool_member_candidate", "candidate_id"),
        CheckConstraint(
            "status IN ('new','contacted','engaged','not_interested','converted')", name="status"
        ),
    )


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Lower-cased, trimmed form: tags are unique case-insensitively.
    name_key: Mapped[str] = mapped_column(String(100), unique=True)


class CandidateTag(Base):
    __tablename__ = "candidate_tag"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)

    # Primary key (candidate_id, tag_id) serves "tags of a candidate"; this one serves "candidates with a tag".
    __table_args__ = (Index("ix_candidate_tag_tag", "tag_id", "candidate_id"),)


class Activity(Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_activity_candidate_at", "candidate_id", "at"),
        # Migration 0003 widened it with the LinkedIn, text and other touches.
        CheckConstraint("kind IN ('note','email','call','meeting','linkedin','text','other')", name="kind"),
    )


class CandidateFile(Base):
    """A CV, a portfolio or any file attached to a person: the bytes live in the database (migration 0005), so
    a shared PostgreSQL carries them to every recruiter; erasure deletes the rows."""

    __tablename__ = "candidate_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str | None] = mapped_column(String(200))

    # The person screen's list of a person's files.
    __table_args__ = (Index("ix_candidate_file_candidate", "candidate_id", "added_at"),)


# Identities that belong to one person only (every kind but phone): the unique index covers these rows.
UNIQUE_IDENTITY = "kind <> 'phone'"
PHONE_IDENTITY = "kind = 'phone'"


class Identity(Base):
    """One e-mail, phone or profile URL of a person: canonical `value` to match on, `display` as typed.

    The primary identity of each kind is also kept on the candidate row (email, phone, linkedin_url, ...) for
    lists, search and exports; store/identities.py is the one code path that writes both."""

    __tablename__ = "identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    display: Mapped[str] = mapped_column(String(500))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        # Every door: "who has this address or profile?" -- and each belongs to one person only. Lookups
        # repeat the index's condition (`kind <> 'phone'`) so SQLite's planner can use it.
        Index(
            "uq_identity_kind_value",
            "kind",
            "value",
            unique=True,
            sqlite_where=text(UNIQUE_IDENTITY),
            postgresql_where=text(UNIQUE_IDENTITY),
        ),
        # Possible duplicates: people who share a phone (never refused).
        Index(
            "ix_identity_phone",
            "value",
            sqlite_where=text(PHONE_IDENTITY),
            postgresql_where=text(PHONE_IDENTITY),
        ),
        # A person's identities (the person screen, merge, erase).
        Index("ix_identity_candidate", "candidate_id", "kind"),
        CheckConstraint("kind IN ('email','phone','linkedin','github','website')", name="kind"),
    )


# The structured ATS's tables share this metadata (imported last: they refer to Base and the tables above).
from pipeline_tui.store import change_tables, hiring_tables, nurture_tables  # noqa: E402,F401
