"""Interviews: scheduled for an application in one of its job's rounds, with a panel from the job's team.

The rules: only an active application of a person not erased gets (or moves) an interview; the round is
one of the application's job; the panel are active members of the job's hiring team; 5 to 1440 minutes;
scheduled -> completed (once its start has passed) | no show (likewise) | cancelled, and only a scheduled
interview is rescheduled. The calendar invite's UID is made once and never changes; its SEQUENCE goes up
on each reschedule, panel change and cancel, so calendars replace the old invite. Overlapping interviews of
a panel member are returned as conflicts, never refused. Every change records a hiring_event and its
change-log entry (store/hiring_changes.py) in its transaction. The reads live in interview_queries.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.hiring_records import CardHiring, Conflict, InterviewRecord, ScheduleResult
from pipeline_tui.core.hiring_vocabulary import HiringAction, HiringSubject, InterviewStatus
from pipeline_tui.core.local_time import aware_utc, naive_utc, show_time, zone_named
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import ApplicationStatus
from pipeline_tui.store import interview_queries as q
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.database import Database
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.hiring_changes import interview_change
from pipeline_tui.store.hiring_events import record_hiring_event
from pipeline_tui.store.hiring_tables import Interview, InterviewPanelist, InterviewRound, Scorecard
from pipeline_tui.store.interview_plan import check_duration
from pipeline_tui.store.models import Application, Candidate, Job, JobInterviewer, TeamMember

LOCATION_LENGTH = 2000


class InterviewRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- changes -----------------------------------------------------------------------------------------

    def schedule(
        self,
        application_id: int,
        round_id: int,
        starts_at: datetime,
        *,
        timezone: str,
        duration_min: int | None = None,
        location: str | None = None,
        panel: Sequence[int] = (),
    ) -> ScheduleResult:
        """A new scheduled interview; a start in the past is accepted (an interview that took place)."""
        zone = zone_named(timezone)
        start = _aware(starts_at)
        where = _location(location)
        with self._db.transaction() as s:
            app = _active_application(s, application_id)
            rnd = s.get(InterviewRound, round_id)
            if rnd is None:
                raise NotFound(f"no interview round #{round_id}")
            if rnd.job_id != app.job_id:
                raise RuleViolation(
                    f"round \u2018{rnd.name}\u2019 belongs to another job: pick one of this job's rounds"
                )
            minutes = check_duration(duration_min if duration_min is not None else rnd.duration_min)
            members = _panel(s, app.job_id, panel)
            iv = Interview(
                application_id=app.id,
                round_id=rnd.id,
                round_name=rnd.name,
                starts_at=naive_utc(start),
                duration_min=minutes,
                timezone=zone.key,
                location=where,
                status=InterviewStatus.SCHEDULED,
                uid=f"pending-{secrets.token_hex(16)}",
                sequence=0,
            )
            s.add(iv)
            s.flush()
            iv.uid = f"interview-{iv.id}-{secrets.token_hex(8)}@pipeline-tui"
            _write_panel(s, iv.id, members)
            names = ", ".join(m.name for m in members) or "no panel yet"
            detail = f"{rnd.name} at {show_time(start, zone)} ({zone.key}), {minutes} min; panel: {names}"
            self._record(s, iv, app, HiringAction.SCHEDULED, detail)
            return self._result(s, iv)

    def reschedule(
        self,
        interview_id: int,
        starts_at: datetime,
        *,
        timezone: str | None = None,
        duration_min: int | None = None,
        location: str | None = None,
    ) -> ScheduleResult:
        """Move a scheduled interview (and change its zone, length or place); SEQUENCE + 1."""
        start = _aware(starts_at)
        zone = zone_named(timezone) if timezone is not None else None
        with self._db.transaction() as s:
            iv = _row(s, interview_id)
            _only_scheduled(iv, "rescheduled")
            app = _active_application(s, iv.application_id)
            was = aware_utc(iv.starts_at)
            iv.starts_at = naive_utc(start)
            if zone is not None:
                iv.timezone = zone.key
            if duration_min is not None:
                iv.duration_min = check_duration(duration_min)
            if location is not None:
                iv.location = _location(location)
            iv.sequence += 1
            shown = zone_named(iv.timezone)
            detail = f"{show_time(was, shown)} \u2192 {show_time(start, shown)} ({iv.timezone}), {iv.duration_min} min"
            self._record(s, iv, app, HiringAction.RESCHEDULED, detail)
            return self._result(s, iv)

    def set_panel(self, interview_id: int, panel: Sequence[int]) -> ScheduleResult:
        """Make the panel exactly `panel` (scheduled or completed interviews); SEQUENCE + 1. A member who
        has written a scorecard for this interview stays on it."""
        with self._db.transaction() as s:
            iv = _row(s, interview_id)
            if iv.status not in (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED):
                raise RuleViolation(
                    f"interview #{iv.id} is {InterviewStatus(iv.status).label}: its panel cannot change"
                )
            app = _active_application(s, iv.application_id)
            members = _panel(s, app.job_id, panel)
            wanted = {m.id for m in members}
            have = set(
                s.scalars(
                    select(InterviewPanelist.team_member_id).where(InterviewPanelist.interview_id == iv.id)
                )
            )
            if wanted != have:
                _keep_authors(s, iv.id, have - wanted)
                s.execute(delete(InterviewPanelist).where(InterviewPanelist.interview_id == iv.id))
                _write_panel(s, iv.id, members)
                iv.sequence += 1
                names = ", ".join(m.name for m in members) or "nobody"
                self._record(s, iv, app, HiringAction.PANEL, f"panel: {names}")
            return self._result(s, iv)

    def cancel(self, interview_id: int) -> InterviewRecord:
        """A scheduled interview is called off; the invite becomes a CANCEL (SEQUENCE + 1)."""
        with self._db.transaction() as s:
            iv = _row(s, interview_id)
            _only_scheduled(iv, "cancelled")
            iv.status = InterviewStatus.CANCELLED
            iv.sequence += 1
            app = s.get(Application, iv.application_id)
            self._record(s, iv, app, HiringAction.CANCELLED, iv.round_name)
            return self._read(s, iv.id)

    def complete(self, interview_id: int) -> InterviewRecord:
        """It took place: only once its start has passed (its scorecards become due)."""
        return self._finish(interview_id, InterviewStatus.COMPLETED, HiringAction.COMPLETED)

    def no_show(self, interview_id: int) -> InterviewRecord:
        """The person did not come: only once its start has passed."""
        return self._finish(interview_id, InterviewStatus.NO_SHOW, HiringAction.NO_SHOW)

    def _finish(self, interview_id: int, status: InterviewStatus, action: HiringAction) -> InterviewRecord:
        with self._db.transaction() as s:
            iv = _row(s, interview_id)
            _only_scheduled(iv, f"marked {status.label}")
            app = s.get(Application, iv.application_id)
            refuse_if_erased(s, app.candidate_id)
            if iv.starts_at > utcnow():
                zone = zone_named(iv.timezone)
                raise RuleViolation(
                    f"interview #{iv.id} starts {show_time(iv.starts_at, zone)} ({iv.timezone}): it can be "
                    f"marked {status.label} once it has started"
                )
            iv.status = status
            self._record(s, iv, app, action, iv.round_name)
            return self._read(s, iv.id)

    # -- reads ---------------------------------------------------------------------------------------------

    def get(self, interview_id: int) -> InterviewRecord:
        with self._db.transaction() as s:
            return self._read(s, interview_id)

    def for_application(self, application_id: int) -> list[InterviewRecord]:
        """Every interview of the application, in time order, whatever its status."""
        with self._db.transaction() as s:
            return q.for_application(s, application_id)

    def list(
        self,
        *,
        job_id: int | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        member_id: int | None = None,
        candidate_id: int | None = None,
        statuses: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> list[InterviewRecord]:
        """Interviews in time order (start <= starts_at < end), narrowed by each filter given."""
        with self._db.transaction() as s:
            return q.listed(
                s,
                job_id=job_id,
                start=start,
                end=end,
                member_id=member_id,
                candidate_id=candidate_id,
                statuses=statuses,
                limit=limit,
            )

    def conflicts(
        self,
        member_ids: Sequence[int],
        starts_at: datetime,
        duration_min: int,
        *,
        ignore_interview: int | None = None,
    ) -> list[Conflict]:
        """The members' other live interviews overlapping that time (for a dialog to warn before saving)."""
        with self._db.transaction() as s:
            return q.conflicts(
                s, member_ids, _aware(starts_at), duration_min, ignore_interview=ignore_interview
            )

    def card_summaries(
        self, application_ids: Sequence[int], *, now: datetime | None = None
    ) -> dict[int, CardHiring]:
        """What each board card shows: next interview, scorecards submitted / expected, newest offer."""
        moment = _aware(now) if now is not None else aware_utc(utcnow())
        with self._db.transaction() as s:
            return q.card_summaries(s, application_ids, moment)

    # -- inside a transaction ------------------------------------------------------------------------------

    def _record(self, s: Session, iv: Interview, app: Application, action: HiringAction, detail: str) -> None:
        s.flush()
        record_hiring_event(
            self._db,
            s,
            subject=HiringSubject.INTERVIEW,
            subject_id=iv.id,
            action=action,
            application_id=app.id,
            job_id=app.job_id,
            detail=detail,
        )
        note_change(s, interview_change(iv.id, app, action, iv.round_name))

    def _read(self, s: Session, interview_id: int) -> InterviewRecord:
        s.flush()
        found = q.interview_record(s, interview_id)
        if found is None:
            raise NotFound(f"no interview #{interview_id}")
        return found

    def _result(self, s: Session, iv: Interview) -> ScheduleResult:
        record = self._read(s, iv.id)
        found = q.conflicts(
            s, [m.id for m in record.panel], record.starts_at, record.duration_min, ignore_interview=iv.id
        )
        return ScheduleResult(
            interview=record, conflicts=tuple(found), in_past=record.starts_at < aware_utc(utcnow())
        )


