"""The use cases that span aggregates are each one unit of work: a failure half way leaves nothing written.

Each failure is injected after the use case has already written something (a person, applications, moved
memberships), so a passing test shows the earlier writes were rolled back with it, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from pools_data import build

from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput, NotFound
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import add_applicant, add_prospect, hand_over, merge_people
from pipeline_tui.store.applications import ApplicationRepository, count_events
from pipeline_tui.store.candidates import CandidateRepository
from pipeline_tui.store.pools import PoolRepository


class Boom(Exception):
    """A failure injected half way through a use case."""


def fail(*_args, **_kwargs):
    raise Boom("half way")


@pytest.fixture
def data(any_store):
    return any_store, build(any_store)


def person(name: str = "New Person", email: str | None = "new@example.com") -> CandidateInput:
    return CandidateInput.parse(full_name=name, email=email, source="referral")


def everything(store) -> dict[str, object]:
    """What the use cases can change, to compare before and after a failure."""
    ids = sorted(store.prospects.matching_ids("all"))
    return {
        "people": [store.candidates.get(i) for i in ids],
        "tags": [(i, store.tags.tags_for(i)) for i in ids],
        "pools": [(i, store.pools.memberships(i)) for i in ids],
        "applications": [(i, store.candidates.applications(i)) for i in ids],
        "activities": [(i, store.activities.for_candidate(i)) for i in ids],
        "events": count_events(store.db),
    }


# -- add an applicant ------------------------------------------------------------------------------------


def test_add_applicant_writes_the_person_and_the_application(data):
    store, d = data
    record = add_applicant(store, person(), d.open_job, source="referral")
    assert record.job_id == d.open_job and record.source == "referral"
    cand = store.candidates.get(record.candidate_id)
    assert (cand.full_name, cand.email) == ("New Person", "new@example.com")
    assert [e.action for e in store.applications.history(record.id)] == ["applied"]


def test_add_applicant_to_a_missing_job_leaves_no_person(data):
    store, _d = data
    before = everything(store)
    with pytest.raises(NotFound, match="no job #99999"):
        add_applicant(store, person(), 99999)
    assert everything(store) == before
    assert store.candidates.find_by_email("new@example.com") is None


def test_add_applicant_failing_after_the_application_writes_nothing(data, monkeypatch):
    store, d = data
    original = ApplicationRepository.apply

    def apply_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise Boom("after the application")

    monkeypatch.setattr(ApplicationRepository, "apply", apply_then_fail)
    before = everything(store)
    with pytest.raises(Boom):
        add_applicant(store, person(), d.open_job)
    assert everything(store) == before


def test_add_applicant_with_a_taken_email_names_the_owner(data):
    store, d = data
    with pytest.raises(DuplicateCandidate) as err:
        add_applicant(store, person(email="ADA@example.com"), d.open_job)
    assert err.value.existing_id == d.ids["Ada Lovelace"]


# -- hand over -------------------------------------------------------------------------------------------


def test_hand_over_failing_after_the_applications_writes_nothing(data, monkeypatch):
    store, d = data
    monkeypatch.setattr(PoolRepository, "set_status_of_all", fail)
    before = everything(store)
    with pytest.raises(Boom):
        hand_over(store, d.open_job, [d.ids["Ada Lovelace"], d.ids["Grace Hopper"]], pool_id=d.data_eng)
    assert everything(store) == before


def test_hand_over_failing_on_the_second_person_keeps_the_first_out(data):
    store, d = data
    before = everything(store)
    with pytest.raises(NotFound):
        hand_over(store, d.open_job, [d.ids["Ada Lovelace"], 99999], pool_id=d.data_eng)
    assert everything(store) == before


# -- merge -----------------------------------------------------------------------------------------------


def test_merge_failing_before_the_delete_writes_nothing(data, monkeypatch):
    store, d = data
    keep, drop = d.ids["Ada Lovelace"], d.ids["Grace Hopper"]
    store.activities.add(drop, "note", "met at the conference")
    monkeypatch.setattr(CandidateRepository, "absorb", fail)
    before = everything(store)
    with pytest.raises(Boom):
        merge_people(store, keep, drop)
    assert everything(store) == before


def test_merge_of_a_missing_person_writes_nothing(data):
    store, d = data
    before = everything(store)
    with pytest.raises(NotFound, match="no candidate #99999"):
        merge_people(store, d.ids["Ada Lovelace"], 99999)
    assert everything(store) == before


# -- add a prospect --------------------------------------------------------------------------------------


def test_add_prospect_to_a_missing_pool_leaves_no_person(data):
    store, _d = data
    before = everything(store)
    with pytest.raises(NotFound, match="no pool #99999"):
        add_prospect(store, person(), pool_id=99999, tags=["go"])
    assert everything(store) == before


def test_add_prospect_with_a_bad_tag_leaves_no_person_and_no_membership(data):
    store, d = data
    before = everything(store)
    with pytest.raises(InvalidInput, match="at most 100 characters"):
        add_prospect(store, person(), pool_id=d.data_eng, tags=["go", "x" * 101])
    assert everything(store) == before


# -- the unit of work itself -----------------------------------------------------------------------------


def test_a_unit_commits_on_a_clean_exit_and_rolls_back_on_an_exception(any_store):
    with any_store.unit() as uow:
        kept = uow.candidates.add(person("Kept", "kept@example.com"))
        pool = uow.pools.create_pool("Kept pool")
        uow.pools.add_to_pool(pool.id, [kept.id])
    assert any_store.pools.get(pool.id).member_count == 1
    with pytest.raises(Boom), any_store.unit() as uow:
        uow.candidates.add(person("Lost", "lost@example.com"))
        uow.tags.tag([kept.id], ["lost"])
        raise Boom("after two writes")
    assert any_store.candidates.find_by_email("lost@example.com") is None
    assert any_store.tags.tags_for(kept.id) == []
    assert any_store.candidates.count() == 1


def test_a_unit_whose_database_error_was_swallowed_does_not_commit(any_store, monkeypatch):
    from sqlalchemy.exc import SQLAlchemyError

    from pipeline_tui.store import candidates as candidates_module

    any_store.candidates.add(person("Ann", "ann@example.com"))
    original = candidates_module._refuse_duplicate
    calls = {"n": 0}

    def miss_the_first_check(s, email, except_id=None):
        calls["n"] += 1
        if calls["n"] > 1:  # the second look, after the unique index refused the row, finds Ann
            original(s, email, except_id)

    with pytest.raises(SQLAlchemyError), any_store.unit() as uow:
        uow.candidates.add(person("Bo", "bo@example.com"))
        monkeypatch.setattr(candidates_module, "_refuse_duplicate", miss_the_first_check)
        with pytest.raises(DuplicateCandidate) as err:
            uow.candidates.add(person("Ann again", "ann@example.com"))
        assert err.value.existing_name == "Ann"
        # The use case goes on as if nothing happened; the unit refuses to commit.
    assert any_store.candidates.find_by_email("bo@example.com") is None
    assert any_store.candidates.count() == 1
