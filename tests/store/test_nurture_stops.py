"""Sequences stop by themselves, in the same transaction as what stopped them, on SQLite and PostgreSQL:
applying (every path: apply, import, reopen), a hand-over, an erase (rows gone), a merge of two people."""

from __future__ import annotations

from pathlib import Path

import pytest
from sequences_data import calls_only, person, three_steps
from sqlalchemy import text

from pipeline_tui.core.errors import NotFound
from pipeline_tui.services.imports import import_applicants
from pipeline_tui.services.pipeline import hand_over, merge_people


def state(store, cid: int) -> list[tuple[str, str | None, str]]:
    """(enrollment status, stop reason, last touch status) of each of the person's enrollments."""
    return [(e.status, e.stop_reason, e.touches[-1].status) for e in store.enrollments.for_person(cid)]


@pytest.fixture
def enrolled(any_store):
    store = any_store
    seq = store.sequences.add(calls_only())
    ann, bo = person(store, "Ann Lee", "ann@example.org"), person(store, "Bo Ek", "bo@example.org")
    assert store.enrollments.enroll(seq.id, [ann, bo]).enrolled == 2
    return store, seq, ann, bo


def test_applying_stops_the_sequence_as_applied(enrolled):
    store, _, ann, bo = enrolled
    job = store.jobs.create_job("Data Engineer")
    store.applications.apply(ann, job.id, source="careers page")
    assert state(store, ann) == [("stopped", "applied", "stopped")]
    assert state(store, bo) == [("active", None, "due")]


def test_an_apply_that_fails_stops_nothing(enrolled):
    store, _, ann, _ = enrolled
    with pytest.raises(NotFound):
        store.applications.apply(ann, 9999)
    assert state(store, ann) == [("active", None, "due")]


def test_a_hand_over_stops_the_sequence_as_handed_over(enrolled):
    store, _, ann, bo = enrolled
    job = store.jobs.create_job("Data Engineer")
    pool = store.pools.create_pool("Data")
    store.pools.add_to_pool(pool.id, [ann, bo])
    hand_over(store, job.id, [ann, bo], pool_id=pool.id)
    assert state(store, ann) == state(store, bo) == [("stopped", "handed_over", "stopped")]


def test_one_person_put_into_a_job_from_a_pool_is_handed_over(enrolled):
    store, _, ann, _ = enrolled
    job = store.jobs.create_job("Data Engineer")
    pool = store.pools.create_pool("Data")
    store.applications.apply(ann, job.id, origin_pool_id=pool.id)
    assert state(store, ann) == [("stopped", "handed_over", "stopped")]


def test_an_imported_applicant_stops_but_a_closed_history_does_not(enrolled, tmp_path: Path):
    store, _, ann, bo = enrolled
    store.jobs.create_job("Data Engineer")
    rows = "Name,Email,Status\nAnn Lee,ann@example.org,active\nBo Ek,bo@example.org,rejected\n"
    (tmp_path / "applicants.csv").write_text(rows, encoding="utf-8")
    report = import_applicants(store, tmp_path / "applicants.csv", job="Data Engineer").report
    assert report.applications_added == 2
    assert state(store, ann) == [("stopped", "applied", "stopped")]
    assert state(store, bo) == [("active", None, "due")]


def test_reopening_an_application_stops_the_sequence(any_store):
    store = any_store
    seq = store.sequences.add(calls_only())
    ann = person(store, "Ann Lee")
    job = store.jobs.create_job("Data Engineer")
    app = store.applications.apply(ann, job.id)
    app = store.applications.reject(app.id, None, app.version)
    assert store.enrollments.enroll(seq.id, [ann]).enrolled == 1
    store.applications.reopen(app.id, app.version)
    assert state(store, ann) == [("stopped", "applied", "stopped")]


def test_erasing_a_person_deletes_their_enrollments_and_touches(enrolled):
    store, seq, ann, bo = enrolled
    store.privacy.erase(ann)
    assert store.enrollments.for_person(ann) == []
    with store.db.transaction() as s:
        left = s.execute(
            text(
                "SELECT e.candidate_id, count(t.id) FROM enrollment e JOIN touch t ON t.enrollment_id = e.id GROUP BY e.candidate_id"
            )
        ).all()
    assert [tuple(r) for r in left] == [(bo, 1)]
    assert store.sequences.get(seq.id).enrolled == 1


def test_a_merge_moves_enrollments_and_stops_the_merged_away_one(any_store):
    store = any_store
    warm, ring = store.sequences.add(three_steps()), store.sequences.add(calls_only())
    keep, drop = person(store, "Ann Lee", "ann@example.org"), person(store, "Ann Lee", "ann.lee@example.org")
    store.enrollments.enroll(warm.id, [keep])
    store.enrollments.enroll(ring.id, [drop])
    merge_people(store, keep, drop)
    history = store.enrollments.for_person(keep)
    assert sorted((e.sequence, e.status, e.stop_reason) for e in history) == [
        ("Ring round", "stopped", "merged"),
        ("Warm up", "active", None),
    ]
    assert store.enrollments.for_person(drop) == []


def test_a_merge_keeps_the_only_active_enrollment_going(any_store):
    store = any_store
    ring = store.sequences.add(calls_only())
    keep, drop = person(store, "Ann Lee"), person(store, "Ann Leigh")
    store.enrollments.enroll(ring.id, [drop])
    merge_people(store, keep, drop)
    assert state(store, keep) == [("active", None, "due")]
    assert store.enrollments.current([keep])[keep].sequence == "Ring round"
