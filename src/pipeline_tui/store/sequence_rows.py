"""A sequence draft checked before anything is written, and sequence rows read back as records.

Every rule of a draft is checked here, in full, before the first statement: a bad step is one InvalidInput
naming the step (and, for a template, the line and column), and nothing of the draft is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.message_templates import check_template
from pipeline_tui.core.nurture_records import SequenceDraft, SequenceRecord, StepDraft, StepRecord
from pipeline_tui.core.nurture_vocabulary import Channel, EnrollmentStatus
from pipeline_tui.core.suggestions import closest
from pipeline_tui.core.validation import clean_text
from pipeline_tui.store.nurture_tables import Enrollment, SequenceStep
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow

MAX_NAME = 200
MAX_STEPS = 20
CHANNEL_WORDS = "email, linkedin, call or other"


@dataclass(frozen=True)
class CheckedStep:
    position: int
    channel: Channel
    wait_days: int
    business_days: bool
    subject: str | None
    body: str | None

    def values(self) -> dict[str, object]:
        return {
            "position": self.position,
            "channel": str(self.channel),
            "wait_days": self.wait_days,
            "business_days": self.business_days,
            "subject": self.subject,
            "body": self.body,
        }


@dataclass(frozen=True)
class CheckedDraft:
    name: str
    description: str | None
    steps: tuple[CheckedStep, ...]


def checked_draft(draft: SequenceDraft) -> CheckedDraft:
    """The draft cleaned, or the first thing wrong with it as one InvalidInput."""
    name = clean_text(draft.name)
    if not name:
        raise InvalidInput("a sequence needs a name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a sequence name is at most {MAX_NAME} characters")
    if not draft.steps:
        raise InvalidInput("a sequence needs at least one step")
    if len(draft.steps) > MAX_STEPS:
        raise InvalidInput(f"a sequence has at most {MAX_STEPS} steps, not {len(draft.steps)}")
    steps = tuple(_checked_step(n, step) for n, step in enumerate(draft.steps, start=1))
    return CheckedDraft(name, clean_text(draft.description, multiline=True), steps)


def _checked_step(n: int, step: StepDraft) -> CheckedStep:
    channel = Channel.parse(str(step.channel or ""))
    if channel is None:
        raise InvalidInput(f"unknown channel {step.channel!r} in step {n}: use {CHANNEL_WORDS}")
    if isinstance(step.wait_days, bool) or not isinstance(step.wait_days, int):
        raise InvalidInput(f"step {n}: the wait is a whole number of days")
    if step.wait_days < 0:
        raise InvalidInput(f"step {n}: the wait cannot be negative")
    subject = clean_text(step.subject)
    body = clean_text(step.body, multiline=True)
    if channel is Channel.EMAIL and not subject:
        raise InvalidInput(f"step {n}: an e-mail needs a subject")
    if channel is Channel.EMAIL and not body:
        raise InvalidInput(f"step {n}: an e-mail needs a body")
    if channel is Channel.LINKEDIN and not body:
        raise InvalidInput(f"step {n}: a LinkedIn message needs a body")
    check_template(subject, f"step {n} subject")
    check_template(body, f"step {n} body")
    return CheckedStep(n, channel, step.wait_days, bool(step.business_days), subject, body)


def refuse_taken_name(s: Session, name: str, except_id: int | None = None) -> None:
    """Names are unique whatever their case: `sequence show NAME` must name one sequence."""
    q = select(SequenceRow.id).where(func.lower(SequenceRow.name) == name.lower())
    if except_id is not None:
        q = q.where(SequenceRow.id != except_id)
    if s.scalar(q.limit(1)) is not None:
        raise InvalidInput(f"a sequence named {name!r} exists")


def sequence_row(s: Session, sequence_id: int) -> SequenceRow:
    row = s.get(SequenceRow, sequence_id)
    if row is None:
        raise NotFound(f"no sequence #{sequence_id}")
    return row


def sequence_named(s: Session, name: str) -> SequenceRow:
    """Case-insensitive exact; NotFound with "did you mean" when a name is close."""
    wanted = " ".join(str(name).split())
    row = s.scalar(select(SequenceRow).where(func.lower(SequenceRow.name) == wanted.lower()))
    if row is not None:
        return row
    message = f"no sequence named {wanted!r}"
    near = closest(wanted, list(s.scalars(select(SequenceRow.name))), limit=1)
    if near:
        message += f", did you mean {near[0]!r}?"
    raise NotFound(message)


def steps_of(s: Session, sequence_ids: Sequence[int]) -> dict[int, tuple[StepRecord, ...]]:
    found: dict[int, list[StepRecord]] = {i: [] for i in sequence_ids}
    if not sequence_ids:
        return {}
    rows = s.scalars(
        select(SequenceStep)
        .where(SequenceStep.sequence_id.in_(list(sequence_ids)))
        .order_by(SequenceStep.sequence_id, SequenceStep.position)
    )
    for row in rows:
        found[row.sequence_id].append(
            StepRecord(
                id=row.id,
                position=row.position,
                channel=row.channel,
                wait_days=row.wait_days,
                business_days=bool(row.business_days),
                subject=row.subject,
                body=row.body,
            )
        )
    return {k: tuple(v) for k, v in found.items()}


def enrollment_counts(s: Session, sequence_ids: Sequence[int] | None = None) -> dict[int, tuple[int, int]]:
    """sequence id -> (active now, ever enrolled), in one aggregate."""
    active = func.sum(case((Enrollment.status == str(EnrollmentStatus.ACTIVE), 1), else_=0))
    q = select(Enrollment.sequence_id, active, func.count()).group_by(Enrollment.sequence_id)
    if sequence_ids is not None:
        q = q.where(Enrollment.sequence_id.in_(list(sequence_ids)))
    return {sid: (int(a or 0), int(n or 0)) for sid, a, n in s.execute(q)}


def records_of(s: Session, rows: Sequence[SequenceRow]) -> list[SequenceRecord]:
    ids = [r.id for r in rows]
    steps = steps_of(s, ids)
    counts = enrollment_counts(s, ids)
    return [record_of(r, steps.get(r.id, ()), counts.get(r.id, (0, 0))) for r in rows]


def record_of(row: SequenceRow, steps: tuple[StepRecord, ...], counts: tuple[int, int]) -> SequenceRecord:
    return SequenceRecord(
        id=row.id,
        name=row.name,
        description=row.description,
        archived_at=row.archived_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        actor=row.actor,
        steps=steps,
        active=counts[0],
        enrolled=counts[1],
    )
