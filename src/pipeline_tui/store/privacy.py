"""Privacy requests about one person: export everything held about them, or erase them.

Erasure anonymises rather than deletes: the candidate row, applications and stage events stay (with no name,
contact details, links or free text), so funnel counts and time-in-stage stay true. Their active
applications are withdrawn with the reason "Data erased" (so they leave every board), they leave every talent
pool and lose their tags (so no pool hands them over to a job again), consent reads withdrawn, and their
attached files are deleted. The export carries each file base64-encoded beside its name. On SQLite the
old bytes are then scrubbed from the file itself: secure_delete zeroes freed cells, the full-text index is
merged so no stale token survives in an old segment, VACUUM rewrites the file and a TRUNCATE checkpoint
empties the write-ahead log. Nothing of the name, e-mail or phone remains in the .db, -wal or -shm files.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, cast, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.identities import IdentityKind, canonical, guess_kind
from pipeline_tui.core.records import CandidateRecord, ErasureRecord
from pipeline_tui.core.validation import normalise_email
from pipeline_tui.core.vocabulary import EventAction
from pipeline_tui.store import identities
from pipeline_tui.store.application_changes import board_change
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.change_scrub import scrub_person
from pipeline_tui.store.crm_changes import each_person
from pipeline_tui.store.current_user import Actor, actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.enrollment_stops import drop_for_people
from pipeline_tui.store.hiring_export import anonymise_hiring, privacy_hiring
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

# Personal fields cleared on erasure. The source (a channel such as "Referral") and dates stay for reports.
ERASED_FIELDS = (
    "email",
    "phone",
    "location",
    "current_title",
    "current_company",
    "linkedin_url",
    "github_url",
    "website_url",
    "summary",
)


ERASED_REASON = "Data erased"  # seeded in the "withdrew" group by migration 0004
ERASED_PREFIX = "Erased person #"
TAG_CHUNK = 500  # tag ids per orphan check (bound parameters stay well under every engine's limit)


def _looks_like_phone(text: str) -> bool:
    """Digits with phone punctuation only (+49 151 …, (020) 7946-0958): not an address that names one person."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 5 and all(ch.isdigit() or ch in "+-() ./" for ch in text)


def erased_name(candidate_id: int) -> str:
    return f"{ERASED_PREFIX}{candidate_id}"


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, address: str) -> CandidateRecord:
        """The person with this e-mail (any of theirs) or profile URL; NotFound says so in one sentence."""
        text = (address or "").strip()
        if not text:
            raise NotFound("give the person's e-mail address")
        if _looks_like_phone(text):
            raise NotFound(
                "give the person's e-mail address or profile URL (a phone can be shared by several people)"
            )
        kind = guess_kind(text)
        key = normalise_email(text) if kind is IdentityKind.EMAIL else canonical(kind, text)
        if not key:
            raise NotFound("give the person's e-mail address")
        with self._db.transaction() as s:
            cid = identities.holder(s, kind, key)
            if cid is None:
                what = "e-mail" if kind is IdentityKind.EMAIL else kind.label
                raise NotFound(f"no candidate with the {what} {key}")
            return CandidateRecord.model_validate(s.get(Candidate, cid))

    def export(self, candidate_id: int) -> dict[str, Any]:
        """Everything held about one person, as JSON-ready data (dates as ISO strings)."""
        with self._db.transaction() as s:
            cand = s.get(Candidate, candidate_id)
            if cand is None:
                raise NotFound(f"no candidate #{candidate_id}")
            person = {c.name: _json(getattr(cand, c.key)) for c in Candidate.__table__.columns}
            applications = _applications(s, candidate_id)
            pools = _pools(s, candidate_id)
            tags = _tags(s, candidate_id)
            activities = _activities(s, candidate_id)
            files = _files(s, candidate_id)
            return {
                "exported_at": _json(utcnow()),
                "candidate": person,
                "identities": [
                    {
                        "kind": r.kind,
                        "value": r.display,
                        "primary": r.is_primary,
                        "added_at": _json(r.created_at),
                    }
                    for r in identities.of_candidate(s, candidate_id)
                ],
                "applications": applications,
                "pools": pools,
                "tags": tags,
                "activities": activities,
                "files": files,
            }

    def erase(self, candidate_id: int) -> ErasureRecord:
        """Anonymise one person everywhere, keep the anonymous counts, then scrub the database file."""
        with self._db.transaction() as s:
            self._db.dialect.zero_freed_space(s)
            if s.get(Candidate, candidate_id) is None:
                raise NotFound(f"no candidate #{candidate_id}")
            now = utcnow()
            done = anonymise(s, [candidate_id], now, actor_of(self._db, s))
            self._db.dialect.merge_search(s)
        scrubbed = self.scrub()
        return ErasureRecord(
            candidate_id=candidate_id,
            name=erased_name(candidate_id),
            applications_kept=done.applications_kept,
            activities_cleared=done.activities_cleared,
            tags_removed=done.tags_removed,
            applications_withdrawn=done.applications_withdrawn,
            files_removed=done.files_removed,
            file_scrubbed=scrubbed,
            anonymised_at=now,
        )

    def scrub(self) -> bool:
        """Rewrite the database file so no bytes of an erased person remain (SQLite: VACUUM and a TRUNCATE
        checkpoint). False when another connection still reads an old snapshot: run it again once it closed.
        """
        return self._db.dialect.scrub_file(self._db.engine)


