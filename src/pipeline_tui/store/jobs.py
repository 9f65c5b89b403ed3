"""Jobs (requisitions) with their team and their ordered stages, the columns of the board.

The rules live in job_rules.py, the stage editor's operations in job_stages.py, status changes (with what
happens to active applicants) in job_status.py; this module creates, edits, finds and lists jobs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.pipeline_templates import TEMPLATES, plan_for
from pipeline_tui.core.records import (
    JobDetail,
    JobEventRecord,
    JobRecord,
    JobSummary,
    StageCount,
    StageRecord,
    TeamMemberRecord,
)
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import (
    CLOSED_STATUSES,
    ENDED_JOB_STATUSES,
    ApplicationStatus,
    JobEventAction,
    JobStatus,
)
from pipeline_tui.store.database import Database
from pipeline_tui.store.job_changes import note_job_change, note_job_edit
from pipeline_tui.store.job_rules import (
    check_headcount,
    check_title_free,
    clean_title,
    job_row,
    parse_employment,
    parse_status,
    record_job_event,
    require_open,
    stages_for_new_job,
)
from pipeline_tui.store.job_stages import JobStages
from pipeline_tui.store.job_status import JobStatusChanges
from pipeline_tui.store.models import Application, Job, JobEvent, JobInterviewer, Stage, TeamMember
from pipeline_tui.store.team import member_ids_exist

# The default pipeline, kept under its old name for the callers that build jobs row by row (seed, demo).
DEFAULT_STAGES: tuple[tuple[str, str], ...] = TEMPLATES["default"]
TEAM_FIELDS = ("hiring_manager_id", "recruiter_id", "coordinator_id")
TEXT_FIELDS = ("department", "location")
EDITABLE = {
    "title",
    "headcount",
    "employment_type",
    "description",
    "interviewer_ids",
    *TEAM_FIELDS,
    *TEXT_FIELDS,
}


class JobRepository(JobStages, JobStatusChanges):
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- jobs -------------------------------------------------------------------------------------------

    def create_job(
        self,
        title: str,
        *,
        department: str | None = None,
        location: str | None = None,
        employment_type: str | None = None,
        headcount: int = 1,
        description: str | None = None,
        status: str = JobStatus.OPEN,
        hiring_manager_id: int | None = None,
        recruiter_id: int | None = None,
        coordinator_id: int | None = None,
        interviewer_ids: Sequence[int] = (),
        stages: Sequence[tuple[str, str]] | None = None,
        template: str | None = None,
        copy_stages_from: int | None = None,
        opened_at: datetime | None = None,
    ) -> JobRecord:
        """A new job with its stages (given, from a template, copied from another job, else the default)."""
        title_clean = clean_title(title)
        state = parse_status(status)
        count = check_headcount(headcount)
        kind = parse_employment(employment_type)
        with self._db.transaction() as s:
            check_title_free(s, title_clean, status=state)
            member_ids_exist(s, [hiring_manager_id, recruiter_id, coordinator_id, *interviewer_ids])
            pipeline = stages_for_new_job(s, stages, template, copy_stages_from)
            now = utcnow()
            job = Job(
                title=title_clean,
                department=clean_text(department),
                location=clean_text(location),
                employment_type=kind,
                description=clean_text(description, multiline=True),
                status=state,
                hiring_manager_id=hiring_manager_id,
                recruiter_id=recruiter_id,
                coordinator_id=coordinator_id,
                headcount=count,
                opened_at=opened_at or (now if state != JobStatus.DRAFT else None),
                closed_at=now if state in ENDED_JOB_STATUSES else None,
                created_at=now,
            )
            s.add(job)
            s.flush()
            for pos, (name, stage_kind) in enumerate(pipeline):
                s.add(Stage(job_id=job.id, position=pos, name=name, kind=stage_kind))
            _set_interviewers(s, job.id, interviewer_ids)
            record_job_event(self._db, s, job.id, JobEventAction.CREATED, f"{title_clean} ({state.label})")
            note_job_change(s, job.id, ChangeKind.JOB_CREATED)
            if copy_stages_from is None:
                _add_default_plan(self._db, s, job.id, pipeline)
            s.flush()
            s.refresh(job)
            return JobRecord.model_validate(job)

    def update_job(self, job_id: int, **fields: object) -> JobRecord:
        """Change a job's details and team (the same rules as creating it); status has its own call."""
        unknown_fields = set(fields) - EDITABLE
        if unknown_fields:
            raise InvalidInput(f"a job has no editable field {sorted(unknown_fields)[0]!r}")
        with self._db.transaction() as s:
            job = job_row(s, job_id)
            changed: list[str] = []
            if "title" in fields:
                title = clean_title(fields["title"])  # type: ignore[arg-type]
                if title != job.title:
                    check_title_free(s, title, status=job.status, except_id=job.id)
                    changed.append(f"title: {job.title} \u2192 {title}")
                    job.title = title
            if "headcount" in fields:
                count = check_headcount(fields["headcount"])
                if count != job.headcount:
                    changed.append(f"headcount: {job.headcount} \u2192 {count}")
                    job.headcount = count
            changed += _update_plain(job, fields)
            team = [fields.get(f, getattr(job, f)) for f in TEAM_FIELDS]
            member_ids_exist(s, [*team, *fields.get("interviewer_ids", ())])  # type: ignore[misc]
            for name in TEAM_FIELDS:
                if name in fields and fields[name] != getattr(job, name):
                    changed.append(name.removesuffix("_id").replace("_", " "))
                    setattr(job, name, fields[name])
            if "interviewer_ids" in fields:
                if _set_interviewers(s, job.id, fields["interviewer_ids"]):  # type: ignore[arg-type]
                    changed.append("interviewers")
            if changed:
                record_job_event(self._db, s, job.id, JobEventAction.EDITED, "; ".join(changed))
                note_job_edit(s, job.id, changed)
            s.flush()
            s.expire(job)
            return JobRecord.model_validate(job_row(s, job_id))

    def get(self, job_id: int) -> JobRecord:
        with self._db.transaction() as s:
            return JobRecord.model_validate(job_row(s, job_id))

    def find_by_title(self, title: str) -> JobRecord:
        """The job with this title (case-insensitive); an open one is preferred over older searches."""
        wanted = " ".join(title.split()).lower()
        with self._db.transaction() as s:
            rows = s.scalars(select(Job).where(func.lower(Job.title) == wanted).order_by(Job.id.desc())).all()
            if not rows:
                raise NotFound(f"no job titled {title!r}")
            rank = {JobStatus.OPEN: 0, JobStatus.ON_HOLD: 1, JobStatus.DRAFT: 2}
            rows_sorted = sorted(rows, key=lambda j: (rank.get(j.status, 3), -j.id))
            return JobRecord.model_validate(rows_sorted[0])

    def ensure_open(self, job_id: int) -> None:
        """Refuse (JobNotOpen, saying the status) unless the job is open: only open jobs take applicants."""
        with self._db.transaction() as s:
            require_open(s, job_id)

    def headcount(self, job_id: int) -> tuple[int, int]:
        """(hired, headcount): when they meet, the UI offers to mark the job filled."""
        with self._db.transaction() as s:
            job = job_row(s, job_id)
            return _hired(s, job_id), job.headcount

    def events(self, job_id: int) -> list[JobEventRecord]:
        """The job's own history, oldest first."""
        with self._db.transaction() as s:
            job_row(s, job_id)
            rows = s.scalars(select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id))
            return [JobEventRecord.model_validate(r) for r in rows]

    def job_detail(self, job_id: int) -> JobDetail:
        """The job form's data: the job, its team (interviewers by name), its stages with their counts."""
        with self._db.transaction() as s:
            job = job_row(s, job_id)
            counts = dict(
                s.execute(
                    select(Application.stage_id, func.count())
                    .where(Application.job_id == job_id, Application.status == ApplicationStatus.ACTIVE)
                    .group_by(Application.stage_id)
                ).all()
            )
            stages = s.scalars(select(Stage).where(Stage.job_id == job_id).order_by(Stage.position, Stage.id))
            interviewers = s.scalars(
                select(TeamMember)
                .join(JobInterviewer, JobInterviewer.team_member_id == TeamMember.id)
                .where(JobInterviewer.job_id == job_id)
                .order_by(func.lower(TeamMember.name))
            )
            active = sum(counts.values())
            return JobDetail(
                job=JobRecord.model_validate(job),
                hiring_manager=_member(job.hiring_manager_member),
                recruiter=_member(job.recruiter_member),
                coordinator=_member(job.coordinator_member),
                interviewers=tuple(TeamMemberRecord.model_validate(m) for m in interviewers),
                stages=tuple(
                    StageCount(
                        id=st.id, position=st.position, name=st.name, kind=st.kind, count=counts.get(st.id, 0)
                    )
                    for st in stages
                ),
                hired=_hired(s, job_id),
                active=active,
            )

    def list_jobs(
        self,
        *,
        statuses: Sequence[str] | None = None,
        text: str | None = None,
        member_id: int | None = None,
    ) -> list[JobSummary]:
        """Jobs with pipeline counts and stages, open ones first: the switcher, the jobs screen, `job list`.
        `text` matches title, department, location and the team's names; `member_id` keeps "my jobs"."""
        with self._db.transaction() as s:
            counts = (
                select(
                    Application.job_id,
                    func.sum(case((Application.status == ApplicationStatus.ACTIVE, 1), else_=0)).label(
                        "active"
                    ),
                    func.sum(case((Application.status == ApplicationStatus.HIRED, 1), else_=0)).label(
                        "hired"
                    ),
                    func.sum(case((Application.status.in_(CLOSED_STATUSES), 1), else_=0)).label("rejected"),
                )
                .group_by(Application.job_id)
                .subquery()
            )
            order = case(
                (Job.status == JobStatus.OPEN, 0),
                (Job.status == JobStatus.ON_HOLD, 1),
                (Job.status == JobStatus.DRAFT, 2),
                else_=3,
            )
            q = select(Job, counts.c.active, counts.c.hired, counts.c.rejected).outerjoin(
                counts, counts.c.job_id == Job.id
            )
            if statuses:
                q = q.where(Job.status.in_([parse_status(x) for x in statuses]))
            if text and text.strip():
                q = q.where(_matches(text))
            if member_id is not None:
                q = q.where(_on_team(member_id))
            rows = s.execute(q.order_by(order, Job.title, Job.id)).unique().all()
            stages = _stages_of(s, [job.id for job, *_ in rows])
            now = utcnow()
            return [
                JobSummary(
                    job=JobRecord.model_validate(job),
                    active_count=int(active or 0),
                    hired_count=int(hired or 0),
                    rejected_count=int(rejected or 0),
                    days_open=_days_open(job, now),
                    stages=tuple(stages.get(job.id, ())),
                )
                for job, active, hired, rejected in rows
            ]


