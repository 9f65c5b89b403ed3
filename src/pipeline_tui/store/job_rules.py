"""The rules a job and its stages keep, checked in the store so the CLI, the TUI and tests get one answer.

A job's title is unique (any case) among jobs that are not filled or closed; its headcount is at least one;
its stages have unique names, at least one active stage and exactly one hired stage. Only an open job takes
new applicants. Every change to a job's status or stages writes one job_event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, JobNotOpen, NotFound, RuleViolation
from pipeline_tui.core.pipeline_templates import DEFAULT_TEMPLATE, TEMPLATES
from pipeline_tui.core.suggestions import unknown
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import (
    EMPLOYMENT_TYPES,
    ENDED_JOB_STATUSES,
    JOB_STATUSES,
    EmploymentType,
    JobEventAction,
    JobStatus,
    StageKind,
)
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Job, JobEvent, Stage


def parse_status(text: str) -> JobStatus:
    status = JobStatus.parse(str(text))
    if status is None:
        shown = ", ".join(s.replace("_", "-") for s in JOB_STATUSES)
        raise InvalidInput(f"unknown job status {text!r}: use one of {shown}")
    return status


def parse_kind(text: str) -> StageKind:
    kind = StageKind.parse(str(text))
    if kind is None:
        raise InvalidInput(f"unknown stage kind {text!r}: use active, offer or hired")
    return kind


def parse_employment(text: str | None) -> EmploymentType | None:
    if text is None or not str(text).strip():
        return None
    found = EmploymentType.parse(str(text))
    if found is None:
        shown = ", ".join(e.replace("_", "-") for e in EMPLOYMENT_TYPES)
        raise InvalidInput(f"unknown employment type {text!r}: use one of {shown}")
    return found


def clean_title(title: str | None) -> str:
    clean = clean_text(title)
    if not clean:
        raise InvalidInput("a job needs a title")
    return clean


def check_headcount(headcount: object) -> int:
    if isinstance(headcount, bool) or not isinstance(headcount, int) or headcount < 1:
        raise InvalidInput(f"headcount must be a whole number of at least 1 (got {headcount!r})")
    return headcount


def check_title_free(s: Session, title: str, *, status: str, except_id: int | None = None) -> None:
    """A title is taken when another job that is not filled or closed has it (any case)."""
    if status in ENDED_JOB_STATUSES:
        return
    q = select(Job.title, Job.status).where(
        func.lower(Job.title) == title.lower(), Job.status.not_in(ENDED_JOB_STATUSES)
    )
    if except_id is not None:
        q = q.where(Job.id != except_id)
    taken = s.execute(q.limit(1)).first()
    if taken is not None:
        raise RuleViolation(
            f"a job titled \u2018{taken.title}\u2019 is already {JobStatus(taken.status).label}: "
            "titles are unique among jobs that are not filled or closed"
        )


def check_stages(stages: Sequence[tuple[str, str]]) -> list[tuple[str, StageKind]]:
    """Clean names and kinds, refusing a pipeline the rules would not allow."""
    cleaned: list[tuple[str, StageKind]] = []
    seen: set[str] = set()
    for name, kind in stages:
        clean = clean_text(name)
        if not clean:
            raise InvalidInput("a stage needs a name")
        if clean.lower() in seen:
            raise RuleViolation(f"two stages are named \u2018{clean}\u2019: stage names are unique in a job")
        seen.add(clean.lower())
        cleaned.append((clean, parse_kind(kind)))
    check_kinds([k for _, k in cleaned])
    return cleaned


def check_kinds(kinds: Sequence[str]) -> None:
    if not any(k == StageKind.ACTIVE for k in kinds):
        raise RuleViolation("a job needs at least one active stage")
    hired = sum(1 for k in kinds if k == StageKind.HIRED)
    if hired != 1:
        raise RuleViolation(f"a job needs exactly one hired stage (this would have {hired})")


def stages_for_new_job(
    s: Session,
    stages: Sequence[tuple[str, str]] | None,
    template: str | None,
    copy_stages_from: int | None,
) -> list[tuple[str, StageKind]]:
    """The new job's stages: given, from a template, copied from a job, else the default template."""
    if sum(x is not None for x in (stages, template, copy_stages_from)) > 1:
        raise InvalidInput("give stages, a template or a job to copy stages from, not several")
    if copy_stages_from is not None:
        source = job_row(s, copy_stages_from)
        return check_stages([(st.name, st.kind) for st in ordered_stages(s, source.id)])
    if stages is not None:
        return check_stages(stages)
    name = (template or DEFAULT_TEMPLATE).strip().lower()
    if name not in TEMPLATES:
        raise NotFound(unknown("no pipeline template named", template or "", sorted(TEMPLATES)))
    return check_stages(TEMPLATES[name])


def require_open(bind: Session | Connection, job_id: int) -> str:
    """Only open jobs take new applicants: the form, import and hand-off all ask here first. The job's
    title (what their change-log entries say)."""
    row = bind.execute(select(Job.title, Job.status).where(Job.id == job_id)).first()
    if row is None:
        raise NotFound(f"no job #{job_id}")
    if row.status != JobStatus.OPEN:
        raise JobNotOpen(row.title, row.status)
    return row.title


def record_job_event(
    db: Database, s: Session, job_id: int, action: JobEventAction, detail: str | None
) -> None:
    """One line of the job's history, in the change's own transaction, by the current user."""
    actor = actor_of(db, s)
    s.execute(
        insert(JobEvent).values(
            job_id=job_id, at=utcnow(), actor_id=actor.id, actor=actor.name, action=action, detail=detail
        )
    )


def job_row(s: Session, job_id: int) -> Job:
    return _row(s, Job, job_id)


def stage_row(s: Session, stage_id: int) -> Stage:
    return _row(s, Stage, stage_id)


def _row(s: Session, model: type[Job] | type[Stage], row_id: int):
    row = s.get(model, row_id)
    if row is None:
        raise NotFound(f"no {model.__tablename__} #{row_id}")
    return row


def ordered_stages(s: Session, job_id: int) -> list[Stage]:
    return list(s.scalars(select(Stage).where(Stage.job_id == job_id).order_by(Stage.position, Stage.id)))


def renumber(stages: list[Stage]) -> None:
    for i, st in enumerate(stages):
        st.position = i
