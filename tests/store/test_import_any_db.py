"""Imports and privacy erasure on SQLite and, when CI provides one, PostgreSQL: the same rules on both."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.imports import import_applicants, import_prospects
from pipeline_tui.store.models import Candidate, PoolMember, StageEvent


def csv_file(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "people.csv"
    p.write_text(body, encoding="utf-8")
    return p


def count(store, model) -> int:
    with store.db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_import_batches_match_and_rerun_on_any_database(any_store, tmp_path):
    store = any_store
    store.candidates.add(CandidateInput(full_name="Known", email="known@example.com"))
    lines = ["Name,Email,Tags,Notes"] + [f"P{i},p{i}@example.com,t{i % 2},note {i}" for i in range(25)]
    lines += ["Known Again,KNOWN@example.com,t0,hello", "No Mail,,,", "No Mail,,,"]
    p = csv_file(tmp_path, "\n".join(lines) + "\n")
    r = import_prospects(store, p, pool="Pool", tags=["all"], batch_size=10).report
    assert (r.created, r.updated, len(r.duplicates), len(r.failed)) == (26, 1, 1, 0)
    assert count(store, Candidate) == 27 and count(store, PoolMember) == 27
    again = import_prospects(store, p, pool="Pool", batch_size=7).report
    assert (again.created, again.updated) == (0, 0)
    assert count(store, Candidate) == 27
    store.jobs.create_job("Job")
    r = import_applicants(store, p, job="Job", stage="Interview", batch_size=10).report
    assert r.applications_added == 27 and r.created == 0
    assert count(store, StageEvent) == 27


def test_erase_on_any_database(any_store):
    store = any_store
    cand = store.candidates.add(
        CandidateInput(full_name="Erin Erasable", email="erin@example.com", phone="77")
    )
    job = store.jobs.create_job("Job")
    app = store.applications.apply(cand.id, job.id, source="Referral")
    store.applications.reject(app.id, None, app.version, note="Erin said no")
    store.activities.add(cand.id, "note", "Erin Erasable called")
    store.tags.tag([cand.id], ["erin-only"])
    done = store.privacy.erase(cand.id)
    assert done.applications_kept == 1
    person = store.candidates.get(cand.id)
    assert person.full_name.startswith("Erased person") and person.email is None and person.phone is None
    assert [a.body for a in store.activities.for_candidate(cand.id)] == [""]
    assert all(e.note is None for e in store.applications.history(app.id))
    assert store.tags.all_tags() == []
    assert store.applications.get(app.id).status == "rejected"
