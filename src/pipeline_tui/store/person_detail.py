"""The person screen's read model and find anyone, each one store call in one transaction, set-based.

`get` reads a person with every application (one query), every stage event of them (one query), pools,
tags, files (without their bytes) and the newest notes: a fixed number of statements whatever the person
holds. `find` asks the full-text index for at most `limit` people, then where each is (applications and
pools) in two queries over those ids.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.detail import stage_stays
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.identities import pasted_address
from pipeline_tui.core.person_view import (
    ApplicationHistory,
    FileRecord,
    PersonDetail,
    PersonHit,
    find_rank,
    find_words,
)
from pipeline_tui.core.query import ProspectQuery
from pipeline_tui.core.records import ActivityRecord, CandidateRecord, IdentityRecord, StageEventRecord
from pipeline_tui.store import identities
from pipeline_tui.store.candidates import applications_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import (
    Activity,
    Application,
    Candidate,
    CandidateFile,
    CandidateTag,
    Job,
    Pool,
    PoolMember,
    RejectionReason,
    Stage,
    StageEvent,
    Tag,
)
from pipeline_tui.store.pools import memberships_of
from pipeline_tui.store.retention import due_conditions

ACTIVITY_LIMIT = 200  # the newest notes and touches shown; older ones stay in the privacy export
FIND_LIMIT = 20
_EVENT_FIELDS = tuple(name for name in StageEventRecord.model_fields if name != "reason")
FILE_COLUMNS = (
    CandidateFile.id,
    CandidateFile.candidate_id,
    CandidateFile.name,
    CandidateFile.media_type,
    CandidateFile.size,
    CandidateFile.added_at,
    CandidateFile.added_by,
)


class PersonDetailRepository:
    """Reads; writes go through the candidate, activity and file repositories."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, candidate_id: int, *, focus_application_id: int | None = None) -> PersonDetail:
        with self._db.transaction() as s:
            candidate = s.get(Candidate, candidate_id)
            if candidate is None:
                raise NotFound(f"no candidate #{candidate_id}")
            entries = applications_of(s, candidate_id)
            events: dict[int, list[StageEventRecord]] = defaultdict(list)
            for ev, reason in s.execute(
                select(StageEvent, RejectionReason.name)
                .join(Application, Application.id == StageEvent.application_id)
                .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
                .where(Application.candidate_id == candidate_id)
                .order_by(StageEvent.id)
            ).all():
                record = {f: getattr(ev, f) for f in _EVENT_FIELDS}
                events[ev.application_id].append(
                    StageEventRecord.model_validate({**record, "reason": reason})
                )
            now = utcnow()
            applications = tuple(
                ApplicationHistory(
                    entry=entry,
                    events=tuple(events[entry.application.id]),
                    stays=tuple(stage_stays(events[entry.application.id], now)),
                )
                for entry in entries
            )
            tags = s.scalars(
                select(Tag.name)
                .join(CandidateTag, CandidateTag.tag_id == Tag.id)
                .where(CandidateTag.candidate_id == candidate_id)
                .order_by(Tag.name_key)
            )
            files = s.execute(
                select(*FILE_COLUMNS)
                .where(CandidateFile.candidate_id == candidate_id)
                .order_by(CandidateFile.added_at.desc(), CandidateFile.id.desc())
            ).all()
            activities = s.scalars(
                select(Activity)
                .where(Activity.candidate_id == candidate_id)
                .order_by(Activity.at.desc(), Activity.id.desc())
                .limit(ACTIVITY_LIMIT)
            )
            return PersonDetail(
                candidate=CandidateRecord.model_validate(candidate),
                applications=applications,
                pools=tuple(memberships_of(s, candidate_id)),
                tags=tuple(tags),
                files=tuple(FileRecord.model_validate(row._asdict()) for row in files),
                activities=tuple(ActivityRecord.model_validate(a) for a in activities),
                identities=tuple(
                    IdentityRecord.model_validate(r) for r in identities.of_candidate(s, candidate_id)
                ),
                focus_id=focus_application_id,
                retention_due_since=self._due_since(s, candidate_id),
            )

    def _due_since(self, s: Session, candidate_id: int) -> datetime | None:
        """The person's last contact when the retention policy would anonymise them now, else None."""
        policy = self._db.retention
        if policy is None:
            return None
        row = s.execute(
            select(Candidate.last_contacted_at, Candidate.created_at).where(
                Candidate.id == candidate_id, *due_conditions(policy, utcnow())
            )
        ).first()
        return None if row is None else row[0] or row[1]

    def find(self, typed: str, *, limit: int = FIND_LIMIT) -> list[PersonHit]:
        """Up to `limit` people whose name, e-mail or company match what was typed (the last word a prefix),
        each with where they are; erased people are not found. Ranked before the limit: the exact name or
        e-mail first, then names and e-mails that start with what was typed, then the rest; by name within."""
        # A pasted profile or web address is looked up by its canonical form, then searched as that text.
        address = pasted_address(typed)
        words = (str(address.value),) if address else find_words(typed)
        if not words:
            return []
        query = ProspectQuery(words=words, prefix_last=True, text=typed)
        with self._db.transaction() as s:
            # Any of a person's addresses, typed as one word: the exact one, and those it starts.
            one_word = len(typed.split()) == 1 and address is None
            kind, key = (address.kind, str(address.value)) if address else ("email", typed.strip().lower())
            exact = identities.holder(s, kind, key) if one_word or address else None
            by_address = identities.email_prefix(s, typed, limit) if one_word else []
            found = self._db.dialect.find_people(s, query, limit)
            ids = list(dict.fromkeys([*([exact] if exact else []), *by_address, *found]))
            if not ids:
                return []
            rows = s.execute(
                select(Candidate.id, Candidate.full_name, Candidate.email, Candidate.current_company).where(
                    Candidate.id.in_(ids), Candidate.anonymised_at.is_(None)
                )
            ).all()
            starts = set(by_address)
            people = sorted(
                rows,
                key=lambda p: (
                    find_rank(typed, p.full_name, exact=p.id == exact, starts=p.id in starts),
                    p.full_name.casefold(),
                    p.id,
                ),
            )[:limit]
            ids = [p.id for p in people]
            apps: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
            for cid, title, stage, status in s.execute(
                select(Application.candidate_id, Job.title, Stage.name, Application.status)
                .join(Job, Job.id == Application.job_id)
                .join(Stage, Stage.id == Application.stage_id)
                .where(Application.candidate_id.in_(ids))
                .order_by(case((Application.status == "active", 0), else_=1), Application.applied_at.desc())
            ).all():
                apps[cid].append((title, stage, status))
            pools: dict[int, list[str]] = defaultdict(list)
            for cid, name in s.execute(
                select(PoolMember.candidate_id, Pool.name)
                .join(Pool, Pool.id == PoolMember.pool_id)
                .where(PoolMember.candidate_id.in_(ids))
                .order_by(Pool.name)
            ).all():
                pools[cid].append(name)
            return [
                PersonHit(
                    candidate_id=p.id,
                    full_name=p.full_name,
                    email=p.email,
                    current_company=p.current_company,
                    applications=tuple(apps[p.id]),
                    pools=tuple(pools[p.id]),
                )
                for p in people
            ]