# -- rules -------------------------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    if not isinstance(moment, datetime):
        raise InvalidInput("an interview needs a date and time")
    if moment.tzinfo is None:
        raise InvalidInput("an interview's time needs its time zone")
    return aware_utc(moment)


def _location(text: str | None) -> str | None:
    clean = clean_text(text)
    if clean is not None and len(clean) > LOCATION_LENGTH:
        raise InvalidInput(f"a location or video link is at most {LOCATION_LENGTH} characters")
    return clean


def _row(s: Session, interview_id: int) -> Interview:
    iv = s.get(Interview, interview_id)
    if iv is None:
        raise NotFound(f"no interview #{interview_id}")
    return iv


def _only_scheduled(iv: Interview, what: str) -> None:
    if iv.status != InterviewStatus.SCHEDULED:
        raise RuleViolation(
            f"interview #{iv.id} is {InterviewStatus(iv.status).label}: only a scheduled interview can be {what}"
        )


def _active_application(s: Session, application_id: int) -> Application:
    """The application, if it may have interviews: active, and its person not erased."""
    app = s.get(Application, application_id)
    if app is None:
        raise NotFound(f"no application #{application_id}")
    refuse_if_erased(s, app.candidate_id)
    if app.status != ApplicationStatus.ACTIVE:
        person = s.scalar(select(Candidate.full_name).where(Candidate.id == app.candidate_id))
        title = s.scalar(select(Job.title).where(Job.id == app.job_id))
        status = "hired" if app.status == ApplicationStatus.HIRED else str(app.status)
        raise RuleViolation(
            f"{person}'s application to \u2018{title}\u2019 is {status}: interviews are only for active "
            "applications"
        )
    return app


