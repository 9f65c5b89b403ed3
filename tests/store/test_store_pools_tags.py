"""Talent pools, tags and activities: the CRM half of the store."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.validation import CandidateInput

T0 = datetime(2026, 3, 1, 10, 0)


def people(store, *names):
    return [store.candidates.add(CandidateInput.parse(full_name=n)) for n in names]


# -- pools ------------------------------------------------------------------------------------------------


def test_create_and_find_pools(any_store):
    pool = any_store.pools.create_pool(
        "  Rust   folks ", description="Systems people\nmet at RustConf", owner="sam"
    )
    assert (pool.name, pool.description, pool.owner, pool.member_count) == (
        "Rust folks",
        "Systems people\nmet at RustConf",
        "sam",
        0,
    )
    assert any_store.pools.find_by_name("RUST  FOLKS").id == pool.id
    assert any_store.pools.get(pool.id) == pool
    with pytest.raises(InvalidInput, match="already exists"):
        any_store.pools.create_pool("rust folks")
    with pytest.raises(InvalidInput):
        any_store.pools.create_pool("   ")
    with pytest.raises(NotFound):
        any_store.pools.find_by_name("Nobody")
    with pytest.raises(NotFound):
        any_store.pools.get(999)


def test_rename_and_describe_pools(any_store):
    a = any_store.pools.create_pool("Alpha")
    any_store.pools.create_pool("Beta")
    assert any_store.pools.rename_pool(a.id, "Gamma").name == "Gamma"
    assert any_store.pools.rename_pool(a.id, "gamma").name == "gamma", "a pool may change its own case"
    with pytest.raises(InvalidInput, match="already exists"):
        any_store.pools.rename_pool(a.id, "BETA")
    assert any_store.pools.describe_pool(a.id, "  new text ").description == "new text"
    assert any_store.pools.describe_pool(a.id, "").description is None
    assert [p.name for p in any_store.pools.list_pools()] == ["Beta", "gamma"]


def test_add_remove_and_count_members(any_store):
    pool = any_store.pools.create_pool("Data")
    ann, bo, cy = people(any_store, "Ann", "Bo", "Cy")
    result = any_store.pools.add_to_pool(pool.id, [ann.id, bo.id, ann.id])
    assert (result.changed, result.skipped) == (2, 0)
    again = any_store.pools.add_to_pool(pool.id, [bo.id, cy.id], status="contacted")
    assert (again.changed, again.skipped) == (1, 1)
    assert "1 already there" in again.message
    assert any_store.pools.get(pool.id).member_count == 3
    members = dict((c.full_name, st) for c, st in any_store.pools.members(pool.id))
    assert members == {"Ann": "new", "Bo": "new", "Cy": "contacted"}
    [m] = any_store.pools.memberships(ann.id)
    assert (m.pool_name, m.status, m.added_by) == ("Data", "new", "tester")
    removed = any_store.pools.remove_from_pool(pool.id, [ann.id, 4242])
    assert (removed.changed, removed.skipped) == (1, 1)
    assert any_store.pools.get(pool.id).member_count == 2
    assert any_store.pools.memberships(ann.id) == []
    with pytest.raises(InvalidInput):
        any_store.pools.add_to_pool(pool.id, [ann.id], status="maybe")
    with pytest.raises(NotFound):
        any_store.pools.add_to_pool(999, [ann.id])


def test_adding_unknown_people_to_a_pool_is_refused_whole(any_store):
    pool = any_store.pools.create_pool("Data")
    (ann,) = people(any_store, "Ann")
    with pytest.raises(NotFound):
        any_store.pools.add_to_pool(pool.id, [ann.id, 987654])
    assert any_store.pools.get(pool.id).member_count == 0


def test_members_page_newest_first(store):
    pool = store.pools.create_pool("P")
    folks = people(store, *(f"P{i:02}" for i in range(12)))
    for p in folks:
        store.pools.add_to_pool(pool.id, [p.id])
    first = store.pools.members(pool.id, limit=5)
    second = store.pools.members(pool.id, offset=5, limit=5)
    names = [c.full_name for c, _ in first + second]
    assert len(set(names)) == 10
    assert names[0] == "P11", "latest added on top"


def test_pool_status_changes(any_store):
    pool = any_store.pools.create_pool("P")
    ann, bo = people(any_store, "Ann", "Bo")
    any_store.pools.add_to_pool(pool.id, [ann.id, bo.id])
    result = any_store.pools.set_status(pool.id, [ann.id, 4242], "not_interested")
    assert (result.changed, result.skipped) == (1, 1)
    assert "not interested" in result.message
    statuses = {c.full_name: st for c, st in any_store.pools.members(pool.id)}
    assert statuses == {"Ann": "not_interested", "Bo": "new"}
    with pytest.raises(InvalidInput, match="pool status"):
        any_store.pools.set_status(pool.id, [ann.id], "hot")


def test_deleting_a_pool_keeps_the_people(any_store):
    keep = any_store.pools.create_pool("Keep")
    gone = any_store.pools.create_pool("Gone")
    ann, bo = people(any_store, "Ann", "Bo")
    any_store.pools.add_to_pool(gone.id, [ann.id, bo.id])
    any_store.pools.add_to_pool(keep.id, [ann.id])
    assert any_store.pools.delete_pool(gone.id) == 2
    assert any_store.candidates.count() == 2
    assert [p.name for p in any_store.pools.list_pools()] == ["Keep"]
    assert [m.pool_name for m in any_store.pools.memberships(ann.id)] == ["Keep"]
    with pytest.raises(NotFound):
        any_store.pools.get(gone.id)


def test_list_pools_counts(any_store):
    a = any_store.pools.create_pool("A")
    any_store.pools.create_pool("B")
    any_store.pools.add_to_pool(a.id, [p.id for p in people(any_store, "X", "Y", "Z")])
    assert [(p.name, p.member_count) for p in any_store.pools.list_pools()] == [("A", 3), ("B", 0)]


# -- tags -------------------------------------------------------------------------------------------------


def test_tags_are_trimmed_and_case_insensitive(any_store):
    ann, bo = people(any_store, "Ann", "Bo")
    first = any_store.tags.tag([ann.id], ["  Rust ", "rust", "Machine   Learning"])
    assert first.changed == 2
    second = any_store.tags.tag([ann.id, bo.id], ["RUST", "machine learning"])
    assert second.changed == 2, "Ann already had both; Bo gets two links"
    assert any_store.tags.tags_for(ann.id) == ["Machine Learning", "Rust"]
    assert any_store.tags.tags_for(bo.id) == ["Machine Learning", "Rust"], "the first spelling is kept"
    assert [(t.name, t.candidate_count) for t in any_store.tags.all_tags()] == [
        ("Machine Learning", 2),
        ("Rust", 2),
    ]
    assert [t.name for t in any_store.tags.all_tags(prefix="MA")] == ["Machine Learning"]
    assert len(any_store.tags.all_tags(limit=1)) == 1
    with pytest.raises(InvalidInput):
        any_store.tags.tag([ann.id], ["   ", ""])
    with pytest.raises(InvalidInput):
        any_store.tags.tag([ann.id], ["x" * 101])


def test_tag_prefix_is_literal(store):
    (ann,) = people(store, "Ann")
    store.tags.tag([ann.id], ["100%_remote", "1000 club"])
    assert [t.name for t in store.tags.all_tags(prefix="100%")] == ["100%_remote"]


def test_untag(any_store):
    ann, bo = people(any_store, "Ann", "Bo")
    any_store.tags.tag([ann.id, bo.id], ["Go", "Rust"])
    result = any_store.tags.untag([ann.id], [" go ", "unknown"])
    assert result.changed == 1
    assert any_store.tags.tags_for(ann.id) == ["Rust"]
    assert any_store.tags.tags_for(bo.id) == ["Go", "Rust"]
    assert any_store.tags.untag([ann.id], ["   "]).changed == 0


def test_tagging_unknown_people_is_refused_whole(any_store):
    (ann,) = people(any_store, "Ann")
    with pytest.raises(NotFound):
        any_store.tags.tag([ann.id, 555555], ["Go"])
    assert any_store.tags.tags_for(ann.id) == []


def test_merge_tags_without_duplicate_links(any_store):
    ann, bo, cy = people(any_store, "Ann", "Bo", "Cy")
    any_store.tags.tag([ann.id, bo.id], ["golang"])
    any_store.tags.tag([bo.id, cy.id], ["Go"])
    tags = {t.name: t.id for t in any_store.tags.all_tags()}
    merged = any_store.tags.merge_tags(tags["golang"], tags["Go"])
    assert (merged.name, merged.candidate_count) == ("Go", 3)
    assert [t.name for t in any_store.tags.all_tags()] == ["Go"]
    for p in (ann, bo, cy):
        assert any_store.tags.tags_for(p.id) == ["Go"]
    with pytest.raises(InvalidInput):
        any_store.tags.merge_tags(tags["Go"], tags["Go"])
    with pytest.raises(NotFound):
        any_store.tags.merge_tags(tags["golang"], tags["Go"])


def test_rename_tag_and_rename_onto_another_merges(any_store):
    ann, bo = people(any_store, "Ann", "Bo")
    any_store.tags.tag([ann.id], ["js"])
    any_store.tags.tag([ann.id, bo.id], ["JavaScript"])
    tags = {t.name: t.id for t in any_store.tags.all_tags()}
    renamed = any_store.tags.rename_tag(tags["JavaScript"], "  Javascript ")
    assert (renamed.id, renamed.name) == (tags["JavaScript"], "Javascript")
    merged = any_store.tags.rename_tag(tags["js"], "JAVASCRIPT")
    assert (merged.id, merged.name, merged.candidate_count) == (tags["JavaScript"], "JAVASCRIPT", 2)
    assert any_store.tags.tags_for(ann.id) == ["JAVASCRIPT"]
    assert len(any_store.tags.all_tags()) == 1
    with pytest.raises(InvalidInput):
        any_store.tags.rename_tag(tags["JavaScript"], " ")
    with pytest.raises(NotFound):
        any_store.tags.rename_tag(4242, "x")


def test_board_shows_tags_in_order(store):
    (ann,) = people(store, "Ann")
    store.tags.tag([ann.id], ["zeta", "Alpha", "mid"])
    assert store.tags.tags_for(ann.id) == ["Alpha", "mid", "zeta"]


# -- activities -------------------------------------------------------------------------------------------


def test_activities_and_last_contacted(any_store):
    ann, bo = people(any_store, "Ann", "Bo")
    note = any_store.activities.add(ann.id, "note", "  Great call.\nFollow up in May. ", at=T0)
    assert (note.kind, note.body, note.actor, note.at) == (
        "note",
        "Great call.\nFollow up in May.",
        "tester",
        T0,
    )
    assert any_store.candidates.get(ann.id).last_contacted_at is None, "a note is not a contact"
    any_store.activities.add(ann.id, "call", "", at=T0 + timedelta(days=1))
    assert any_store.candidates.get(ann.id).last_contacted_at == T0 + timedelta(days=1)
    any_store.activities.add(ann.id, "email", "older mail", at=T0 - timedelta(days=5))
    assert any_store.candidates.get(ann.id).last_contacted_at == T0 + timedelta(days=1), "never goes back"
    listed = any_store.activities.for_candidate(ann.id)
    assert [a.kind for a in listed] == ["call", "note", "email"]
    assert any_store.activities.for_candidate(bo.id) == []
    assert len(any_store.activities.for_candidate(ann.id, limit=2)) == 2


def test_activity_rules(any_store):
    (ann,) = people(any_store, "Ann")
    with pytest.raises(InvalidInput, match="kind"):
        any_store.activities.add(ann.id, "fax", "hello")
    with pytest.raises(InvalidInput, match="empty"):
        any_store.activities.add(ann.id, "note", "   ")
    with pytest.raises(NotFound):
        any_store.activities.add(4242, "note", "hi")
    assert any_store.activities.for_candidate(ann.id) == []


def test_activity_on_an_application(any_store):
    ann, bo = people(any_store, "Ann", "Bo")
    job = any_store.jobs.create_job("J")
    app = any_store.applications.apply(ann.id, job.id)
    act = any_store.activities.add(ann.id, "meeting", "onsite", application_id=app.id)
    assert act.application_id == app.id
    with pytest.raises(NotFound):
        any_store.activities.add(ann.id, "note", "x", application_id=999999)
    with pytest.raises(InvalidInput):
        any_store.activities.add(bo.id, "note", "x", application_id=app.id)
    assert len(any_store.activities.for_candidate(ann.id)) == 1
    assert any_store.activities.for_candidate(bo.id) == []


def test_log_touch_stamps_everyone(any_store):
    ann, bo, cy = people(any_store, "Ann", "Bo", "Cy")
    result = any_store.activities.log_touch([ann.id, bo.id, ann.id], "email", "Spring newsletter")
    assert result.changed == 2 and "2 people" in result.message
    for p in (ann, bo):
        got = any_store.candidates.get(p.id)
        assert got.last_contacted_at is not None
        [act] = any_store.activities.for_candidate(p.id)
        assert (act.kind, act.body, act.at) == ("email", "Spring newsletter", got.last_contacted_at)
    assert any_store.candidates.get(cy.id).last_contacted_at is None
    with pytest.raises(InvalidInput):
        any_store.activities.log_touch([ann.id], "note")
    with pytest.raises(NotFound):
        any_store.activities.log_touch([cy.id, 999999], "call")
    assert any_store.activities.for_candidate(cy.id) == [], "nothing logged when one person is missing"
    assert any_store.candidates.get(cy.id).last_contacted_at is None