def _add_default_plan(db: Database, s: Session, job_id: int, pipeline: list) -> None:
    """A job made from a template gets the template's interview plan, in the same transaction."""
    plan = plan_for(pipeline)
    if plan:
        from pipeline_tui.store.interview_plan import add_template_plan

        add_template_plan(db, s, job_id, plan)


def _update_plain(job: Job, fields: dict[str, object]) -> list[str]:
    changed: list[str] = []
    for name in TEXT_FIELDS:
        if name in fields:
            value = clean_text(fields[name])  # type: ignore[arg-type]
            if value != getattr(job, name):
                changed.append(name)
                setattr(job, name, value)
    if "employment_type" in fields:
        kind = parse_employment(fields["employment_type"])  # type: ignore[arg-type]
        if kind != job.employment_type:
            changed.append("employment type")
            job.employment_type = kind
    if "description" in fields:
        text = clean_text(fields["description"], multiline=True)  # type: ignore[arg-type]
        if text != job.description:
            changed.append("description")
            job.description = text
    return changed


def _set_interviewers(s: Session, job_id: int, ids: Sequence[int]) -> bool:
    """Make the job's interviewers exactly `ids`; True when that changed anything."""
    wanted = set(ids)
    have = set(s.scalars(select(JobInterviewer.team_member_id).where(JobInterviewer.job_id == job_id)))
    if wanted == have:
        return False
    if have - wanted:
        s.execute(
            delete(JobInterviewer).where(
                JobInterviewer.job_id == job_id, JobInterviewer.team_member_id.in_(have - wanted)
            )
        )
    if wanted - have:
        s.execute(insert(JobInterviewer), [{"job_id": job_id, "team_member_id": m} for m in wanted - have])
    return True


