"""Pool statuses in one vocabulary at the store's edge, a segment's most advanced status, and tag suggestions,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.core.vocabulary import POOL_STATUS_RANK, PoolStatus
from pipeline_tui.store.models import PoolMember

T0 = datetime(2026, 2, 1, 9, 0)


def person(store, name: str) -> int:
    return store.candidates.add(CandidateInput.parse(full_name=name)).id


def joined(store, pool_id: int, cid: int, days: int, status: str) -> None:
    store.pools.add_to_pool(pool_id, [cid], status=status)
    with store.db.transaction() as s:
        s.execute(
            update(PoolMember)
            .where(PoolMember.pool_id == pool_id, PoolMember.candidate_id == cid)
            .values(added_at=T0 + timedelta(days=days))
        )


def test_every_spelling_of_a_status_finds_the_same_people(any_store):
    store = any_store
    pool = store.pools.create_pool("Data Eng").id
    ann, bo = person(store, "Ann"), person(store, "Bo")
    store.pools.add_to_pool(pool, [ann, bo])
    result = store.pools.set_status(pool, [ann], "Uninterested")
    assert result.message == "1 set to not interested in Data Eng"
    assert [m.status for m in store.pools.memberships(ann)] == ["not_interested"]
    for query in (
        "status:uninterested",
        'status:"not interested"',
        "status:not-interested",
        "status:NOT_INTERESTED",
    ):
        assert store.prospects.count(pool, query) == 1, query
        assert [r.id for r in store.prospects.page("all", query)] == [ann], query
    assert store.prospects.count("all", "status:keen") == 0
    with pytest.raises(InvalidInput, match="new, contacted, engaged, not interested, converted"):
        store.pools.set_status(pool, [bo], "keen")
    assert [m.status for m in store.pools.memberships(bo)] == ["new"]


def test_rank_is_a_sourcers_sense_of_how_far_along():
    # Silence, then an answer (a no counts as one), then a conversation, then a handoff.
    order = sorted(PoolStatus, key=POOL_STATUS_RANK.__getitem__)
    assert order == ["new", "contacted", "not_interested", "engaged", "converted"]


def test_a_segment_shows_the_most_advanced_status_and_its_pool(any_store):
    store = any_store
    eng, rust, ml = (store.pools.create_pool(n).id for n in ("Data Eng", "Rust folks", "ML"))
    ann, bo, cy, dee = (person(store, n) for n in ("Ann", "Bo", "Cy", "Dee"))
    joined(store, eng, ann, 1, "engaged")
    joined(store, rust, ann, 5, "new")  # joined last, but only new
    joined(store, eng, bo, 1, "contacted")
    joined(store, rust, bo, 2, "contacted")  # a tie: the latest joined
    joined(store, ml, cy, 1, "not_interested")
    joined(store, rust, cy, 3, "contacted")
    rows = {r.id: (r.pool_status, r.status_pool) for r in store.prospects.page("all")}
    assert rows == {
        ann: ("engaged", "Data Eng"),
        bo: ("contacted", "Rust folks"),
        cy: ("not_interested", "ML"),
        dee: (None, None),
    }
    # Inside a pool: that pool's status, no pool named.
    assert {r.id: (r.pool_status, r.status_pool) for r in store.prospects.page(rust)} == {
        ann: ("new", None),
        bo: ("contacted", None),
        cy: ("contacted", None),
    }
    # Sorting a segment by status sorts by the status shown (the stored words, nobody-in-a-pool last or first).
    by_status = [r.id for r in store.prospects.page("stale", sort="status") if r.pool_status]
    assert by_status == [bo, ann, cy]  # contacted, engaged, not_interested


def test_closest_tags_for_names_that_are_no_tag(any_store):
    store = any_store
    cid = person(store, "Ann")
    store.tags.tag(
        [cid], ["Python", "kubernetes", "c", "rust", "sql"] + [f"skill {i:04d}" for i in range(2000)]
    )
    assert store.tags.closest(["pyhton", "rust", "kube", "qqqqqq", "  "]) == {
        "pyhton": ["Python"],
        "kube": ["kubernetes"],
        "qqqqqq": [],
    }
    assert store.tags.closest(["Rust", "python"]) == {}
    assert store.tags.closest(["skill 00x1"], limit=2)["skill 00x1"][0].startswith("skill 00")