@dataclass(frozen=True)
class Anonymised:
    """What one erasure statement set did to its people (summed over them)."""

    people: int
    applications_kept: int
    activities_cleared: int
    tags_removed: int
    applications_withdrawn: int
    files_removed: int


def anonymise(s: Session, ids: Sequence[int], now: datetime, actor: Actor) -> Anonymised:
    """The erase path for any number of people, in a fixed number of set-based statements (one person for
    `privacy erase`, a batch of them for the retention policy): active applications withdrawn ("Data erased"),
    name, contact details, links, summary and free text cleared (interviews', scorecards' and offers' too), consent withdrawn, files, identities, pool
    memberships and tags removed. The caller owns the transaction (and zero_freed_space / merge_search around it)."""
    ids = list(ids)
    if not ids:
        return Anonymised(0, 0, 0, 0, 0, 0)
    mine = Candidate.id.in_(ids)
    # The change log keeps who did what to them, but nothing it said about them (tags, pools, a source);
    # then their withdrawals and the erase itself are noted ("Ann erased a person's details").
    scrub_person(s, ids)
    withdrawn = _withdraw_active(s, ids, now, actor)
    people = s.execute(
        update(Candidate)
        .where(mine)
        .values(
            full_name=literal(ERASED_PREFIX, String) + cast(Candidate.id, String),
            anonymised_at=now,
            updated_at=now,
            consent_status="withdrawn",
            consent_at=now,
            consent_method=None,
            **dict.fromkeys(ERASED_FIELDS),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    files = s.execute(delete(CandidateFile).where(CandidateFile.candidate_id.in_(ids))).rowcount
    # Out of every talent pool: a pool is a working list, and an erased person is no one to work on.
    s.execute(delete(PoolMember).where(PoolMember.candidate_id.in_(ids)))
    # Their sequences go too: enrollments and touches (the messages sent named them).
    drop_for_people(s, ids)
    # Every e-mail, phone and profile of theirs goes (secure_delete zeroes the freed bytes).
    identities.remove_all(s, ids)
    activities = s.execute(
        update(Activity)
        .where(Activity.candidate_id.in_(ids))
        .values(body="")
        .execution_options(synchronize_session=False)
    ).rowcount
    theirs = Application.candidate_id.in_(ids)
    app_ids = select(Application.id).where(theirs).scalar_subquery()
    s.execute(
        update(Application)
        .where(theirs)
        .values(rejection_note=None)
        .execution_options(synchronize_session=False)
    )
    s.execute(
        update(StageEvent)
        .where(StageEvent.application_id.in_(app_ids))
        .values(note=None)
        .execution_options(synchronize_session=False)
    )
    anonymise_hiring(s, ids)
    applications = int(s.scalar(select(func.count()).select_from(Application).where(theirs)) or 0)
    tag_ids = list(
        s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id.in_(ids)).distinct())
    )
    tags = s.execute(delete(CandidateTag).where(CandidateTag.candidate_id.in_(ids))).rowcount
    for start in range(0, len(tag_ids), TAG_CHUNK):
        # A tag only these people carried may itself say who they were.
        chunk = tag_ids[start : start + TAG_CHUNK]
        still_used = select(CandidateTag.tag_id).where(CandidateTag.tag_id.in_(chunk))
        s.execute(delete(Tag).where(Tag.id.in_(chunk), Tag.id.not_in(still_used)))
    note_changes(s, each_person(ChangeKind.ERASED, ids))
    return Anonymised(
        people=int(people or 0),
        applications_kept=applications,
        activities_cleared=int(activities or 0),
        tags_removed=int(tags or 0),
        applications_withdrawn=withdrawn,
        files_removed=int(files or 0),
    )