def _member(member: TeamMember | None) -> TeamMemberRecord | None:
    return TeamMemberRecord.model_validate(member) if member is not None else None


def _hired(s: Session, job_id: int) -> int:
    q = select(func.count()).where(
        Application.job_id == job_id, Application.status == ApplicationStatus.HIRED
    )
    return int(s.scalar(q) or 0)


def _matches(text: str):
    like = f"%{' '.join(text.split()).lower()}%"
    team = select(TeamMember.id).where(func.lower(TeamMember.name).like(like))
    return or_(
        func.lower(Job.title).like(like),
        func.lower(Job.department).like(like),
        func.lower(Job.location).like(like),
        Job.hiring_manager_id.in_(team),
        Job.recruiter_id.in_(team),
    )


def _on_team(member_id: int):
    interviewing = select(JobInterviewer.job_id).where(JobInterviewer.team_member_id == member_id)
    return or_(
        Job.hiring_manager_id == member_id,
        Job.recruiter_id == member_id,
        Job.coordinator_id == member_id,
        Job.id.in_(interviewing),
    )


def _stages_of(s: Session, job_ids: list[int]) -> dict[int, list[StageRecord]]:
    found: dict[int, list[StageRecord]] = {}
    for i in range(0, len(job_ids), 500):
        chunk = job_ids[i : i + 500]
        rows = s.scalars(select(Stage).where(Stage.job_id.in_(chunk)).order_by(Stage.job_id, Stage.position))
        for st in rows:
            found.setdefault(st.job_id, []).append(StageRecord.model_validate(st))
    return found


def _days_open(job: Job, now: datetime) -> int | None:
    if job.opened_at is None:
        return None
    until = job.closed_at if job.status in ENDED_JOB_STATUSES and job.closed_at else now
    return max(0, (until - job.opened_at).days)
