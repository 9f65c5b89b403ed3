"""Reading interviews: records with their people and panel, lists over time ranges, interviewer conflicts,
and the board's per-card summary. Kept apart from the writes (store/interviews.py) so each file is one job.

Every read is a handful of queries whatever the number of interviews: one for the interviews with their
application, person, job and round, one for their panels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.hiring_records import CardHiring, Conflict, InterviewRecord, MemberRef
from pipeline_tui.core.hiring_vocabulary import (
    LIVE_INTERVIEW_STATUSES,
    InterviewStatus,
    ScorecardStatus,
)
from pipeline_tui.core.local_time import aware_utc, naive_utc
from pipeline_tui.store.hiring_tables import (
    Interview,
    InterviewPanelist,
    InterviewRound,
    Offer,
    Scorecard,
)
from pipeline_tui.store.interview_plan import MAX_DURATION, round_attributes, round_questions
from pipeline_tui.store.models import Application, Candidate, Job, TeamMember

CHUNK = 500  # ids per IN list (SQLite's and PostgreSQL's parameter limits are far above it)


def _base() -> Select:
    return (
        select(Interview, Application.candidate_id, Candidate.full_name, Job.id, Job.title, InterviewRound)
        .join(Application, Application.id == Interview.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(InterviewRound, InterviewRound.id == Interview.round_id)
    )


def panels_of(s: Session, interview_ids: Sequence[int]) -> dict[int, tuple[MemberRef, ...]]:
    """Each interview's panel, in the order members were named."""
    found: dict[int, list[MemberRef]] = {}
    ids = list(interview_ids)
    for i in range(0, len(ids), CHUNK):
        rows = s.execute(
            select(InterviewPanelist.interview_id, TeamMember.id, TeamMember.name, TeamMember.email)
            .join(TeamMember, TeamMember.id == InterviewPanelist.team_member_id)
            .where(InterviewPanelist.interview_id.in_(ids[i : i + CHUNK]))
            .order_by(InterviewPanelist.interview_id, func.lower(TeamMember.name), TeamMember.id)
        ).all()
        for interview_id, member_id, name, email in rows:
            found.setdefault(interview_id, []).append(MemberRef(id=member_id, name=name, email=email))
    return {k: tuple(v) for k, v in found.items()}


def interview_records(s: Session, stmt: Select) -> list[InterviewRecord]:
    """The records of the interviews `stmt` (built on _base) selects, in its order."""
    rows = s.execute(stmt).all()
    panels = panels_of(s, [row[0].id for row in rows])
    return [
        InterviewRecord(
            id=iv.id,
            application_id=iv.application_id,
            candidate_id=candidate_id,
            person=person,
            job_id=job_id,
            job=job,
            round_id=iv.round_id,
            round_name=iv.round_name,
            starts_at=aware_utc(iv.starts_at),
            duration_min=iv.duration_min,
            timezone=iv.timezone,
            location=iv.location,
            status=iv.status,
            uid=iv.uid,
            sequence=iv.sequence,
            panel=panels.get(iv.id, ()),
            attributes=round_attributes(rnd),
            questions=round_questions(rnd),
        )
        for iv, candidate_id, person, job_id, job, rnd in rows
    ]


def interview_record(s: Session, interview_id: int) -> InterviewRecord | None:
    found = interview_records(s, _base().where(Interview.id == interview_id))
    return found[0] if found else None


def for_application(s: Session, application_id: int) -> list[InterviewRecord]:
    stmt = _base().where(Interview.application_id == application_id)
    return interview_records(s, stmt.order_by(Interview.starts_at, Interview.id))


def listed(
    s: Session,
    *,
    job_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    member_id: int | None = None,
    candidate_id: int | None = None,
    statuses: Sequence[str] | None = None,
    limit: int = 1000,
) -> list[InterviewRecord]:
    """Interviews in time order with start <= starts_at < end, narrowed by each filter given."""
    stmt = _base()
    if job_id is not None:
        stmt = stmt.where(Application.job_id == job_id)
    if start is not None:
        stmt = stmt.where(Interview.starts_at >= naive_utc(start))
    if end is not None:
        stmt = stmt.where(Interview.starts_at < naive_utc(end))
    if member_id is not None:
        panel = select(InterviewPanelist.interview_id).where(InterviewPanelist.team_member_id == member_id)
        stmt = stmt.where(Interview.id.in_(panel))
    if candidate_id is not None:
        stmt = stmt.where(Application.candidate_id == candidate_id)
    if statuses:
        stmt = stmt.where(Interview.status.in_([str(x) for x in statuses]))
    return interview_records(s, stmt.order_by(Interview.starts_at, Interview.id).limit(max(0, limit)))


