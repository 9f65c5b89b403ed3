"""Enrolling on SQLite and PostgreSQL: every skipped person counted with the first reason that holds, one
active enrollment per person, an archived sequence refused whole, a pool by tags, people by e-mail, 10,000
at once, and nothing written when the call fails."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sequences_data import calls_only, person, three_steps
from sqlalchemy import text
from statement_count import statements_during

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation

BERLIN = ZoneInfo("Europe/Berlin")


def rows(store, table: str) -> int:
    with store.db.transaction() as s:
        return s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_every_reason_is_counted_and_the_eligible_are_enrolled(any_store):
    store = any_store
    warm = store.sequences.add(three_steps())
    other = store.sequences.add(calls_only())
    pool = store.pools.create_pool("Data")
    ok = person(store, "Ok Person", "ok@example.org")
    no_mail = person(store, "No Mail")
    erased = person(store, "Erin Erased", "erin@example.org")
    store.privacy.erase(erased)
    withdrawn = person(store, "Wanda Withdrawn", "wanda@example.org")
    store.candidates.update(withdrawn, consent_status="withdrawn")
    refused = person(store, "Rex Refused", "rex@example.org")
    store.candidates.update(refused, consent_status="refused")
    applicant = person(store, "Alf Applicant", "alf@example.org")
    store.applications.apply(applicant, store.jobs.create_job("Data Engineer").id)
    busy = person(store, "Bea Busy", "bea@example.org")
    store.enrollments.enroll(other.id, [busy])
    no_thanks = person(store, "Nils No", "nils@example.org")
    store.pools.add_to_pool(pool.id, [no_thanks, ok], status="not_interested")
    store.pools.set_status(pool.id, [ok], "contacted")
    # Erased *and* without e-mail: the first reason in the order wins (erased).
    result = store.enrollments.enroll(
        warm.id,
        [ok, no_mail, erased, withdrawn, refused, applicant, busy, no_thanks, 424242, ok],
        pool_id=pool.id,
    )
    assert result.enrolled == 1
    assert result.skipped == {
        "no_email": 1,
        "erased": 1,
        "consent_withdrawn": 2,
        "active_applicant": 1,
        "already_active": 1,
        "not_interested": 1,
        "not_found": 1,
    }
    assert result.skipped_total == 8 and result.sequence == "Warm up"
    (enrollment,) = store.enrollments.for_person(ok)
    assert (enrollment.sequence, enrollment.pool, enrollment.status, enrollment.next_step) == (
        "Warm up",
        "Data",
        "active",
        1,
    )


def test_no_email_only_matters_for_a_sequence_with_email_steps(any_store):
    store = any_store
    ring = store.sequences.add(calls_only())
    assert store.enrollments.enroll(ring.id, [person(store, "No Mail")]).enrolled == 1


def test_not_interested_anywhere_counts_when_enrolled_without_a_pool(any_store):
    store = any_store
    ring = store.sequences.add(calls_only())
    pool, other = store.pools.create_pool("Data"), store.pools.create_pool("Other")
    nils = person(store, "Nils No")
    store.pools.add_to_pool(pool.id, [nils], status="not_interested")
    assert store.enrollments.enroll(ring.id, [nils], pool_id=other.id).enrolled == 1
    store.enrollments.remove(store.enrollments.for_person(nils)[0].id)
    assert store.enrollments.enroll(ring.id, [nils]).skipped == {"not_interested": 1}


def test_one_active_enrollment_per_person_across_sequences(any_store):
    store = any_store
    warm, ring = store.sequences.add(three_steps()), store.sequences.add(calls_only())
    ann = person(store, "Ann Lee", "ann@example.org")
    assert store.enrollments.enroll(warm.id, [ann]).enrolled == 1
    assert store.enrollments.enroll(ring.id, [ann]).skipped == {"already_active": 1}
    assert store.enrollments.enroll(warm.id, [ann]).skipped == {"already_active": 1}
    removed = store.enrollments.remove(store.enrollments.current([ann])[ann].id)
    assert (removed.status, removed.stop_reason, removed.touches[0].status) == (
        "stopped",
        "removed",
        "stopped",
    )
    with pytest.raises(RuleViolation, match="has already ended"):
        store.enrollments.remove(removed.id)
    assert store.enrollments.enroll(ring.id, [ann]).enrolled == 1
    assert [e.sequence for e in store.enrollments.for_person(ann)] == ["Ring round", "Warm up"]


def test_the_first_touch_is_due_after_the_first_wait_in_the_users_zone(any_store):
    store = any_store
    seq = store.sequences.add(
        three_steps().model_copy(
            update={
                "steps": (calls_only().steps[0].model_copy(update={"wait_days": 2, "business_days": True}),)
            }
        )
    )
    ann = person(store, "Ann Lee")
    # Friday 23:30 UTC is Saturday 00:30 in Berlin: two business days from Saturday is Tuesday.
    store.enrollments.enroll(seq.id, [ann], now=datetime(2026, 3, 6, 23, 30), zone=BERLIN)
    assert store.enrollments.current([ann])[ann].next_due_on == date(2026, 3, 10)
    assert store.enrollments.for_person(ann)[0].enrolled_at == datetime(2026, 3, 6, 23, 30)


def test_an_archived_sequence_refuses_the_whole_call(any_store):
    store = any_store
    ring = store.sequences.add(calls_only())
    store.sequences.archive(ring.id)
    with pytest.raises(RuleViolation, match="sequence 'Ring round' is archived"):
        store.enrollments.enroll(ring.id, [person(store, "Ann Lee")])
    assert rows(store, "enrollment") == 0


def test_a_pool_with_tags_enrolls_the_members_carrying_every_tag(any_store):
    store = any_store
    ring = store.sequences.add(calls_only())
    pool = store.pools.create_pool("Data")
    both, one, outside = person(store, "Both Tags"), person(store, "One Tag"), person(store, "Not In Pool")
    store.pools.add_to_pool(pool.id, [both, one])
    store.tags.tag([both, outside], ["rust", "Senior"])
    store.tags.tag([one], ["rust"])
    result = store.enrollments.enroll_pool(ring.id, pool.id, tags=["Rust", "senior"])
    assert (result.enrolled, result.skipped) == (1, {})
    assert list(store.enrollments.current([both, one, outside])) == [both]
    assert store.enrollments.current([both])[both].pool == "Data"
    assert store.enrollments.enroll_pool(ring.id, pool.id).enrolled == 1  # everyone else in the pool
    with pytest.raises(NotFound, match="no tag 'nope'"):
        store.enrollments.enroll_pool(ring.id, pool.id, tags=["rust", "nope"])
    with pytest.raises(NotFound, match="no pool #999"):
        store.enrollments.enroll_pool(ring.id, 999)


def test_emails_match_any_of_a_persons_addresses(any_store):
    store = any_store
    warm = store.sequences.add(three_steps())
    ann = person(store, "Ann Lee", "ann@example.org")
    store.candidates.update(ann, others={"email": ["ann.lee@work.example"]})
    bo = person(store, "Bo Ek", "bo@example.org")
    result = store.enrollments.enroll_emails(
        warm.id, ["ANN.LEE@work.example", "ann@example.org", "nobody@example.org", "bo@example.org"]
    )
    assert (result.enrolled, result.skipped) == (2, {"not_found": 1})
    assert set(store.enrollments.current([ann, bo])) == {ann, bo}
    assert store.enrollments.current([ann])[ann].pool is None
    with pytest.raises(InvalidInput):
        store.enrollments.enroll_emails(warm.id, ["not an address"])


def test_nothing_is_written_when_the_call_fails(any_store):
    store = any_store
    ann = person(store, "Ann Lee")
    with pytest.raises(NotFound, match="no sequence #77"):
        store.enrollments.enroll(77, [ann])
    ring = store.sequences.add(calls_only())
    with pytest.raises(NotFound, match="no pool #5"):
        store.enrollments.enroll(ring.id, [ann], pool_id=5)
    assert (rows(store, "enrollment"), rows(store, "touch")) == (0, 0)


def test_ten_thousand_people_at_once(any_store):
    store = any_store
    warm = store.sequences.add(three_steps())
    with store.db.transaction() as s:
        for start in range(0, 10_000, 1_000):
            s.execute(
                text(
                    "INSERT INTO candidate (full_name, email, consent_status, created_at, updated_at) "
                    "VALUES (:n, :e, 'unknown', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                [{"n": f"P {i}", "e": f"p{i}@example.org"} for i in range(start, start + 1_000)],
            )
        ids = list(s.execute(text("SELECT id FROM candidate ORDER BY id")).scalars())
    got = []
    statements = statements_during(store, lambda: got.append(store.enrollments.enroll(warm.id, ids)))
    (result,) = got
    assert result.enrolled == 10_000 and result.skipped == {}
    assert (rows(store, "enrollment"), rows(store, "touch")) == (10_000, 10_000)
    assert store.sequences.get(warm.id).active == 10_000
    # Set-based: a handful of statements per chunk of people, never one per person (speed itself is
    # bench/nurture.py's: the < 1 s budget at full size).
    assert statements < 20, statements  # 9 today
    assert store.enrollments.enroll(warm.id, ids[:500]).skipped == {"already_active": 500}