def _withdraw_active(s: Session, ids: Sequence[int], now: datetime, actor: Actor) -> int:
    """Close every active application of the people as withdrawn ("Data erased"), logged as withdrawals
    in two set-based statements, so they leave every board and the funnel still counts them."""
    reason_id = s.scalar(select(RejectionReason.id).where(RejectionReason.name == ERASED_REASON))
    if reason_id is None:  # a reason list edited by hand: put it back
        position = (s.scalar(select(func.max(RejectionReason.position))) or 0) + 1
        reason = RejectionReason(name=ERASED_REASON, category="withdrew", position=position)
        s.add(reason)
        s.flush()
        reason_id = reason.id
    active = Application.candidate_id.in_(ids) & (Application.status == "active")
    # Each withdrawal in the log, so the boards it leaves refresh (its job's feed shows it too).
    leaving = s.execute(select(Application.id, Application.job_id, Application.candidate_id).where(active))
    note_changes(s, [board_change(app, EventAction.WITHDRAW, None, ERASED_REASON) for app in leaving])
    columns = ("application_id", "from_stage_id", "to_stage_id", "from_stage_name", "to_stage_name")
    columns += ("from_status", "to_status", "action", "reason_id", "prev_stage_entered_at", "at", "actor")
    columns += ("actor_id",)
    rows = (
        select(
            Application.id,
            Application.stage_id,
            Application.stage_id,
            Stage.name,
            Stage.name,
            literal("active"),
            literal("withdrawn"),
            literal("withdraw"),
            literal(reason_id),
            Application.stage_entered_at,
            literal(now),
            literal(actor.name, String),
            literal(actor.id, Integer),
        )
        .join(Stage, Stage.id == Application.stage_id)
        .where(active)
    )
    s.execute(insert(StageEvent).from_select(columns, rows))
    return int(
        s.execute(
            update(Application)
            .where(active)
            .values(
                status="withdrawn",
                rejection_reason_id=reason_id,
                version=Application.version + 1,
                updated_at=now,
            )
        ).rowcount
        or 0
    )


def _files(s: Session, candidate_id: int) -> list[dict[str, Any]]:
    """Each attached file by name, its bytes base64-encoded (a JSON file cannot hold raw bytes)."""
    return [
        {
            "name": f.name,
            "media_type": f.media_type,
            "size": f.size,
            "added_at": _json(f.added_at),
            "added_by": f.added_by,
            "content_base64": base64.b64encode(f.content).decode("ascii"),
        }
        for f in s.scalars(
            select(CandidateFile).where(CandidateFile.candidate_id == candidate_id).order_by(CandidateFile.id)
        )
    ]


def _applications(s: Session, candidate_id: int) -> list[dict[str, Any]]:
    apps = s.execute(
        select(Application, Job.title, Stage.name, RejectionReason.name)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.stage_id)
        .outerjoin(RejectionReason, RejectionReason.id == Application.rejection_reason_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.applied_at, Application.id)
    ).all()
    hiring = privacy_hiring(s, [app.id for app, *_ in apps])
    return [
        {
            "id": app.id,
            "job": job_title,
            "job_id": app.job_id,
            "stage": stage_name,
            "status": app.status,
            "source": app.source,
            "rating": app.rating,
            "rejection_reason": reason,
            "rejection_note": app.rejection_note,
            "applied_at": _json(app.applied_at),
            "stage_entered_at": _json(app.stage_entered_at),
            "updated_at": _json(app.updated_at),
            "history": _history(s, app.id),
            **hiring[app.id],
        }
        for app, job_title, stage_name, reason in apps
    ]


def _history(s: Session, application_id: int) -> list[dict[str, Any]]:
    events = s.execute(
        select(StageEvent, RejectionReason.name)
        .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
        .where(StageEvent.application_id == application_id)
        .order_by(StageEvent.id)
    ).all()
    return [
        {
            "action": ev.action,
            "from": ev.from_stage_name,
            "to": ev.to_stage_name,
            "from_status": ev.from_status,
            "to_status": ev.to_status,
            "reason": ev_reason,
            "note": ev.note,
            "at": _json(ev.at),
            "actor": ev.actor,
        }
        for ev, ev_reason in events
    ]


def _pools(s: Session, candidate_id: int) -> list[dict[str, Any]]:
    return [
        {"name": name, "status": m.status, "added_at": _json(m.added_at), "added_by": m.added_by}
        for m, name in s.execute(
            select(PoolMember, Pool.name)
            .join(Pool, Pool.id == PoolMember.pool_id)
            .where(PoolMember.candidate_id == candidate_id)
            .order_by(Pool.name)
        ).all()
    ]


def _tags(s: Session, candidate_id: int) -> list[str]:
    return list(
        s.scalars(
            select(Tag.name)
            .join(CandidateTag, CandidateTag.tag_id == Tag.id)
            .where(CandidateTag.candidate_id == candidate_id)
            .order_by(Tag.name_key)
        )
    )


def _activities(s: Session, candidate_id: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": a.kind,
            "body": a.body,
            "at": _json(a.at),
            "actor": a.actor,
            "application_id": a.application_id,
        }
        for a in s.scalars(
            select(Activity).where(Activity.candidate_id == candidate_id).order_by(Activity.at, Activity.id)
        )
    ]


def _json(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return value