def _panel(s: Session, job_id: int, member_ids: Sequence[int]) -> list[TeamMember]:
    """The panel's members in the order given (each once): active, and on the job's hiring team."""
    ids = list(dict.fromkeys(int(m) for m in member_ids))
    if not ids:
        return []
    found = {m.id: m for m in s.scalars(select(TeamMember).where(TeamMember.id.in_(ids)))}
    job = s.get(Job, job_id)
    team = {job.hiring_manager_id, job.recruiter_id, job.coordinator_id}
    team |= set(s.scalars(select(JobInterviewer.team_member_id).where(JobInterviewer.job_id == job_id)))
    members: list[TeamMember] = []
    for member_id in ids:
        member = found.get(member_id)
        if member is None:
            raise NotFound(f"no team member #{member_id}")
        if not member.active:
            raise RuleViolation(f"{member.name} is no longer active on the team: pick someone else")
        if member.id not in team:
            raise RuleViolation(
                f"{member.name} is not on the hiring team of \u2018{job.title}\u2019: add them to the job "
                "as an interviewer first"
            )
        members.append(member)
    return members


def _write_panel(s: Session, interview_id: int, members: Sequence[TeamMember]) -> None:
    if members:
        s.execute(
            insert(InterviewPanelist),
            [{"interview_id": interview_id, "team_member_id": m.id} for m in members],
        )


def _keep_authors(s: Session, interview_id: int, leaving: set[int]) -> None:
    """A member who has a scorecard for this interview cannot leave its panel (their feedback would lose
    its footing)."""
    if not leaving:
        return
    author = s.scalar(
        select(TeamMember.name)
        .join(Scorecard, Scorecard.author_id == TeamMember.id)
        .where(Scorecard.interview_id == interview_id, Scorecard.author_id.in_(leaving))
        .limit(1)
    )
    if author is not None:
        raise RuleViolation(f"{author} has a scorecard for this interview: they stay on its panel")
