"""Use cases that span aggregates, each one unit of work: all of it is written, or nothing.

Each takes the Store and opens `store.unit()`, so the repositories it calls share one transaction: adding
an applicant, handing prospects over to a job, merging two records of one person, adding a prospect to a pool
with tags. Single-repository changes (a move, a tag, a note) stay direct calls on the store.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import DatabaseBusy, InvalidInput
from pipeline_tui.core.person import FIELDS_BY_NAME, PERSON_FIELDS
from pipeline_tui.core.person_view import merge_note_opening
from pipeline_tui.core.records import ApplicationRecord, BulkResult, CandidateRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.core.vocabulary import ActivityKind, EventAction, PoolStatus
from pipeline_tui.core.wording import counted

if TYPE_CHECKING:
    from pipeline_tui.store import Store


def add_applicant(
    store: Store, person: CandidateInput, job_id: int, *, source: str | None = None
) -> ApplicationRecord:
    """A new person and their application to the job, together: a refused application leaves no person
    behind. A taken e-mail raises DuplicateCandidate (naming who has it), as adding the person alone does."""
    with store.unit() as uow:
        candidate = uow.candidates.add(person)
        return uow.applications.apply(candidate.id, job_id, source=source)


def add_prospect(
    store: Store, person: CandidateInput, *, pool_id: int | None = None, tags: Sequence[str] = ()
) -> CandidateRecord:
    """A new person, put straight into `pool_id` (status new) and tagged, in one transaction."""
    with store.unit() as uow:
        candidate = uow.candidates.add(person)
        if pool_id is not None:
            uow.pools.add_to_pool(pool_id, [candidate.id])
        if any(t.strip() for t in tags):
            uow.tags.tag([candidate.id], tags)
        return candidate


def hand_over(
    store: Store, job_id: int, candidate_ids: Iterable[int], *, pool_id: int | None = None
) -> BulkResult:
    """Hand prospects over to a job, all in one transaction.

    Each gets an application at the job's first stage with source "pool: NAME" and origin_pool_id (its
    stage_event says 'handoff', so reports can follow the journey); in that pool their status becomes
    converted. Without `pool_id` (from a segment) the pool is each person's most recent membership, and they
    become converted in every pool they are in; someone in no pool gets source "talent pools". People
    already in the job, and people erased for privacy, are skipped and counted."""
    ids = list(dict.fromkeys(candidate_ids))
    if not ids:
        raise InvalidInput("select someone to hand over")
    try:
        return _hand_over(store, job_id, ids, pool_id)
    except DatabaseBusy:
        # Another user's write held the lock past the busy wait; the unit wrote nothing: once more.
        return _hand_over(store, job_id, ids, pool_id)


def _hand_over(store: Store, job_id: int, ids: list[int], pool_id: int | None) -> BulkResult:
    with store.unit() as uow:
        uow.jobs.ensure_open(job_id)
        job = uow.jobs.get(job_id)
        pool = uow.pools.get(pool_id) if pool_id is not None else None
        already = uow.applications.applied_of(job_id, ids)
        erased = uow.applications.erased_of(ids) - already
        now = utcnow()
        handed = [cid for cid in ids if cid not in already and cid not in erased]
        # Where each came from: the pool browsed, or (from a segment) the person's most recent pool.
        origins = {cid: (pool.id, pool.name) for cid in handed} if pool else uow.pools.latest_pools(handed)
        openings = []
        for cid in handed:
            origin_id, origin_name = origins.get(cid, (None, None))
            source = f"pool: {origin_name}" if origin_name is not None else "talent pools"
            openings.append((cid, source, origin_id))
        # Set-based: a few statements for any number of people, so the write lock is held briefly.
        uow.applications.open_many(job_id, openings, at=now, action=EventAction.HANDOFF)
        if pool is not None and handed:
            uow.pools.set_status_of_all(pool.id, handed, PoolStatus.CONVERTED)
        elif handed:
            uow.pools.set_status_everywhere(handed, PoolStatus.CONVERTED)
        n = len(handed)
        message = f"handed {n} {'person' if n == 1 else 'people'} to {job.title}"
        if already:
            message += f"; {len(already)} already in that job, skipped"
        if erased:
            message += f"; {len(erased)} erased, skipped"
        return BulkResult(changed=n, skipped=len(already) + len(erased), message=message)


def merge_people(store: Store, keep_id: int, drop_id: int, *, take: Collection[str] = ()) -> BulkResult:
    """Fold `drop_id` into `keep_id` and delete it, losing nothing.

    Pools, tags, activities, files and applications move to the kept person, and so does every e-mail,
    phone and profile (the merged-away ones keep finding the kept person). Where both are in the same pool
    the earlier membership date and the further status are kept. Where both applied to the same job, the
    kept person's application stays and the other one (stage, status, source, reason, rating and its whole
    stage history) is written into a note on the kept person, its activities re-pointed. `take` names the
    person fields whose value comes from the other record (the merge dialog's picks); every other field
    keeps the kept person's value, filled from the other where empty; both summaries are kept. A note on
    the kept person records who was merged in, the fields taken and every value not kept."""
    if keep_id == drop_id:
        raise InvalidInput("pick two different people to merge")
    unknown = sorted(set(take) - set(FIELDS_BY_NAME))
    if unknown:
        raise InvalidInput(f"no person field {unknown[0]!r} to take from the other record")
    with store.unit() as uow:
        keep, drop = uow.candidates.get(keep_id), uow.candidates.get(drop_id)
        take = [f.name for f in PERSON_FIELDS if f.name in set(take) and getattr(drop, f.name)]
        moved = {
            "pool": uow.pools.fold_memberships(keep_id, drop_id),
            "tag": uow.candidates.fold_tags(keep_id, drop_id),
        }
        folded = uow.applications.fold_duplicates(keep_id, drop_id)
        moved["application"] = uow.applications.transfer(drop_id, keep_id)
        moved["activity"] = uow.activities.transfer(drop_id, keep_id)
        moved["file"] = uow.candidates.transfer_files(drop_id, keep_id)
        uow.activities.add(keep_id, ActivityKind.NOTE, merge_note(keep, drop, take))
        uow.candidates.absorb(keep_id, drop_id, take=take)
        parts = [counted(v, k) for k, v in moved.items() if v]
        if folded:
            parts.append(f"{counted(folded, 'duplicate application')} kept as notes")
        message = f"merged {drop.full_name} into {keep.full_name}" + (
            f": moved {', '.join(parts)}" if parts else ""
        )
        return BulkResult(changed=1, message=message)


def merge_note(keep: CandidateRecord, drop: CandidateRecord, take: Collection[str] = ()) -> str:
    """Who was merged in, the fields taken from them, and every value the merge did not keep, so no
    contact detail is lost."""
    lines = [merge_note_opening(drop.full_name, drop.id)]
    if take:
        labels = ", ".join(FIELDS_BY_NAME[name].label for name in take)
        lines.append(f"Taken from that record: {labels}.")
    for field in PERSON_FIELDS:
        if field.multiline:
            continue  # the summaries are joined on the kept person instead
        theirs, mine = getattr(drop, field.name), getattr(keep, field.name)
        if not (theirs and mine and theirs != mine):
            continue
        if field.name in take:
            lines.append(f"This record's {field.label} was {mine}.")
        else:
            lines.append(f"Their {field.label} was {theirs}.")
    return "\n".join(lines)
