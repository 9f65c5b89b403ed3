"""Issue #11: an erased person leaves every talent pool and loses their tags, and no hand-over of a pool
opens an application for them (skipped and counted as erased), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import PersonErased
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store.models import Application, CandidateTag, PoolMember


def _pool_of_two(store):
    ann = store.candidates.add(CandidateInput(full_name="Ann Lee", email="ann@example.com"))
    bob = store.candidates.add(CandidateInput(full_name="Bob Ray", email="bob@example.com"))
    pool = store.pools.create_pool("Backend")
    store.pools.add_to_pool(pool.id, [ann.id, bob.id])
    store.tags.tag([ann.id, bob.id], ["python"])
    return ann.id, bob.id, pool.id


def _members(store, pool_id: int) -> list[int]:
    with store.db.transaction() as s:
        return sorted(s.scalars(select(PoolMember.candidate_id).where(PoolMember.pool_id == pool_id)))


def test_an_erased_person_leaves_every_pool_and_their_tags(any_store):
    store = any_store
    ann, bob, pool_id = _pool_of_two(store)
    other = store.pools.create_pool("Later")
    store.pools.add_to_pool(other.id, [ann])
    store.privacy.erase(ann)
    assert _members(store, pool_id) == [bob] and _members(store, other.id) == []
    with store.db.transaction() as s:
        assert (
            s.scalar(select(func.count()).select_from(PoolMember).where(PoolMember.candidate_id == ann)) == 0
        )
        assert list(s.scalars(select(CandidateTag.candidate_id))) == [bob]
    with pytest.raises(PersonErased):
        store.pools.add_to_pool(pool_id, [ann])
    assert _members(store, pool_id) == [bob]


def test_a_hand_over_skips_an_erased_pool_member(any_store):
    store = any_store
    ann, bob, pool_id = _pool_of_two(store)
    store.privacy.erase(ann)
    with store.db.transaction() as s:  # a membership left from before the fix
        s.execute(insert(PoolMember).values(pool_id=pool_id, candidate_id=ann, status="new", added_by="old"))
    job = store.jobs.create_job("Backend Engineer")
    result = hand_over(store, job.id, [ann, bob], pool_id=pool_id)
    assert (result.changed, result.skipped) == (1, 1)
    assert result.message == "handed 1 person to Backend Engineer; 1 erased, skipped"
    with store.db.transaction() as s:
        assert list(s.scalars(select(Application.candidate_id).where(Application.job_id == job.id))) == [bob]
    assert store.applications.erased_of([ann, bob]) == {ann}


def test_the_store_refuses_to_open_an_application_for_an_erased_person(any_store):
    store = any_store
    ann, bob, _pool = _pool_of_two(store)
    store.privacy.erase(ann)
    job = store.jobs.create_job("Backend Engineer")
    with pytest.raises(PersonErased, match="was erased for privacy"):
        store.applications.open_many(job.id, [(bob, "pool: Backend", None), (ann, "pool: Backend", None)],
                                     at=utcnow())  # fmt: skip
    with pytest.raises(PersonErased):
        store.applications.apply(ann, job.id)
    assert store.applications.already_in(job.id, [ann, bob]) == set()
