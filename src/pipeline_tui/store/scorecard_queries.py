"""Reading scorecards: records with their author and ratings, an application's scorecards as one viewer may
see them (the visibility rule), and the scorecards due for a panel member. Kept apart from the writes
(store/scorecards.py) so each file is one job.

Every read is a fixed number of queries whatever the number of scorecards: one for the scorecards with their
interview and author, one for their ratings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.hiring_records import (
    DueScorecard,
    MemberRef,
    RatingRecord,
    ScorecardRecord,
    ScorecardView,
)
from pipeline_tui.core.hiring_vocabulary import InterviewStatus, ScorecardStatus
from pipeline_tui.core.local_time import aware_utc, naive_utc
from pipeline_tui.core.vocabulary import ApplicationStatus
from pipeline_tui.store import interview_queries
from pipeline_tui.store.hiring_tables import Interview, InterviewPanelist, Scorecard, ScorecardRating
from pipeline_tui.store.models import Application, Candidate, Job, TeamMember

CHUNK = 500


def _base() -> Select:
    return (
        select(Scorecard, Interview.round_name, Interview.starts_at, TeamMember.name, TeamMember.email)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(TeamMember, TeamMember.id == Scorecard.author_id)
    )


def ratings_of(s: Session, scorecard_ids: Sequence[int]) -> dict[int, tuple[RatingRecord, ...]]:
    """Each scorecard's ratings in the round's order."""
    found: dict[int, list[RatingRecord]] = {}
    ids = list(scorecard_ids)
    for i in range(0, len(ids), CHUNK):
        rows = s.execute(
            select(ScorecardRating)
            .where(ScorecardRating.scorecard_id.in_(ids[i : i + CHUNK]))
            .order_by(ScorecardRating.scorecard_id, ScorecardRating.position, ScorecardRating.attribute)
        ).scalars()
        for r in rows:
            found.setdefault(r.scorecard_id, []).append(
                RatingRecord(attribute=r.attribute, rating=r.rating, note=r.note)
            )
    return {k: tuple(v) for k, v in found.items()}


def scorecard_records(s: Session, stmt: Select) -> list[ScorecardRecord]:
    """The records of the scorecards `stmt` (built on _base) selects, in its order."""
    rows = s.execute(stmt).all()
    ratings = ratings_of(s, [row[0].id for row in rows])
    return [
        ScorecardRecord(
            id=card.id,
            interview_id=card.interview_id,
            application_id=card.application_id,
            round_name=round_name,
            author=MemberRef(id=card.author_id, name=name, email=email),
            status=card.status,
            overall=card.overall,
            takeaways=card.takeaways,
            ratings=ratings.get(card.id, ()),
            submitted_at=aware_utc(card.submitted_at) if card.submitted_at else None,
            updated_at=aware_utc(card.updated_at),
        )
        for card, round_name, _starts, name, email in rows
    ]


def scorecard_record(s: Session, scorecard_id: int) -> ScorecardRecord | None:
    found = scorecard_records(s, _base().where(Scorecard.id == scorecard_id))
    return found[0] if found else None


def for_application(s: Session, application_id: int) -> list[ScorecardRecord]:
    """Every scorecard of the application (drafts too), in interview order then author."""
    stmt = _base().where(Scorecard.application_id == application_id)
    return scorecard_records(
        s, stmt.order_by(Interview.starts_at, Interview.id, func.lower(TeamMember.name), Scorecard.id)
    )


def view(s: Session, application_id: int, viewer_id: int | None) -> ScorecardView:
    """THE VISIBILITY RULE. The job's hiring manager and recruiter see every submitted scorecard and their own
    drafts; anyone else sees their own scorecards, and others' submitted ones only once they have submitted
    their own for this application. Nobody sees another's draft. `hidden` counts the submitted scorecards of
    others this viewer cannot see yet."""
    cards = for_application(s, application_id)
    submitted = [c for c in cards if c.status == ScorecardStatus.SUBMITTED]
    mine = {c.id for c in cards if viewer_id is not None and c.author.id == viewer_id}
    opened = any(c.id in mine for c in submitted) or _sees_all(s, application_id, viewer_id)
    shown = [c for c in cards if c.id in mine or (opened and c.status == ScorecardStatus.SUBMITTED)]
    seen = {c.id for c in shown}
    hidden = sum(1 for c in submitted if c.id not in seen)
    return ScorecardView(
        scorecards=tuple(shown),
        hidden=hidden,
        expected=_expected(s, application_id),
        submitted=len(submitted),
    )


def _sees_all(s: Session, application_id: int, viewer_id: int | None) -> bool:
    if viewer_id is None:
        return False
    row = s.execute(
        select(Job.hiring_manager_id, Job.recruiter_id)
        .join(Application, Application.job_id == Job.id)
        .where(Application.id == application_id)
    ).first()
    return row is not None and viewer_id in (row.hiring_manager_id, row.recruiter_id)


def _expected(s: Session, application_id: int) -> int:
    """Panel seats of the application's completed interviews (as the board's card counts them)."""
    return int(
        s.scalar(
            select(func.count())
            .select_from(InterviewPanelist)
            .join(Interview, Interview.id == InterviewPanelist.interview_id)
            .where(
                Interview.application_id == application_id,
                Interview.status == InterviewStatus.COMPLETED,
            )
        )
        or 0
    )


def due_for(s: Session, member_id: int, now: datetime) -> list[DueScorecard]:
    """Interviews this member sat on (completed, or scheduled and over) of active applications of people not
    erased, with no submitted scorecard of theirs; oldest first. Two queries on the member's panel index,
    plus the interviews' panels."""
    moment = naive_utc(now)
    submitted = exists().where(
        Scorecard.interview_id == Interview.id,
        Scorecard.author_id == member_id,
        Scorecard.status == ScorecardStatus.SUBMITTED,
    )
    panel = select(InterviewPanelist.interview_id).where(InterviewPanelist.team_member_id == member_id)
    stmt = (
        interview_queries.base_select()
        .where(
            Interview.id.in_(panel),
            Interview.status.in_([InterviewStatus.COMPLETED, InterviewStatus.SCHEDULED]),
            Interview.starts_at <= moment,
            Application.status == ApplicationStatus.ACTIVE,
            Candidate.anonymised_at.is_(None),
            ~submitted,
        )
        .order_by(Interview.starts_at, Interview.id)
    )
    interviews = [
        iv
        for iv in interview_queries.interview_records(s, stmt)
        if iv.status == InterviewStatus.COMPLETED or iv.ends_at <= aware_utc(moment)
    ]
    drafts = _drafts(s, member_id, [iv.id for iv in interviews])
    return [DueScorecard(interview=iv, scorecard_id=drafts.get(iv.id)) for iv in interviews]


def _drafts(s: Session, member_id: int, interview_ids: Sequence[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    ids = list(interview_ids)
    for i in range(0, len(ids), CHUNK):
        found.update(
            s.execute(
                select(Scorecard.interview_id, Scorecard.id).where(
                    and_(Scorecard.author_id == member_id, Scorecard.interview_id.in_(ids[i : i + CHUNK]))
                )
            ).all()
        )
    return found
