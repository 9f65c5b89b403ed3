"""The retention policy's selection and its application, on a SQLite file and on PostgreSQL.

Boundaries: a last contact exactly N months ago is due, one second later is not; consent given exempts
(unless the policy does not require consent); an applicant with an active application, a hired person and
an already anonymised one are never due; a rejected applicant whose application changed after the cutoff
was in contact then."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from pipeline_tui.core.retention import RetentionPolicy, months_before
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.models import Application, Candidate, Identity

NOW = datetime(2026, 6, 15, 12, 0)
POLICY = RetentionPolicy(prospects_months=24)
CUTOFF = datetime(2024, 6, 15, 12, 0)
SECOND = timedelta(seconds=1)


def _person(store, name: str, *, created: datetime, contacted: datetime | None = None, consent="unknown"):
    email = name.lower().replace(" ", ".") + "@example.com"
    cand = store.candidates.add(CandidateInput.parse(full_name=name, email=email, phone="+44 20 7946 0958"))
    with store.db.transaction() as s:
        s.execute(
            update(Candidate)
            .where(Candidate.id == cand.id)
            .values(created_at=created, last_contacted_at=contacted, consent_status=consent)
        )
    return cand.id


def _application(store, candidate_id: int, job_id: int, *, status: str, updated: datetime) -> None:
    app = store.applications.apply(candidate_id, job_id, at=updated)
    with store.db.transaction() as s:
        s.execute(
            update(Application).where(Application.id == app.id).values(status=status, updated_at=updated)
        )


@pytest.fixture
def people(any_store):
    st = any_store
    job = st.jobs.create_job("Backend Engineer").id
    old = CUTOFF - timedelta(days=400)
    ids = {
        "exactly": _person(st, "Exactly Due", created=old, contacted=CUTOFF),
        "a second late": _person(st, "Second Late", created=old, contacted=CUTOFF + SECOND),
        "never, old": _person(st, "Never Old", created=CUTOFF - SECOND),
        "never, new": _person(st, "Never New", created=CUTOFF + timedelta(days=1)),
        "consent given": _person(st, "Consent Given", created=old, consent="given"),
        "consent withdrawn": _person(st, "Consent Withdrawn", created=old, consent="withdrawn"),
        "consent refused": _person(st, "Consent Refused", created=old, consent="refused"),
        "active applicant": _person(st, "Active Applicant", created=old),
        "hired": _person(st, "Hired Long Ago", created=old),
        "rejected long ago": _person(st, "Rejected Long Ago", created=old),
        "rejected lately": _person(st, "Rejected Lately", created=old),
        "anonymised": _person(st, "Already Gone", created=old),
    }
    _application(st, ids["active applicant"], job, status="active", updated=old)
    _application(st, ids["hired"], job, status="hired", updated=old)
    _application(st, ids["rejected long ago"], job, status="rejected", updated=old)
    _application(st, ids["rejected lately"], job, status="rejected", updated=CUTOFF + timedelta(days=3))
    st.privacy.erase(ids["anonymised"])
    return st, ids


DUE = ["exactly", "never, old", "consent withdrawn", "consent refused", "rejected long ago"]


def test_months_before_is_calendar_months():
    assert months_before(NOW, 24) == CUTOFF
    assert months_before(datetime(2026, 3, 31, 8, 0), 1) == datetime(2026, 2, 28, 8, 0)
    assert months_before(datetime(2024, 2, 29), 12) == datetime(2023, 2, 28)
    assert months_before(datetime(2026, 1, 15), 1) == datetime(2025, 12, 15)
    assert months_before(datetime(2026, 1, 15), 13) == datetime(2024, 12, 15)


def test_selection_boundaries(people):
    store, ids = people
    due = store.retention.due(POLICY, now=NOW)
    assert [p.candidate_id for p in due] == sorted(ids[k] for k in DUE)
    assert store.retention.count(POLICY, now=NOW) == len(DUE)
    by_id = {p.candidate_id: p for p in due}
    assert by_id[ids["exactly"]].why == "not contacted since 2024-06-15, consent unknown"
    assert by_id[ids["never, old"]].why == "never contacted (added 2024-06-15), consent unknown"
    assert by_id[ids["consent refused"]].why.endswith("consent refused")
    assert by_id[ids["exactly"]].last_contact == CUTOFF


def test_without_require_consent_consent_does_not_exempt(people):
    store, ids = people
    policy = RetentionPolicy(prospects_months=24, require_consent=False)
    due = {p.candidate_id for p in store.retention.due(policy, now=NOW)}
    assert due == {ids[k] for k in [*DUE, "consent given"]}


def test_a_shorter_policy_reaches_more_people(people):
    store, ids = people
    due = {p.candidate_id for p in store.retention.due(RetentionPolicy(12), now=NOW)}
    assert {ids["a second late"], ids["never, new"], ids["rejected lately"]} <= due
    assert ids["active applicant"] not in due and ids["hired"] not in due and ids["anonymised"] not in due


def test_apply_anonymises_in_batches_through_the_erase_path(people):
    store, ids = people
    due = [p.candidate_id for p in store.retention.due(POLICY, now=NOW)]
    run = store.retention.apply(POLICY, due, now=NOW, batch=2)
    assert (run.anonymised, run.batches, run.skipped) == (len(DUE), 3, 0)
    with store.db.transaction() as s:
        rows = s.execute(select(Candidate).where(Candidate.id.in_(due))).scalars().all()
        assert {c.full_name for c in rows} == {f"Erased person #{c.id}" for c in rows}
        assert all(c.email is None and c.phone is None and c.anonymised_at is not None for c in rows)
        assert all(c.consent_status == "withdrawn" for c in rows)
        assert s.scalar(select(func.count()).select_from(Identity).where(Identity.candidate_id.in_(due))) == 0
        kept = s.get(Candidate, ids["active applicant"])
        assert kept.full_name == "Active Applicant" and kept.email == "active.applicant@example.com"
        # The rejected applicant's application stays as an anonymous count.
        assert s.scalar(select(func.count()).select_from(Application).where(
            Application.candidate_id == ids["rejected long ago"])) == 1  # fmt: skip
    assert store.retention.due(POLICY, now=NOW) == []


def test_apply_skips_someone_contacted_since_the_listing(people):
    store, ids = people
    due = [p.candidate_id for p in store.retention.due(POLICY, now=NOW)]
    with store.db.transaction() as s:
        s.execute(update(Candidate).where(Candidate.id == ids["exactly"]).values(last_contacted_at=NOW))
    run = store.retention.apply(POLICY, due, now=NOW)
    assert (run.anonymised, run.skipped, run.batches) == (len(DUE) - 1, 1, 1)
    assert store.candidates.get(ids["exactly"]).full_name == "Exactly Due"


def test_the_segment_lists_the_due_only_under_a_policy(people):
    store, ids = people
    assert "retention" not in store.prospects.segment_keys()
    assert store.prospects.count("retention") == 0
    store.db.retention = RetentionPolicy(prospects_months=24)
    # The segment evaluates the policy now (after 2026-06-15): the same five, and those due since.
    now_due = {p.candidate_id for p in store.retention.due(store.db.retention)}
    assert {ids[k] for k in DUE} <= now_due
    assert set(store.prospects.matching_ids("retention")) == now_due
    segments = {seg.key: seg.member_count for seg in store.prospects.segments()}
    assert segments["retention"] == len(now_due)
    names = [r.full_name for r in store.prospects.page("retention")]
    assert "Exactly Due" in names and "Active Applicant" not in names


def test_person_detail_says_due_since(people):
    store, ids = people
    assert store.person_detail.get(ids["exactly"]).retention_due_since is None  # no policy
    store.db.retention = RetentionPolicy(prospects_months=24)
    assert store.person_detail.get(ids["exactly"]).retention_due_since == CUTOFF
    assert store.person_detail.get(ids["never, old"]).retention_due_since == CUTOFF - SECOND
    assert store.person_detail.get(ids["active applicant"]).retention_due_since is None
