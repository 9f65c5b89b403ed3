"""Tables of nurture sequences (migration 0009): a sequence and its steps, each person's enrollment in one, and
every touch of an enrollment (one row a step: due, then done, skipped, replied, opted out or stopped).

A step is addressed by its position (1, 2, 3): a touch keeps the step number, the channel and, once done, the
subject and body as they were sent, so history reads true after the sequence is edited. Due dates are local
calendar days (`touch.due_on`, worked out in the user's zone), so a day is right across DST changes.
Imported at the end of models.py, so one `Base.metadata` holds every table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.nurture_vocabulary import (
    CHANNELS,
    DELIVERIES,
    ENROLLMENT_STATUSES,
    STOP_REASONS,
    TOUCH_STATUSES,
)
from pipeline_tui.store.models import Base, _member_fk, _one_of

# Partial unique indexes: one active enrollment per person, one due touch per enrollment.
ACTIVE_ENROLLMENT = "status = 'active'"
DUE_TOUCH = "status = 'due'"


class Sequence(Base):
    __tablename__ = "sequence"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique, archived ones included: `sequence show NAME` names one sequence for ever.
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))


class SequenceStep(Base):
    __tablename__ = "sequence_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    sequence_id: Mapped[int] = mapped_column(ForeignKey("sequence.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... (the `step` of a touch)
    channel: Mapped[str] = mapped_column(String(20))
    # Days after the previous step was done (the first step: after enrolment); business days skip Sat/Sun.
    wait_days: Mapped[int] = mapped_column(Integer, default=0)
    business_days: Mapped[bool] = mapped_column(Boolean, default=False)
    # Jinja2 templates (validated when saved); a call or other step may carry a note in `body`.
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("sequence_id", "position", name="uq_sequence_step_sequence_position"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint("wait_days >= 0", name="wait_days"),
        CheckConstraint("position >= 1", name="position"),
    )


class Enrollment(Base):
    __tablename__ = "enrollment"

    id: Mapped[int] = mapped_column(primary_key=True)
    sequence_id: Mapped[int] = mapped_column(ForeignKey("sequence.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    # The pool the person was enrolled from (its name is the `pool` placeholder; its status moves).
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("pool.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    stop_reason: Mapped[str | None] = mapped_column(String(20))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        # Eligibility "already active in a sequence", and the stops on apply / hand-over / erase.
        Index(
            "uq_enrollment_active_candidate",
            "candidate_id",
            unique=True,
            sqlite_where=text(ACTIVE_ENROLLMENT),
            postgresql_where=text(ACTIVE_ENROLLMENT),
        ),
        # A person's enrollments (person screen, history), and a sequence's (stats, archive).
        Index("ix_enrollment_candidate", "candidate_id", "enrolled_at"),
        Index("ix_enrollment_sequence_status", "sequence_id", "status"),
        CheckConstraint(_one_of("status", ENROLLMENT_STATUSES), name="status"),
        CheckConstraint(_one_of("stop_reason", STOP_REASONS), name="stop_reason"),
    )


class Touch(Base):
    __tablename__ = "touch"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)  # the step's position when it was scheduled
    channel: Mapped[str] = mapped_column(String(20))
    # The local calendar day it is due (in the user's zone); a snooze moves it.
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="due")
    done_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it left the queue (any outcome)
    delivery: Mapped[str | None] = mapped_column(String(20))
    # As sent (rendered) once done; NULL while due (the queue renders the step's current template).
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(_member_fk())
    actor: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        # The due queue's first page: due touches oldest first, without sorting them all.
        Index("ix_touch_status_due", "status", "due_on", "id"),
        # An enrollment's touches in order (history, stats per step).
        Index("ix_touch_enrollment", "enrollment_id", "step"),
        Index(
            "uq_touch_due_enrollment",
            "enrollment_id",
            unique=True,
            sqlite_where=text(DUE_TOUCH),
            postgresql_where=text(DUE_TOUCH),
        ),
        CheckConstraint(_one_of("status", TOUCH_STATUSES), name="status"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(_one_of("delivery", DELIVERIES), name="delivery"),
        CheckConstraint("step >= 1", name="step"),
    )
