"""Jobs and their ordered stages: the columns of the board."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.records import JobRecord, JobSummary, StageRecord
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, ApplicationStatus, EventAction, JobStatus, StageKind
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import JOB_STATUSES, STAGE_KINDS, Application, Job, Stage, StageEvent

DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("Applied", StageKind.APPLIED),
    ("Phone screen", StageKind.SCREEN),
    ("Interview", StageKind.INTERVIEW),
    ("Offer", StageKind.OFFER),
    ("Hired", StageKind.HIRED),
)


class JobRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- jobs -------------------------------------------------------------------------------------------

    def create_job(
        self,
        title: str,
        *,
        department: str | None = None,
        location: str | None = None,
        status: str = JobStatus.OPEN,
        hiring_manager: str | None = None,
        recruiter: str | None = None,
        headcount: int = 1,
        opened_at: datetime | None = None,
        stages: tuple[tuple[str, str], ...] | None = None,
    ) -> JobRecord:
        title_clean = clean_text(title)
        if not title_clean:
            raise InvalidInput("a job needs a title")
        _check_status(status)
        with self._db.transaction() as s:
            job = Job(
                title=title_clean,
                department=clean_text(department),
                location=clean_text(location),
                status=status,
                hiring_manager=clean_text(hiring_manager),
                recruiter=clean_text(recruiter),
                headcount=headcount,
                opened_at=opened_at or (utcnow() if status != JobStatus.DRAFT else None),
                closed_at=utcnow() if status == JobStatus.CLOSED else None,
            )
            s.add(job)
            s.flush()
            for pos, (name, kind) in enumerate(stages or DEFAULT_STAGES):
                _check_kind(kind)
                s.add(Stage(job_id=job.id, position=pos, name=name, kind=kind))
            return JobRecord.model_validate(job)

    def get(self, job_id: int) -> JobRecord:
        with self._db.transaction() as s:
            return JobRecord.model_validate(_job(s, job_id))

    def find_by_title(self, title: str) -> JobRecord:
        """The job with this title (case-insensitive); an open one is preferred over older searches."""
        wanted = " ".join(title.split()).lower()
        with self._db.transaction() as s:
            rows = s.scalars(select(Job).where(func.lower(Job.title) == wanted).order_by(Job.id.desc())).all()
            if not rows:
                raise NotFound(f"no job titled {title!r}")
            rows_sorted = sorted(rows, key=lambda j: (j.status != JobStatus.OPEN, -j.id))
            return JobRecord.model_validate(rows_sorted[0])

    def list_jobs(self, *, statuses: tuple[str, ...] | None = None) -> list[JobSummary]:
        """Jobs with pipeline counts, open ones first, for the job switcher."""
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
                q = q.where(Job.status.in_(statuses))
            q = q.order_by(order, Job.title, Job.id)
            return [
                JobSummary(
                    job=JobRecord.model_validate(job),
                    active_count=int(active or 0),
                    hired_count=int(hired or 0),
                    rejected_count=int(rejected or 0),
                )
                for job, active, hired, rejected in s.execute(q).all()
            ]

    def headcount(self, job_id: int) -> tuple[int, int]:
        """(hires, headcount) of the job: what the board and `applicant hire` warn about and offer to fill."""
        with self._db.transaction() as s:
            job = _job(s, job_id)
            hired = s.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.job_id == job_id, Application.status == ApplicationStatus.HIRED)
            )
            return int(hired or 0), job.headcount

    def set_status(self, job_id: int, status: str) -> JobRecord:
        _check_status(status)
        with self._db.transaction() as s:
            job = _job(s, job_id)
            job.status = status
            if status == JobStatus.CLOSED:
                job.closed_at = utcnow()
            elif status == JobStatus.OPEN:
                job.closed_at = None
                job.opened_at = job.opened_at or utcnow()
            return JobRecord.model_validate(job)

    # -- stages -----------------------------------------------------------------------------------------

    def stages(self, job_id: int) -> list[StageRecord]:
        with self._db.transaction() as s:
            _job(s, job_id)
            rows = s.scalars(select(Stage).where(Stage.job_id == job_id).order_by(Stage.position, Stage.id))
            return [StageRecord.model_validate(r) for r in rows]

    def rename_stage(self, stage_id: int, name: str) -> StageRecord:
        new_name = clean_text(name)
        if not new_name:
            raise InvalidInput("a stage needs a name")
        with self._db.transaction() as s:
            stage = _stage(s, stage_id)
            stage.name = new_name
            return StageRecord.model_validate(stage)

    def add_stage(self, job_id: int, name: str, kind: str, *, position: int | None = None) -> StageRecord:
        new_name = clean_text(name)
        if not new_name:
            raise InvalidInput("a stage needs a name")
        _check_kind(kind)
        with self._db.transaction() as s:
            _job(s, job_id)
            stages = _ordered(s, job_id)
            pos = len(stages) if position is None else max(0, min(position, len(stages)))
            stage = Stage(job_id=job_id, position=pos, name=new_name, kind=kind)
            stages.insert(pos, stage)
            s.add(stage)
            _renumber(stages)
            s.flush()
            return StageRecord.model_validate(stage)

    def reorder_stage(self, stage_id: int, new_position: int) -> list[StageRecord]:
        with self._db.transaction() as s:
            stage = _stage(s, stage_id)
            stages = _ordered(s, stage.job_id)
            stages.remove(stage)
            stages.insert(max(0, min(new_position, len(stages))), stage)
            _renumber(stages)
            return [StageRecord.model_validate(x) for x in stages]

    def remove_stage(self, stage_id: int, *, move_to_stage_id: int | None = None) -> None:
        """Remove a stage; one that holds applications needs a stage of the same job to move them to."""
        with self._db.transaction() as s:
            stage = _stage(s, stage_id)
            stages = _ordered(s, stage.job_id)
            if len(stages) == 1:
                raise RuleViolation("a job needs at least one stage")
            held = s.scalar(
                select(func.count()).select_from(Application).where(Application.stage_id == stage_id)
            )
            if held:
                if move_to_stage_id is None:
                    raise RuleViolation(
                        f"stage {stage.name!r} holds {held} application(s): name a stage to move them to"
                    )
                target = _stage(s, move_to_stage_id)
                if target.job_id != stage.job_id or target.id == stage.id:
                    raise RuleViolation("applications can only move to another stage of the same job")
                # Every pipeline change is logged: each moved application gets its 'move' event.
                now = utcnow()
                moved = s.execute(
                    select(Application.id, Application.status, Application.stage_entered_at).where(
                        Application.stage_id == stage_id
                    )
                ).all()
                s.execute(
                    insert(StageEvent),
                    [
                        {
                            "application_id": app_id,
                            "from_stage_id": None,
                            "to_stage_id": target.id,
                            "from_stage_name": stage.name,
                            "to_stage_name": target.name,
                            "from_status": status,
                            "to_status": status,
                            "action": EventAction.MOVE,
                            "note": f"stage {stage.name!r} was removed",
                            "prev_stage_entered_at": entered,
                            "at": now,
                            "actor": self._db.actor,
                        }
                        for app_id, status, entered in moved
                    ],
                )
                s.execute(
                    update(Application)
                    .where(Application.stage_id == stage_id)
                    .values(
                        stage_id=target.id,
                        stage_entered_at=now,
                        version=Application.version + 1,
                        updated_at=now,
                    )
                )
            # History keeps the stage's name (copied into each event); the links are cleared.
            s.execute(
                update(StageEvent).where(StageEvent.from_stage_id == stage_id).values(from_stage_id=None)
            )
            s.execute(update(StageEvent).where(StageEvent.to_stage_id == stage_id).values(to_stage_id=None))
            stages.remove(stage)
            s.delete(stage)
            s.flush()
            _renumber(stages)


def _check_status(status: str) -> None:
    if status not in JOB_STATUSES:
        raise InvalidInput(f"job status must be one of {', '.join(JOB_STATUSES)}")


def _check_kind(kind: str) -> None:
    if kind not in STAGE_KINDS:
        raise InvalidInput(f"stage kind must be one of {', '.join(STAGE_KINDS)}")


def _job(s: Session, job_id: int) -> Job:
    job = s.get(Job, job_id)
    if job is None:
        raise NotFound(f"no job #{job_id}")
    return job


def _stage(s: Session, stage_id: int) -> Stage:
    stage = s.get(Stage, stage_id)
    if stage is None:
        raise NotFound(f"no stage #{stage_id}")
    return stage


def _ordered(s: Session, job_id: int) -> list[Stage]:
    return list(s.scalars(select(Stage).where(Stage.job_id == job_id).order_by(Stage.position, Stage.id)))


def _renumber(stages: list[Stage]) -> None:
    for i, st in enumerate(stages):
        st.position = i
