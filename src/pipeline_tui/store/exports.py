"""Reading everything out for `pipeline-tui export`: applicants with their history, people with pools and tags.

Streams in keyset pages (id > last seen, a fixed number of rows each) inside one read transaction, so a dump
of a million people is one consistent snapshot and never more than a page in memory. Formatting (JSON, CSV)
is the service's job; this module only reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from pipeline_tui.core.records import Record
from pipeline_tui.store.database import Database
from pipeline_tui.store.hiring_export import (
    ExportedHiring,
    ExportedInterview,
    ExportedOffer,
    ExportedScorecard,
    hiring_of,
)
from pipeline_tui.store.models import (
    Application,
    Candidate,
    CandidateTag,
    Job,
    Pool,
    PoolMember,
    RejectionReason,
    Stage,
    StageEvent,
    Tag,
)

PAGE = 1_000
NO_HIRING = ExportedHiring()


class ExportedEvent(Record):
    action: str
    from_stage: str | None = None
    to_stage: str | None = None
    from_status: str | None = None
    to_status: str
    reason: str | None = None
    note: str | None = None
    at: datetime
    actor: str | None = None
    offer_id: int | None = None  # the accepted offer a hire came from


class ExportedApplicant(Record):
    application_id: int
    candidate_id: int
    name: str
    email: str | None = None
    job: str
    stage: str
    status: str
    source: str | None = None
    applied_at: datetime
    stage_entered_at: datetime
    rejection_reason: str | None = None
    rejection_note: str | None = None
    rating: int
    history: tuple[ExportedEvent, ...] = ()
    # Interviews (time order), submitted scorecards and offers (#13).
    interviews: tuple[ExportedInterview, ...] = ()
    scorecards: tuple[ExportedScorecard, ...] = ()
    offers: tuple[ExportedOffer, ...] = ()


class ExportedMembership(Record):
    name: str
    status: str
    added_at: datetime


class ExportedPerson(Record):
    id: int
    name: str
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    company: str | None = None
    location: str | None = None
    source: str | None = None
    linkedin: str | None = None
    github: str | None = None
    website: str | None = None
    pools: tuple[ExportedMembership, ...] = ()
    tags: tuple[str, ...] = ()
    last_contacted_at: datetime | None = None
    created_at: datetime


class ExportReader:
    """Read-only streams over one database. Filters combine: a job, a pool, a selection of candidate ids."""

    def __init__(self, db: Database, *, page: int = PAGE) -> None:
        self._db = db
        self._page = max(1, page)

    def applicants(
        self,
        *,
        job_id: int | None = None,
        pool_id: int | None = None,
        candidate_ids: Iterable[int] | None = None,
    ) -> Iterator[ExportedApplicant]:
        """Every application (of one job, of the pool's members, of the chosen people), oldest first."""
        reason = aliased(RejectionReason)
        base = (
            select(
                Application.id,
                Application.candidate_id,
                Candidate.full_name,
                Candidate.email,
                Job.title,
                Stage.name,
                Application.status,
                Application.source,
                Application.applied_at,
                Application.stage_entered_at,
                reason.name,
                Application.rejection_note,
                Application.rating,
            )
            .join(Candidate, Candidate.id == Application.candidate_id)
            .join(Job, Job.id == Application.job_id)
            .join(Stage, Stage.id == Application.stage_id)
            .outerjoin(reason, reason.id == Application.rejection_reason_id)
        )
        if job_id is not None:
            base = base.where(Application.job_id == job_id)
        if pool_id is not None:
            base = base.where(
                Application.candidate_id.in_(
                    select(PoolMember.candidate_id).where(PoolMember.pool_id == pool_id)
                )
            )
        with self._db.transaction() as s:
            for page in self._pages(s, base, Application.id, Application.candidate_id, candidate_ids):
                history = _histories(s, [row[0] for row in page])
                hiring = hiring_of(s, [row[0] for row in page])
                for row in page:
                    found = hiring.get(row[0], NO_HIRING)
                    yield ExportedApplicant(
                        application_id=row[0],
                        candidate_id=row[1],
                        name=row[2],
                        email=row[3],
                        job=row[4],
                        stage=row[5],
                        status=row[6],
                        source=row[7],
                        applied_at=row[8],
                        stage_entered_at=row[9],
                        rejection_reason=row[10],
                        rejection_note=row[11],
                        rating=row[12],
                        history=tuple(history.get(row[0], ())),
                        interviews=found.interviews,
                        scorecards=found.scorecards,
                        offers=found.offers,
                    )

    def people(
        self,
        *,
        job_id: int | None = None,
        pool_id: int | None = None,
        candidate_ids: Iterable[int] | None = None,
    ) -> Iterator[ExportedPerson]:
        """Every person (in a pool, who applied to a job, chosen), with all their pools and tags."""
        base = select(
            Candidate.id,
            Candidate.full_name,
            Candidate.email,
            Candidate.phone,
            Candidate.current_title,
            Candidate.current_company,
            Candidate.location,
            Candidate.source,
            Candidate.linkedin_url,
            Candidate.github_url,
            Candidate.website_url,
            Candidate.last_contacted_at,
            Candidate.created_at,
        )
        if pool_id is not None:
            base = base.where(
                Candidate.id.in_(select(PoolMember.candidate_id).where(PoolMember.pool_id == pool_id))
            )
        if job_id is not None:
            base = base.where(
                Candidate.id.in_(select(Application.candidate_id).where(Application.job_id == job_id))
            )
        with self._db.transaction() as s:
            for page in self._pages(s, base, Candidate.id, Candidate.id, candidate_ids):
                ids = [c.id for c in page]
                tags = _tags(s, ids)
                pools = _pools(s, ids)
                for c in page:
                    yield ExportedPerson(
                        id=c.id,
                        name=c.full_name,
                        email=c.email,
                        phone=c.phone,
                        title=c.current_title,
                        company=c.current_company,
                        location=c.location,
                        source=c.source,
                        linkedin=c.linkedin_url,
                        github=c.github_url,
                        website=c.website_url,
                        pools=tuple(pools.get(c.id, ())),
                        tags=tuple(tags.get(c.id, ())),
                        last_contacted_at=c.last_contacted_at,
                        created_at=c.created_at,
                    )

    def _pages(
        self, s: Session, base: Select, key, person_key, candidate_ids: Iterable[int] | None
    ) -> Iterator[list]:
        """Keyset pages of `base` ordered by `key`; with a selection, one pass per chunk of chosen ids."""
        if candidate_ids is not None:
            chosen = sorted(set(candidate_ids))
            for i in range(0, len(chosen), self._page):
                yield from self._keyset(s, base.where(person_key.in_(chosen[i : i + self._page])), key)
            return
        yield from self._keyset(s, base, key)

    def _keyset(self, s: Session, base: Select, key) -> Iterator[list]:
        last = 0
        while True:
            page = s.execute(base.where(key > last).order_by(key).limit(self._page)).all()
            if not page:
                return
            yield page
            if len(page) < self._page:
                return
            last = _key_of(page[-1])


def _key_of(row) -> int:
    return row[0]


def _histories(s: Session, application_ids: Sequence[int]) -> dict[int, list[ExportedEvent]]:
    out: dict[int, list[ExportedEvent]] = {}
    if not application_ids:
        return out
    rows = s.execute(
        select(
            StageEvent.application_id,
            StageEvent.action,
            StageEvent.from_stage_name,
            StageEvent.to_stage_name,
            StageEvent.from_status,
            StageEvent.to_status,
            RejectionReason.name,
            StageEvent.note,
            StageEvent.at,
            StageEvent.actor,
            StageEvent.offer_id,
        )
        .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
        .where(StageEvent.application_id.in_(application_ids))
        .order_by(StageEvent.application_id, StageEvent.id)
    )
    for app_id, action, src, dst, from_status, to_status, reason, note, at, actor, offer_id in rows:
        out.setdefault(app_id, []).append(
            ExportedEvent(
                action=action,
                from_stage=src,
                to_stage=dst,
                from_status=from_status,
                to_status=to_status,
                reason=reason,
                note=note,
                at=at,
                actor=actor,
                offer_id=offer_id,
            )
        )
    return out


def _tags(s: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if ids:
        rows = s.execute(
            select(CandidateTag.candidate_id, Tag.name)
            .join(Tag, Tag.id == CandidateTag.tag_id)
            .where(CandidateTag.candidate_id.in_(ids))
            .order_by(CandidateTag.candidate_id, Tag.name_key)
        )
        for cid, name in rows:
            out.setdefault(cid, []).append(name)
    return out


def _pools(s: Session, ids: Sequence[int]) -> dict[int, list[ExportedMembership]]:
    out: dict[int, list[ExportedMembership]] = {}
    if ids:
        rows = s.execute(
            select(PoolMember.candidate_id, Pool.name, PoolMember.status, PoolMember.added_at)
            .join(Pool, Pool.id == PoolMember.pool_id)
            .where(PoolMember.candidate_id.in_(ids))
            .order_by(PoolMember.candidate_id, Pool.name)
        )
        for cid, name, status, added_at in rows:
            out.setdefault(cid, []).append(ExportedMembership(name=name, status=status, added_at=added_at))
    return out
