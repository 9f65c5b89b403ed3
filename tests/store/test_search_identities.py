"""The pool browser's search and find anyone reach a person by any of their addresses: every e-mail and
profile URL is in the full-text index (migration 0007), kept in step when one is added, removed, moved by a
merge or erased, and when a bulk import writes them with the index triggers off; on SQLite and PostgreSQL."""

from __future__ import annotations

from pipeline_tui.core.records import PersonRow
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import merge_people
from pipeline_tui.store.imports import ProspectTarget
from pipeline_tui.store.search import rebuild_search_index


def found(store, query: str) -> list[str]:
    return sorted(r.full_name for r in store.prospects.page("all", query, limit=100))


def add(store, name: str, email: str | None = None, **fields) -> int:
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email, **fields)).id


def test_a_second_email_and_a_profile_find_the_person_until_they_are_removed(any_store):
    ann = add(any_store, "Ann Lee", "ann@example.com", linkedin_url="https://uk.linkedin.com/in/Ann-Lee-42/")
    add(any_store, "Bob Stone", "bob@example.com")
    assert found(any_store, "ann.lee@work.example") == []
    second = any_store.candidates.add_identity(ann, "email", "Ann.Lee@Work.example")
    for query in ("ann.lee@work.example", "work.example", "ann-lee-42", "linkedin.com/in/ann-lee-42"):
        assert found(any_store, query) == ["Ann Lee"], query
    assert [h.full_name for h in any_store.person_detail.find("ann.lee@work")] == ["Ann Lee"]
    assert found(any_store, "bob@example.com") == ["Bob Stone"]  # the primary still
    any_store.candidates.remove_identity(second.id)
    assert found(any_store, "ann.lee@work.example") == []
    assert found(any_store, "ann@example.com") == ["Ann Lee"]


def test_a_merge_moves_the_addresses_and_an_erasure_removes_them(any_store):
    ann = add(any_store, "Ann Lee", "ann@example.com")
    other = add(any_store, "Ann Lee-Smith", "ann@home.example", github_url="github.com/annls")
    merge_people(any_store, ann, other)
    assert found(any_store, "ann@home.example") == ["Ann Lee"]
    assert found(any_store, "github.com/annls") == ["Ann Lee"]
    any_store.privacy.erase(ann)
    for query in ("ann@home.example", "annls", "ann@example.com"):
        assert found(any_store, query) == [], query


def test_an_import_indexes_every_address_and_a_rebuild_keeps_them(any_store):
    rows = [
        PersonRow(line=2, person={"full_name": "Cleo Park", "email": "cleo@example.com"},
                  other_emails=("cleo@old.example",)),
        PersonRow(line=3, person={"full_name": "Dev Rao", "linkedin_url": "linkedin.com/in/devrao"}),
    ]  # fmt: skip
    report = any_store.imports.import_people(rows, ProspectTarget("Leads"))
    assert report.created == 2, report
    assert found(any_store, "cleo@old.example") == ["Cleo Park"]
    assert found(any_store, "devrao") == ["Dev Rao"]
    rebuild_search_index(any_store.db)
    assert found(any_store, "cleo@old.example") == ["Cleo Park"]
