"""A job's status: draft, open, on hold, filled, closed, and reopening. One transaction each, with its
job_event; closing or filling a job with active applicants keeps them or rejects them all, as asked."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import ActiveApplicants, InvalidInput, RuleViolation
from pipeline_tui.core.records import JobRecord, StatusChange
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import (
    ENDED_JOB_STATUSES,
    JOB_TRANSITIONS,
    ApplicationStatus,
    EventAction,
    JobEventAction,
    JobStatus,
    ReasonCategory,
)
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.job_changes import note_applications, note_job_change
from pipeline_tui.store.job_rules import check_title_free, job_row, parse_status, record_job_event
from pipeline_tui.store.models import Application, Job, RejectionReason, Stage, StageEvent

ActiveChoice = Literal["refuse", "keep", "reject"]
DEFAULT_CLOSING_REASON = "Position closed"


class JobStatusChanges:
    """The status half of JobRepository."""

    _db: Database

    def set_status(
        self, job_id: int, status: str, *, active: ActiveChoice = "refuse", reason: str | None = None
    ) -> StatusChange:
        """Move a job along draft -> open -> on hold / filled / closed, or reopen it.

        Filling or closing a job that has active applicants needs `active`: "keep" leaves them, "reject"
        rejects every one with `reason` (created as a rejection reason when new), all in this transaction."""
        target = parse_status(status)
        if active not in ("refuse", "keep", "reject"):
            raise InvalidInput(f"active applicants are kept, rejected or refused, not {active!r}")
        with self._db.transaction() as s:
            job = job_row(s, job_id)
            current = JobStatus(job.status)
            _check_transition(job, current, target)
            rejected = 0
            if target in ENDED_JOB_STATUSES:
                waiting = _active_count(s, job_id)
                if waiting and active == "refuse":
                    raise ActiveApplicants(job.title, target, waiting)
                if waiting and active == "reject":
                    rejected = self._reject_all(s, job_id, reason)
            elif current in ENDED_JOB_STATUSES:
                # Reopening: its title must be free again among the jobs still running.
                check_title_free(s, job.title, status=target, except_id=job.id)
            now = utcnow()
            job.status = target
            if target == JobStatus.OPEN:
                job.opened_at = job.opened_at or now
                job.closed_at = None
            elif target in ENDED_JOB_STATUSES:
                job.closed_at = now
            detail = f"{current.label} \u2192 {target.label}"
            if rejected:
                detail += f" ({rejected} active applicant{'s' if rejected != 1 else ''} rejected)"
            record_job_event(self._db, s, job.id, JobEventAction.STATUS, detail)
            note_job_change(s, job.id, ChangeKind.JOB_STATUS, target.label)
            s.flush()
            return StatusChange(job=JobRecord.model_validate(job), previous=current, rejected=rejected)

    def _reject_all(self, s: Session, job_id: int, reason: str | None) -> int:
        """Every active application of the job rejected with `reason`: a 'reject' event each."""
        reason_id = _reason_id(s, reason)
        actor = actor_of(self._db, s)
        now = utcnow()
        rows = s.execute(
            select(
                Application.id,
                Application.stage_id,
                Stage.name,
                Application.stage_entered_at,
                Application.candidate_id,
            )
            .join(Stage, Stage.id == Application.stage_id)
            .where(Application.job_id == job_id, Application.status == ApplicationStatus.ACTIVE)
        ).all()
        if not rows:
            return 0
        s.execute(
            insert(StageEvent),
            [
                {
                    "application_id": app_id,
                    "from_stage_id": stage_id,
                    "to_stage_id": stage_id,
                    "from_stage_name": stage_name,
                    "to_stage_name": stage_name,
                    "from_status": ApplicationStatus.ACTIVE,
                    "to_status": ApplicationStatus.REJECTED,
                    "action": EventAction.REJECT,
                    "reason_id": reason_id,
                    "prev_stage_entered_at": entered,
                    "at": now,
                    "actor": actor.name,
                    "actor_id": actor.id,
                }
                for app_id, stage_id, stage_name, entered, _ in rows
            ],
        )
        s.execute(
            update(Application)
            .where(Application.id.in_([r[0] for r in rows]))
            .values(
                status=ApplicationStatus.REJECTED,
                rejection_reason_id=reason_id,
                rejection_note=None,
                version=Application.version + 1,
                updated_at=now,
            )
        )
        reason_name = s.scalar(select(RejectionReason.name).where(RejectionReason.id == reason_id))
        note_applications(s, ChangeKind.REJECTED, job_id, reason_name, [(r[0], r[4]) for r in rows])
        return len(rows)


def _check_transition(job: Job, current: JobStatus, target: JobStatus) -> None:
    if current == target:
        raise RuleViolation(f"\u2018{job.title}\u2019 is already {target.label}")
    if target not in JOB_TRANSITIONS[current]:
        allowed = " or ".join(t.label for t in JOB_TRANSITIONS[current])
        raise RuleViolation(
            f"\u2018{job.title}\u2019 cannot go from {current.label} to {target.label} (from {current.label} "
            f"it can go to {allowed})"
        )


def _active_count(s: Session, job_id: int) -> int:
    q = select(func.count()).where(
        Application.job_id == job_id, Application.status == ApplicationStatus.ACTIVE
    )
    return int(s.scalar(q) or 0)


def _reason_id(s: Session, reason: str | None) -> int:
    """The rejection reason named `reason` (any case), made when it is new."""
    name = clean_text(reason) or DEFAULT_CLOSING_REASON
    found = s.scalar(select(RejectionReason.id).where(func.lower(RejectionReason.name) == name.lower()))
    if found is not None:
        return found
    last = s.scalar(select(func.max(RejectionReason.position))) or 0
    row = RejectionReason(name=name, category=ReasonCategory.REJECTED, position=last + 1)
    s.add(row)
    s.flush()
    return row.id