def conflicts(
    s: Session,
    member_ids: Sequence[int],
    starts_at: datetime,
    duration_min: int,
    *,
    ignore_interview: int | None = None,
) -> list[Conflict]:
    """The members' other scheduled or completed interviews overlapping [start, start + duration).

    An interview lasts at most a day, so only those starting in the day before the end can overlap: the
    query stays on the starts_at index and the exact overlap is checked here."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    start = naive_utc(starts_at)
    end = start + timedelta(minutes=duration_min)
    stmt = (
        select(Interview, InterviewPanelist.team_member_id, TeamMember.name, TeamMember.email)
        .join(InterviewPanelist, InterviewPanelist.interview_id == Interview.id)
        .join(TeamMember, TeamMember.id == InterviewPanelist.team_member_id)
        .where(
            InterviewPanelist.team_member_id.in_(ids),
            Interview.status.in_([str(x) for x in LIVE_INTERVIEW_STATUSES]),
            Interview.starts_at < end,
            Interview.starts_at > start - timedelta(minutes=MAX_DURATION),
        )
        .order_by(Interview.starts_at, Interview.id, TeamMember.name)
    )
    if ignore_interview is not None:
        stmt = stmt.where(Interview.id != ignore_interview)
    hits = [
        (iv, MemberRef(id=mid, name=name, email=email))
        for iv, mid, name, email in s.execute(stmt).all()
        if iv.starts_at + timedelta(minutes=iv.duration_min) > start
    ]
    names = _people_and_jobs(s, [iv.application_id for iv, _ in hits])
    return [
        Conflict(
            member=member,
            interview_id=iv.id,
            person=names[iv.application_id][0],
            job=names[iv.application_id][1],
            starts_at=aware_utc(iv.starts_at),
            duration_min=iv.duration_min,
        )
        for iv, member in hits
    ]


def _people_and_jobs(s: Session, application_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    if not application_ids:
        return {}
    rows = s.execute(
        select(Application.id, Candidate.full_name, Job.title)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .where(Application.id.in_(sorted(set(application_ids))))
    ).all()
    return {app_id: (person, job) for app_id, person, job in rows}


def card_summaries(s: Session, application_ids: Sequence[int], now: datetime) -> dict[int, CardHiring]:
    """For a board column: each card's next scheduled interview from `now`, submitted / expected scorecards
    (expected: the panel seats of completed interviews) and its newest offer's status. One query per table
    (per 500 cards)."""
    ids = list(dict.fromkeys(application_ids))
    nxt: dict[int, datetime] = {}
    expected: dict[int, int] = {}
    submitted: dict[int, int] = {}
    offers: dict[int, str] = {}
    moment = naive_utc(now)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        nxt.update(
            s.execute(
                select(Interview.application_id, func.min(Interview.starts_at))
                .where(
                    Interview.application_id.in_(chunk),
                    Interview.status == InterviewStatus.SCHEDULED,
                    Interview.starts_at >= moment,
                )
                .group_by(Interview.application_id)
            ).all()
        )
        expected.update(
            s.execute(
                select(Interview.application_id, func.count())
                .join(InterviewPanelist, InterviewPanelist.interview_id == Interview.id)
                .where(Interview.application_id.in_(chunk), Interview.status == InterviewStatus.COMPLETED)
                .group_by(Interview.application_id)
            ).all()
        )
        submitted.update(
            s.execute(
                select(Scorecard.application_id, func.count())
                .where(Scorecard.application_id.in_(chunk), Scorecard.status == ScorecardStatus.SUBMITTED)
                .group_by(Scorecard.application_id)
            ).all()
        )
        newest = (
            select(func.max(Offer.id).label("id"))
            .where(Offer.application_id.in_(chunk))
            .group_by(Offer.application_id)
            .subquery()
        )
        offers.update(
            s.execute(select(Offer.application_id, Offer.status).join(newest, newest.c.id == Offer.id)).all()
        )
    return {
        app_id: CardHiring(
            application_id=app_id,
            next_interview_at=aware_utc(nxt[app_id]) if app_id in nxt else None,
            scorecards_submitted=int(submitted.get(app_id, 0)),
            scorecards_expected=int(expected.get(app_id, 0)),
            offer_status=offers.get(app_id),
        )
        for app_id in ids
    }


def base_select() -> Select:
    """The select interview_records reads (for callers adding their own filters)."""
    return _base()
