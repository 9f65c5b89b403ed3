"""The applicant detail read model in one transaction: the detail screen's nine reads as one store call."""

from __future__ import annotations

from sqlalchemy import select

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.detail import ApplicantDetail, stage_stays
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.records import (
    ActivityRecord,
    CandidateRecord,
    JobRecord,
    StageEventRecord,
)
from pipeline_tui.store.candidates import application_record, applications_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import (
    Activity,
    Application,
    Candidate,
    Job,
    RejectionReason,
    Stage,
    StageEvent,
)
from pipeline_tui.store.pools import memberships_of

ACTIVITY_LIMIT = 200  # the newest notes and touches shown; older ones stay in the privacy export
_EVENT_FIELDS = tuple(name for name in StageEventRecord.model_fields if name != "reason")


class ApplicantDetailRepository:
    """Reads one application's detail view; writes go through the other repositories."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, application_id: int) -> ApplicantDetail:
        with self._db.transaction() as s:
            row = s.execute(
                select(Application, RejectionReason.name)
                .outerjoin(RejectionReason, RejectionReason.id == Application.rejection_reason_id)
                .where(Application.id == application_id)
            ).first()
            if row is None:
                raise NotFound(f"no application #{application_id}")
            app, reason = row
            candidate = s.get(Candidate, app.candidate_id)
            job = s.get(Job, app.job_id)
            if candidate is None or job is None:
                raise NotFound(f"no application #{application_id}")
            stages = s.execute(
                select(Stage.id, Stage.name).where(Stage.job_id == job.id).order_by(Stage.position, Stage.id)
            ).all()
            events = [
                StageEventRecord.model_validate(
                    {**{f: getattr(ev, f) for f in _EVENT_FIELDS}, "reason": name}
                )
                for ev, name in s.execute(
                    select(StageEvent, RejectionReason.name)
                    .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
                    .where(StageEvent.application_id == application_id)
                    .order_by(StageEvent.id)
                ).all()
            ]
            activities = s.scalars(
                select(Activity)
                .where(Activity.candidate_id == candidate.id)
                .order_by(Activity.at.desc(), Activity.id.desc())
                .limit(ACTIVITY_LIMIT)
            )
            return ApplicantDetail(
                application=application_record(app, reason),
                candidate=CandidateRecord.model_validate(candidate),
                job=JobRecord.model_validate(job),
                stage_names={stage_id: name for stage_id, name in stages},
                events=tuple(events),
                stays=tuple(stage_stays(events, utcnow())),
                activities=tuple(ActivityRecord.model_validate(a) for a in activities),
                others=tuple(
                    a for a in applications_of(s, candidate.id) if a.application.id != application_id
                ),
                pools=tuple(memberships_of(s, candidate.id)),
            )
