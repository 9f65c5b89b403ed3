"""Talent pools: named lists of prospects with a per-member status (new, contacted, ... converted)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, PersonErased
from pipeline_tui.core.records import BulkResult, CandidateRecord, PoolMembershipRecord, PoolRecord
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.store.change_log import note_change, note_changes
from pipeline_tui.store.crm_changes import each_person, pool_change, pool_status_words
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Candidate, Pool, PoolMember

CHUNK = 500
# Which of two memberships of one pool a merge keeps the status of. Not POOL_STATUS_RANK on purpose: within
# one pool, a "not interested" is the person's latest word and must survive a merge with a hopeful duplicate
# (re-contacting someone who said no is the worse mistake); converted stays furthest.
MERGE_STATUS_RANK: dict[str, int] = {
    PoolStatus.NEW: 0,
    PoolStatus.CONTACTED: 1,
    PoolStatus.ENGAGED: 2,
    PoolStatus.NOT_INTERESTED: 3,
    PoolStatus.CONVERTED: 4,
}


class PoolRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create_pool(
        self, name: str, *, description: str | None = None, owner: str | None = None
    ) -> PoolRecord:
        clean = _pool_name(name)
        try:
            with self._db.transaction() as s:
                _refuse_taken(s, clean)
                pool = Pool(name=clean, description=clean_text(description, multiline=True), owner=owner)
                s.add(pool)
                s.flush()
                note_change(s, pool_change(ChangeKind.POOL_CREATED, pool.id, pool.name))
                return PoolRecord.model_validate(pool)
        except IntegrityError:
            raise InvalidInput(f"a pool named {clean!r} already exists") from None

    def get(self, pool_id: int) -> PoolRecord:
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            return _record(pool, _count(s, pool.id))

    def find_by_name(self, name: str) -> PoolRecord:
        with self._db.transaction() as s:
            pool = s.scalar(select(Pool).where(func.lower(Pool.name) == " ".join(name.split()).lower()))
            if pool is None:
                raise NotFound(f"no pool named {name!r}")
            return _record(pool, _count(s, pool.id))

    def list_pools(self, *, counts: bool = True) -> list[PoolRecord]:
        """Every pool by name; `counts=False` leaves member_count 0 and skips counting a million memberships
        (the browser draws the names first and fills the counts in from a worker)."""
        with self._db.transaction() as s:
            if not counts:
                return [_record(pool, 0) for pool in s.scalars(select(Pool).order_by(Pool.name))]
            counts = (
                select(PoolMember.pool_id, func.count().label("n")).group_by(PoolMember.pool_id).subquery()
            )
            rows = s.execute(
                select(Pool, counts.c.n).outerjoin(counts, counts.c.pool_id == Pool.id).order_by(Pool.name)
            ).all()
            return [_record(pool, int(n or 0)) for pool, n in rows]

    def rename_pool(self, pool_id: int, name: str) -> PoolRecord:
        clean = _pool_name(name)
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            _refuse_taken(s, clean, except_id=pool.id)
            if pool.name != clean:
                note_change(s, pool_change(ChangeKind.POOL_EDITED, pool.id, clean))
            pool.name = clean
            return _record(pool, _count(s, pool.id))

    def describe_pool(self, pool_id: int, description: str | None) -> PoolRecord:
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            described = clean_text(description, multiline=True)
            if pool.description != described:
                note_change(s, pool_change(ChangeKind.POOL_EDITED, pool.id, pool.name))
            pool.description = described
            return _record(pool, _count(s, pool.id))

    def delete_pool(self, pool_id: int) -> int:
        """Delete the pool and its memberships; the people stay. Returns how many memberships went."""
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            n = _count(s, pool.id)
            s.execute(delete(PoolMember).where(PoolMember.pool_id == pool.id))
            note_change(s, pool_change(ChangeKind.POOL_DELETED, pool.id, pool.name))
            s.delete(pool)
            return n

    def add_to_pool(
        self,
        pool_id: int,
        candidate_ids: Iterable[int],
        *,
        added_by: str | None = None,
        status: str = PoolStatus.NEW,
    ) -> BulkResult:
        status = _status(status)
        ids = list(dict.fromkeys(candidate_ids))
        try:
            return self._add_to_pool(pool_id, ids, added_by, status)
        except IntegrityError:
            # Someone added some of these people to the pool at the same moment; a second pass skips them.
            return self._add_to_pool(pool_id, ids, added_by, status)

    def _add_to_pool(self, pool_id: int, ids: list[int], added_by: str | None, status: str) -> BulkResult:
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            added = 0
            now = utcnow()
            by = added_by or actor_of(self._db, s).name
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                _refuse_missing_people(s, chunk)
                present = set(
                    s.scalars(
                        select(PoolMember.candidate_id).where(
                            PoolMember.pool_id == pool.id, PoolMember.candidate_id.in_(chunk)
                        )
                    )
                )
                rows = [
                    {
                        "pool_id": pool.id,
                        "candidate_id": cid,
                        "added_at": now,
                        "added_by": by,
                        "status": status,
                    }
                    for cid in chunk
                    if cid not in present
                ]
                if rows:
                    s.execute(insert(PoolMember), rows)
                    note_changes(
                        s, each_person(ChangeKind.POOLED, [r["candidate_id"] for r in rows], pool.name)
                    )
                added += len(rows)
            skipped = len(ids) - added
            return BulkResult(
                changed=added,
                skipped=skipped,
                message=f"added {added} to {pool.name}" + (f", {skipped} already there" if skipped else ""),
            )

    def remove_from_pool(self, pool_id: int, candidate_ids: Iterable[int]) -> BulkResult:
        ids = list(dict.fromkeys(candidate_ids))
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            removed = 0
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                there = _members(s, pool.id, chunk)
                result = s.execute(
                    delete(PoolMember).where(
                        PoolMember.pool_id == pool.id, PoolMember.candidate_id.in_(chunk)
                    )
                )
                removed += result.rowcount or 0
                note_changes(s, each_person(ChangeKind.UNPOOLED, there, pool.name))
            return BulkResult(
                changed=removed, skipped=len(ids) - removed, message=f"removed {removed} from {pool.name}"
            )

    def set_status(self, pool_id: int, candidate_ids: Iterable[int], status: str) -> BulkResult:
        status = _status(status)
        ids = list(dict.fromkeys(candidate_ids))
        with self._db.transaction() as s:
            pool = _pool(s, pool_id)
            changed = 0
            words = pool_status_words(status, pool.name)
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                moving = _members(s, pool.id, chunk, PoolMember.status != status)
                result = s.execute(
                    update(PoolMember)
                    .where(PoolMember.pool_id == pool.id, PoolMember.candidate_id.in_(chunk))
                    .values(status=status)
                )
                changed += result.rowcount or 0
                note_changes(s, each_person(ChangeKind.POOL_STATUS, moving, words))
            return BulkResult(
                changed=changed,
                skipped=len(ids) - changed,
                message=f"{changed} set to {status.label} in {pool.name}",
            )

    def set_status_of_all(self, pool_id: int, candidate_ids: Sequence[int], status: str) -> int:
        """`set_status` for any number of people in ONE statement (the ids bound as one parameter): what a
        big handoff uses, so its write lock is not held for a statement per 500 people. How many changed."""
        status = _status(status)
        if not candidate_ids:
            return 0
        with self._db.transaction() as s:
            source, value = self._db.dialect.id_list(list(dict.fromkeys(candidate_ids)))
            result = s.execute(
                text(
                    "UPDATE pool_member SET status = :status "
                    f"WHERE pool_id = :pool AND candidate_id IN ({source})"
                ),
                {"status": str(status), "pool": pool_id, "ids": value},
            )
            return int(result.rowcount or 0)

    def latest_pools(self, candidate_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """Each person's most recent membership as (pool id, pool name): the pool a handoff from a segment
        came from. People in no pool are left out."""
        ids = list(dict.fromkeys(candidate_ids))
        latest: dict[int, tuple[tuple, int, str]] = {}
        with self._db.transaction() as s:
            for i in range(0, len(ids), CHUNK):
                rows = s.execute(
                    select(PoolMember.candidate_id, PoolMember.added_at, PoolMember.pool_id, Pool.name)
                    .join(Pool, Pool.id == PoolMember.pool_id)
                    .where(PoolMember.candidate_id.in_(ids[i : i + CHUNK]))
                ).all()
                for cid, added_at, pool_id, name in rows:
                    key = (added_at, pool_id)
                    if cid not in latest or key > latest[cid][0]:
                        latest[cid] = (key, pool_id, name)
        return {cid: (pool_id, name) for cid, (_key, pool_id, name) in latest.items()}

    def set_status_everywhere(self, candidate_ids: Iterable[int], status: str) -> int:
        """One status in every pool each person is in (a handoff from a segment converts them all); returns
        how many memberships changed. Set-based: one UPDATE per 500 people."""
        status = _status(status)
        ids = list(dict.fromkeys(candidate_ids))
        changed = 0
        with self._db.transaction() as s:
            for i in range(0, len(ids), CHUNK):
                result = s.execute(
                    update(PoolMember)
                    .where(PoolMember.candidate_id.in_(ids[i : i + CHUNK]), PoolMember.status != status)
                    .values(status=status)
                )
                changed += result.rowcount or 0
        return changed

    def members(
        self, pool_id: int, *, offset: int = 0, limit: int = 100
    ) -> list[tuple[CandidateRecord, str]]:
        """One page of a pool, most recently added first: (person, pool status)."""
        with self._db.transaction() as s:
            _pool(s, pool_id)
            rows = s.execute(
                select(Candidate, PoolMember.status)
                .join(PoolMember, PoolMember.candidate_id == Candidate.id)
                .where(PoolMember.pool_id == pool_id)
                .order_by(PoolMember.added_at.desc(), Candidate.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
            return [(CandidateRecord.model_validate(c), status) for c, status in rows]

    def memberships(self, candidate_id: int) -> list[PoolMembershipRecord]:
        with self._db.transaction() as s:
            return memberships_of(s, candidate_id)

    def fold_memberships(self, keep_id: int, drop_id: int) -> int:
        """Move the other person's memberships to the kept one (a step of merging two people).

        Where both are in a pool, the earlier membership date and the further status are kept. Returns how
        many memberships moved over."""
        with self._db.transaction() as s:
            kept = {
                m.pool_id: m for m in s.scalars(select(PoolMember).where(PoolMember.candidate_id == keep_id))
            }
            moved = 0
            for m in list(s.scalars(select(PoolMember).where(PoolMember.candidate_id == drop_id))):
                mine = kept.get(m.pool_id)
                if mine is None:
                    s.execute(
                        insert(PoolMember).values(
                            pool_id=m.pool_id,
                            candidate_id=keep_id,
                            added_at=m.added_at,
                            added_by=m.added_by,
                            status=m.status,
                        )
                    )
                    moved += 1
                else:
                    if m.added_at < mine.added_at:
                        mine.added_at, mine.added_by = m.added_at, m.added_by
                    if MERGE_STATUS_RANK.get(m.status, 0) > MERGE_STATUS_RANK.get(mine.status, 0):
                        mine.status = m.status
                s.delete(m)
            s.flush()
            return moved


def _members(s: Session, pool_id: int, ids: Sequence[int], *where: object) -> list[int]:
    """Which of these people are in the pool (and meet `where`): who a removal or status change is about."""
    return list(
        s.scalars(
            select(PoolMember.candidate_id).where(
                PoolMember.pool_id == pool_id, PoolMember.candidate_id.in_(list(ids)), *where
            )
        )
    )


def _refuse_missing_people(s: Session, ids: list[int]) -> None:
    found = s.scalar(select(func.count()).select_from(Candidate).where(Candidate.id.in_(ids)))
    if found != len(ids):
        raise NotFound("some of the selected people no longer exist; nothing was added")
    erased = s.scalar(
        select(func.min(Candidate.id)).where(Candidate.id.in_(ids), Candidate.anonymised_at.is_not(None))
    )
    if erased is not None:  # erasure took them out of every pool: nothing puts them back
        raise PersonErased(erased)


def memberships_of(s: Session, candidate_id: int) -> list[PoolMembershipRecord]:
    """A person's pools, by pool name (shared by the detail screens)."""
    rows = s.execute(
        select(PoolMember, Pool.name)
        .join(Pool, Pool.id == PoolMember.pool_id)
        .where(PoolMember.candidate_id == candidate_id)
        .order_by(Pool.name)
    ).all()
    return [membership_record(m, name) for m, name in rows]


