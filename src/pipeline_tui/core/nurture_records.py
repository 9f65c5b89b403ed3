"""Frozen records of nurture sequences: what the store hands to screens, the CLI and tests, and the step
drafts they hand back. Times are aware UTC; `due_on` is the local calendar day a touch is due."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from pipeline_tui.core.records import Record


class StepDraft(Record):
    """One step as a user writes it (the TOML file's `[[steps]]`, the sequence editor's step)."""

    channel: str  # a Channel word ("email", "linkedin", "call", "other"); "LinkedIn" is fine
    wait_days: int = 0
    business_days: bool = False
    subject: str | None = None
    body: str | None = None


class SequenceDraft(Record):
    name: str
    description: str | None = None
    steps: tuple[StepDraft, ...] = ()


class StepRecord(Record):
    id: int
    position: int  # 1, 2, 3: the `step` of a touch
    channel: str
    wait_days: int
    business_days: bool
    subject: str | None = None
    body: str | None = None


class SequenceRecord(Record):
    id: int
    name: str
    description: str | None = None
    archived_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    actor: str | None = None
    steps: tuple[StepRecord, ...] = ()
    # Counted when listed: people active in it now, and ever enrolled.
    active: int = 0
    enrolled: int = 0

    @property
    def has_email_steps(self) -> bool:
        return any(step.channel == "email" for step in self.steps)


class EnrollResult(Record):
    """What enrolling did: how many were enrolled, and the skipped counted per Ineligible reason."""

    sequence: str
    enrolled: int
    skipped: dict[str, int] = Field(default_factory=dict)  # Ineligible word -> count

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


class DueTouch(Record):
    """A touch in the due queue, its message rendered for the person with the step's current template."""

    id: int  # the touch's id: what `due done ID` names
    enrollment_id: int
    candidate_id: int
    person: str
    email: str | None = None
    sequence_id: int
    sequence: str
    step: int  # from 1
    steps: int  # how many steps the sequence has now
    channel: str
    due_on: date
    pool: str | None = None
    subject: str = ""
    body: str = ""
    # A template that no longer renders (it cannot happen to a checked one): the reason, and no message.
    problem: str | None = None
    # The placeholders the subject/body use that are empty for this person ("title", "company"): gaps.
    missing: tuple[str, ...] = ()


class TouchRecord(Record):
    """One touch of an enrollment, as history shows it."""

    id: int
    enrollment_id: int
    sequence: str
    step: int
    channel: str
    due_on: date
    status: str
    done_at: datetime | None = None
    delivery: str | None = None
    subject: str | None = None
    body: str | None = None
    actor: str | None = None


class TouchResult(Record):
    """What a queue action did: the touch as it ended, the one scheduled next (None: the enrollment ended),
    and the enrollment's status after it."""

    touch: TouchRecord
    next: TouchRecord | None = None
    enrollment_status: str
    stop_reason: str | None = None


class EnrollmentRecord(Record):
    """A person's enrollment: where they are in the sequence and when the next touch is due."""

    id: int
    candidate_id: int
    sequence_id: int
    sequence: str
    pool_id: int | None = None
    pool: str | None = None
    status: str
    stop_reason: str | None = None
    enrolled_at: datetime
    ended_at: datetime | None = None
    actor: str | None = None
    steps: int  # the sequence's steps now
    next_step: int | None = None  # the due touch's step (active enrollments)
    next_channel: str | None = None
    next_due_on: date | None = None
    touches: tuple[TouchRecord, ...] = ()


class StepStats(Record):
    step: int
    channel: str
    sent: int  # done (by hand or through SMTP)
    skipped: int
    replied: int
    opted_out: int
    due: int  # due now or scheduled at this step

    @property
    def reply_rate(self) -> float | None:
        """Replies per touch sent at this step (None when nothing was sent)."""
        return self.replied / self.sent if self.sent else None


class SequenceStats(Record):
    sequence: str
    enrolled: int
    active: int
    completed: int
    stopped: int
    steps: tuple[StepStats, ...] = ()
    replied_unsent: int = 0  # replies that came before any step was sent (counted against no step)
    opted_out_unsent: int = 0  # opt-outs likewise
