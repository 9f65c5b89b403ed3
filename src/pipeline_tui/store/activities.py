"""Activities: notes and touches (e-mail, call, meeting, LinkedIn or text message, other) on a person.

A touch also stamps last-contacted and moves the person from new to contacted in every pool they are in
(never backwards: engaged, not interested and converted stay)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, PersonErased
from pipeline_tui.core.records import ActivityRecord, BulkResult
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import TOUCH_KINDS, ActivityKind, PoolStatus
from pipeline_tui.store.change_log import note_change, note_changes
from pipeline_tui.store.crm_changes import channel_words, each_person, person_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.models import ACTIVITY_KINDS, Activity, Application, Candidate, PoolMember

CHUNK = 500


class ActivityRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @retried_when_busy
    def add(
        self,
        candidate_id: int,
        kind: str,
        body: str,
        *,
        application_id: int | None = None,
        at: datetime | None = None,
    ) -> ActivityRecord:
        if kind not in ACTIVITY_KINDS:
            raise InvalidInput(f"activity kind must be one of {', '.join(ACTIVITY_KINDS)}")
        text = clean_text(body, multiline=True) or ""
        if kind == ActivityKind.NOTE and not text:
            raise InvalidInput("a note cannot be empty")
        when = at or utcnow()
        with self._db.transaction() as s:
            cand = s.get(Candidate, candidate_id)
            if cand is None:
                raise NotFound(f"no candidate #{candidate_id}")
            if cand.anonymised_at is not None:
                raise PersonErased(candidate_id)
            job_id = None
            if application_id is not None:
                owner = s.execute(
                    select(Application.candidate_id, Application.job_id).where(
                        Application.id == application_id
                    )
                ).first()
                if owner is None:
                    raise NotFound(f"no application #{application_id}")
                if owner.candidate_id != candidate_id:
                    raise InvalidInput(f"application #{application_id} belongs to someone else")
                job_id = owner.job_id
            actor = actor_of(self._db, s)
            act = Activity(
                candidate_id=candidate_id,
                application_id=application_id,
                kind=kind,
                body=text,
                at=when,
                actor=actor.name,
                actor_id=actor.id,
            )
            s.add(act)
            if kind in TOUCH_KINDS:
                if cand.last_contacted_at is None or cand.last_contacted_at < when:
                    cand.last_contacted_at = when
                mark_contacted(s, [candidate_id])
            # Never the note's text: what a person said stays on the person (and goes with an erase).
            if kind in TOUCH_KINDS:
                change = person_change(ChangeKind.CONTACTED, candidate_id, channel_words(kind), job_id)
            else:
                change = person_change(ChangeKind.NOTED, candidate_id, job_id=job_id)
            note_change(s, change)
            s.flush()
            return ActivityRecord.model_validate(act)

    def log_touch(self, candidate_ids: Iterable[int], channel: str, note: str = "") -> BulkResult:
        """'Contacted today' for many people in one transaction: an activity each and last-contacted."""
        if channel not in TOUCH_KINDS:
            raise InvalidInput(f"channel must be one of {', '.join(k.label for k in TOUCH_KINDS)}")
        kind = ActivityKind(channel)
        ids = list(dict.fromkeys(candidate_ids))
        body = clean_text(note, multiline=True) or ""
        now = utcnow()
        with self._db.transaction() as s:
            actor = actor_of(self._db, s)
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                found = list(s.scalars(select(Candidate.id).where(Candidate.id.in_(chunk))))
                if len(found) != len(chunk):
                    raise NotFound("some of the selected people no longer exist; nothing was logged")
                s.execute(
                    insert(Activity),
                    [
                        {
                            "candidate_id": cid,
                            "kind": kind.value,
                            "body": body,
                            "at": now,
                            "actor": actor.name,
                            "actor_id": actor.id,
                        }
                        for cid in chunk
                    ],
                )
                s.execute(update(Candidate).where(Candidate.id.in_(chunk)).values(last_contacted_at=now))
                mark_contacted(s, chunk)
                note_changes(s, each_person(ChangeKind.CONTACTED, chunk, channel_words(kind)))
            n = len(ids)
            return BulkResult(
                changed=n, message=f"logged {kind.phrase} with {n} {'person' if n == 1 else 'people'}"
            )

    def for_candidate(self, candidate_id: int, *, limit: int = 200) -> list[ActivityRecord]:
        with self._db.transaction() as s:
            rows = s.scalars(
                select(Activity)
                .where(Activity.candidate_id == candidate_id)
                .order_by(Activity.at.desc(), Activity.id.desc())
                .limit(limit)
            )
            return [ActivityRecord.model_validate(a) for a in rows]

    def transfer(self, from_id: int, to_id: int) -> int:
        """Give every activity of one person to another (a step of merging two people); returns how many."""
        with self._db.transaction() as s:
            result = s.execute(
                update(Activity).where(Activity.candidate_id == from_id).values(candidate_id=to_id)
            )
            return result.rowcount or 0


def mark_contacted(s: Session, candidate_ids: Sequence[int]) -> int:
    """After a touch: new -> contacted in every pool of these people (one UPDATE; other statuses stay, a
    touch never moves anyone back). Returns how many memberships moved."""
    result = s.execute(
        update(PoolMember)
        .where(PoolMember.candidate_id.in_(list(candidate_ids)), PoolMember.status == PoolStatus.NEW)
        .values(status=PoolStatus.CONTACTED)
    )
    return result.rowcount or 0