def membership_record(m: PoolMember, pool_name: str) -> PoolMembershipRecord:
    return PoolMembershipRecord(
        pool_id=m.pool_id,
        pool_name=pool_name,
        candidate_id=m.candidate_id,
        status=m.status,
        added_at=m.added_at,
        added_by=m.added_by,
    )


def _pool_name(name: str) -> str:
    clean = clean_text(name)
    if not clean:
        raise InvalidInput("a pool needs a name")
    return " ".join(clean.split())


def _status(status: str) -> PoolStatus:
    """The status a word names, in any spelling the vocabulary accepts ("uninterested", "Not interested")."""
    found = PoolStatus.parse(status)
    if found is None:
        raise InvalidInput(f"pool status must be one of {', '.join(s.label for s in PoolStatus)}")
    return found


def _refuse_taken(s: Session, name: str, except_id: int | None = None) -> None:
    taken = s.scalar(select(Pool.id).where(func.lower(Pool.name) == name.lower()))
    if taken is not None and taken != except_id:
        raise InvalidInput(f"a pool named {name!r} already exists")


def _pool(s: Session, pool_id: int) -> Pool:
    pool = s.get(Pool, pool_id)
    if pool is None:
        raise NotFound(f"no pool #{pool_id}")
    return pool


def _count(s: Session, pool_id: int) -> int:
    return int(
        s.scalar(select(func.count()).select_from(PoolMember).where(PoolMember.pool_id == pool_id)) or 0
    )


def _record(pool: Pool, count: int) -> PoolRecord:
    return PoolRecord(
        id=pool.id,
        name=pool.name,
        description=pool.description,
        owner=pool.owner,
        created_at=pool.created_at,
        member_count=count,
    )
