"""The CRM's writes in the change log, on SQLite and PostgreSQL: each change to a person, a pool or a sequence
writes its row(s) in the write's own transaction, saying what changed but never a person's details (no field
values, no note text, no file name); refused writes and rollbacks write none; a 10,000-person bulk tag is
10,000 rows in one transaction that another user's watch receives as ONE overflow batch."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from nurture_data import add_people, enroll_people
from sequences_data import three_steps
from sqlalchemy import func, select, text

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import add_prospect
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog

UTC = ZoneInfo("UTC")
COLUMNS = (
    ChangeLog.kind,
    ChangeLog.entity,
    ChangeLog.entity_id,
    ChangeLog.candidate_id,
    ChangeLog.subject,
    ChangeLog.detail,
)


def log(store: Store, after: int = 0) -> list[tuple]:
    """The log's rows after `after`, oldest first: (kind, entity, entity_id, candidate_id, subject, detail)."""
    with store.db.connection() as conn:
        rows = conn.execute(select(*COLUMNS).where(ChangeLog.seq > after).order_by(ChangeLog.seq))
        return [tuple(r) for r in rows]


def said(store: Store, after: int = 0) -> list[tuple]:
    """(kind, detail) of the rows after `after`: what most checks need."""
    return [(r[0], r[5]) for r in log(store, after)]


def other_user(store: Store, actor: str = "Ben") -> Store:
    """A second user on the same database (another process as far as the log is concerned)."""
    return Store.open(store.db.engine.url.render_as_string(hide_password=False), actor=actor)


def texts(store: Store, after: int = 0) -> list[str]:
    """The sentences another user reads for the changes after `after`."""
    ben = other_user(store)
    try:
        return [c.text for c in ben.changes.changes_since(after).changes]
    finally:
        ben.close()


def ann(store: Store) -> int:
    person = CandidateInput.parse(full_name="Ann Smith", email="ann@example.org", source="Referral")
    return store.candidates.add(person).id


def test_each_edit_of_a_person_names_what_changed_never_the_values(any_store):
    store = any_store
    cid = ann(store)
    assert log(store) == [("added", "candidate", cid, cid, None, "Referral")]
    seq = store.changes.latest_seq()
    store.candidates.update(cid, current_title="CTO", email="ann.smith@example.org")
    store.candidates.update(cid, current_title="CTO")  # nothing changed: nothing noted
    store.candidates.update(cid, consent_status="given")
    store.candidates.update(cid, others={"phone": ["+49 151 2345678"]})
    phone = next(i for i in store.candidates.identities(cid) if i.kind == "phone")
    store.candidates.remove_identity(phone.id)
    home = store.candidates.add_identity(cid, "email", "ann@home.example")
    store.candidates.add_identity(cid, "email", "ann@home.example")  # hers already: nothing
    store.candidates.set_primary(home.id)
    store.candidates.set_primary(home.id)  # primary already: nothing
    assert said(store, seq) == [
        ("edited", "e-mail, title"),
        ("edited", "consent"),
        ("edited", "phones"),
        ("edited", "phones"),
        ("edited", "e-mail addresses"),
        ("edited", "primary e-mail"),
    ]
    assert {r[3] for r in log(store)} == {cid}
    assert texts(store, seq)[:2] == [
        "tester edited Ann Smith (e-mail, title)",
        "tester edited Ann Smith (consent)",
    ]
    _nothing_personal(store, "ann.smith@example.org", "CTO", "2345678", "home.example")


def test_tags_notes_touches_and_files_of_a_person(any_store):
    store = any_store
    cid = ann(store)
    seq = store.changes.latest_seq()
    store.tags.tag([cid], ["go", "Rust"])
    store.tags.tag([cid], ["go"])  # had it: nothing
    store.tags.untag([cid], ["rust", "nope"])
    store.activities.add(cid, "note", "Secret: wants 200k")
    store.activities.add(cid, "call", "rang her")
    store.activities.log_touch([cid], "linkedin", "hello there")
    cv = store.files.attach(cid, "Ann_Smith_CV.pdf", b"%PDF-1.4", max_size=1000)
    store.files.attach(cid, "holiday.txt", b"hi", max_size=1000)
    store.files.remove(cv.id)
    assert said(store, seq) == [
        ("tagged", "go, Rust"),
        ("untagged", "Rust"),
        ("noted", None),
        ("contacted", "call"),
        ("contacted", "LinkedIn message"),
        ("file_added", "a PDF file"),
        ("file_added", "a file"),
        ("file_removed", "a PDF file"),
    ]
    assert texts(store, seq) == [
        "tester tagged Ann Smith go, Rust",
        "tester untagged Ann Smith Rust",
        "tester added a note on Ann Smith",
        "tester logged a touch with Ann Smith (call)",
        "tester logged a touch with Ann Smith (LinkedIn message)",
        "tester attached a PDF file to Ann Smith",
        "tester attached a file to Ann Smith",
        "tester removed a PDF file from Ann Smith",
    ]
    _nothing_personal(store, "Secret", "200k", "rang her", "hello there", "Ann_Smith", "holiday")


def test_a_note_on_an_application_belongs_to_its_job(any_store):
    store = any_store
    cid = ann(store)
    job = store.jobs.create_job("Backend Engineer")
    app = store.applications.apply(cid, job.id)
    store.activities.add(cid, "note", "strong", application_id=app.id)
    with store.db.connection() as conn:
        row = conn.execute(select(ChangeLog.job_id).where(ChangeLog.kind == "noted")).one()
    assert row.job_id == job.id


def test_pools_and_their_members(any_store):
    store = any_store
    ids = add_people(store, "Ann Smith", "Bo Li", "Cy Wu")
    seq = store.changes.latest_seq()
    pool = store.pools.create_pool("Silver", description="for later")
    store.pools.add_to_pool(pool.id, ids[:2])
    store.pools.add_to_pool(pool.id, ids)  # two are there already: only Cy is noted
    store.pools.set_status(pool.id, ids, "contacted")
    store.pools.set_status(pool.id, ids, "contacted")  # already: nothing
    store.pools.remove_from_pool(pool.id, [ids[0]])
    store.pools.remove_from_pool(pool.id, [ids[0]])  # gone already: nothing
    store.pools.rename_pool(pool.id, "Gold")
    store.pools.rename_pool(pool.id, "Gold")  # same name: nothing
    store.pools.describe_pool(pool.id, "for now")
    store.pools.delete_pool(pool.id)
    rows = log(store, seq)
    assert [(k, e, cand, subject, detail) for k, e, _, cand, subject, detail in rows] == [
        ("pool_created", "pool", None, "Silver", None),
        ("pooled", "candidate", ids[0], None, "Silver"),
        ("pooled", "candidate", ids[1], None, "Silver"),
        ("pooled", "candidate", ids[2], None, "Silver"),
        ("pool_status", "candidate", ids[0], None, "contacted in Silver"),
        ("pool_status", "candidate", ids[1], None, "contacted in Silver"),
        ("pool_status", "candidate", ids[2], None, "contacted in Silver"),
        ("unpooled", "candidate", ids[0], None, "Silver"),
        ("pool_edited", "pool", None, "Gold", None),
        ("pool_edited", "pool", None, "Gold", None),
        ("pool_deleted", "pool", None, "Gold", None),
    ]
    assert {r[2] for r in rows if r[1] == "pool"} == {pool.id}
    assert texts(store, seq)[:2] + texts(store, seq)[4:5] + texts(store, seq)[-4:] == [
        "tester created the pool Silver",
        "tester added Ann Smith to the pool Silver",
        "tester set Ann Smith to contacted in Silver",
        "tester removed Ann Smith from the pool Silver",
        "tester edited the pool Gold",
        "tester edited the pool Gold",
        "tester deleted the pool Gold",
    ]


def test_sequences_enrollments_and_the_due_queue(any_store):
    store = any_store
    ids = add_people(store, "Ann Smith", "Bo Li", "Cy Wu", "Di Po", "Ed Ng", "Flo Ma")
    seq = store.changes.latest_seq()
    sequence = store.sequences.add(three_steps("Spring"))
    touches = enroll_people(store, sequence.id, ids)
    now = utcnow()
    store.touches.done(touches[0], now=now, zone=UTC)
    store.touches.skip(touches[1], now=now, zone=UTC)
    store.touches.snooze(touches[2], (now + timedelta(days=3)).date(), now=now, zone=UTC)
    store.touches.replied(touches[3], now=now, zone=UTC)
    store.touches.opted_out(touches[4], now=now, zone=UTC)
    with pytest.raises(RuleViolation):
        store.touches.done(touches[0], now=now, zone=UTC)  # done already: refused, nothing noted
    store.sequences.update(sequence.id, three_steps("Spring 2"))
    flo = next(e for e in store.enrollments.for_person(ids[5]) if e.status == "active")
    store.enrollments.remove(flo.id)
    store.sequences.archive(sequence.id)
    rows = log(store, seq)
    enrolled = [r for r in rows if r[0] == "enrolled"]
    assert [(r[1], r[3], r[5]) for r in enrolled] == [("enrollment", cid, "Spring") for cid in ids]
    assert {r[2] for r in enrolled} == {e.id for cid in ids for e in store.enrollments.for_person(cid)}
    rest = [(k, e, cand, subject, detail) for k, e, _, cand, subject, detail in rows if k != "enrolled"]
    assert rest == [
        ("sequence_created", "sequence", None, "Spring", None),
        ("touch_done", "touch", ids[0], None, "step 1 of Spring"),
        ("touch_skipped", "touch", ids[1], None, "step 1 of Spring"),
        ("touch_snoozed", "touch", ids[2], None, "step 1 of Spring"),
        ("replied", "touch", ids[3], None, "step 1 of Spring"),
        ("opted_out", "touch", ids[4], None, "step 1 of Spring"),
        ("sequence_edited", "sequence", None, "Spring 2", None),
        ("enrollment_stopped", "enrollment", ids[5], None, "Spring 2"),
        # Archiving stops everyone still in it: Ann and Bo (on to step 2) and Cy (snoozed).
        ("enrollment_stopped", "enrollment", ids[0], None, "Spring 2 (the sequence was archived)"),
        ("enrollment_stopped", "enrollment", ids[1], None, "Spring 2 (the sequence was archived)"),
        ("enrollment_stopped", "enrollment", ids[2], None, "Spring 2 (the sequence was archived)"),
        ("sequence_archived", "sequence", None, "Spring 2", None),
    ]
    assert [r[2] for r in rows if r[1] == "touch"] == touches[:5]
    sentences = texts(store, seq)
    assert "tester enrolled Ann Smith in Spring" in sentences
    assert "tester did a touch with Ann Smith (step 1 of Spring)" in sentences
    assert "tester stopped Flo Ma in Spring 2" in sentences
    assert "tester archived the sequence Spring 2" in sentences


def test_an_application_opened_stops_the_sequence_and_says_why(any_store):
    store = any_store
    (cid,) = add_people(store, "Ann Smith")
    sequence = store.sequences.add(three_steps("Spring"))
    enroll_people(store, sequence.id, [cid])
    seq = store.changes.latest_seq()
    job = store.jobs.create_job("Backend Engineer")
    store.applications.apply(cid, job.id)
    assert ("enrollment_stopped", "Spring (applied to a job)") in said(store, seq)


def test_refused_writes_and_rollbacks_write_nothing(any_store):
    store = any_store
    cid = ann(store)
    pool = store.pools.create_pool("Silver")
    (due,) = enroll_people(store, store.sequences.add(three_steps("Spring")).id, [cid])
    store.touches.skip(due, zone=UTC)
    store.candidates.add(CandidateInput.parse(full_name="Cy Wu", email="cy@example.org"))
    seq = store.changes.latest_seq()
    with pytest.raises(NotFound):
        store.tags.tag([cid, 999_999], ["go"])
    with pytest.raises(NotFound):
        store.pools.add_to_pool(pool.id, [cid, 999_999])
    with pytest.raises(DuplicateCandidate):
        store.candidates.add(CandidateInput.parse(full_name="Ann Again", email="ann@example.org"))
    with pytest.raises(DuplicateCandidate):
        store.candidates.update(cid, current_title="CTO", email="cy@example.org")  # Cy's
    with pytest.raises(InvalidInput):
        store.pools.create_pool("silver")  # taken
    with pytest.raises(InvalidInput):
        store.files.attach(cid, "big.pdf", b"x" * 2000, max_size=1000)
    with pytest.raises(RuleViolation):
        store.touches.skip(due, zone=UTC)
    with pytest.raises(NotFound):  # a unit of work refused at its last step: the person is not kept either
        add_prospect(store, CandidateInput.parse(full_name="Bo Li", email="bo@example.org"), pool_id=999_999)
    with pytest.raises(RuntimeError, match="changed my mind"), store.unit() as uow:
        uow.tags.tag([cid], ["go"])
        uow.pools.add_to_pool(pool.id, [cid])
        raise RuntimeError("changed my mind")
    assert log(store, seq) == []
    assert store.tags.tags_for(cid) == [] and store.candidates.find_by_email("bo@example.org") is None
    assert store.candidates.get(cid).current_title is None


def test_a_prospect_added_to_a_pool_with_tags_is_one_transaction_of_three_rows(any_store):
    store = any_store
    pool = store.pools.create_pool("Silver")
    seq = store.changes.latest_seq()
    person = add_prospect(
        store, CandidateInput.parse(full_name="Bo Li", source="LinkedIn"), pool_id=pool.id, tags=["go"]
    )
    assert [(k, c, d) for k, _, _, c, _, d in log(store, seq)] == [
        ("added", person.id, "LinkedIn"),
        ("pooled", person.id, "Silver"),
        ("tagged", person.id, "go"),
    ]
    with store.db.connection() as conn:
        assert conn.scalar(select(func.count(func.distinct(ChangeLog.at))).where(ChangeLog.seq > seq)) == 1


def _people(store: Store, n: int) -> list[int]:
    with store.db.transaction() as s:
        for start in range(0, n, 1_000):
            s.execute(
                text(
                    "INSERT INTO candidate (full_name, email, consent_status, created_at, updated_at) "
                    "VALUES (:n, :e, 'unknown', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                [{"n": f"P {i}", "e": f"p{i}@example.org"} for i in range(start, start + 1_000)],
            )
        return list(s.execute(text("SELECT id FROM candidate ORDER BY id")).scalars())


def test_a_bulk_tag_of_10000_people_is_10000_rows_in_one_transaction_and_one_batch(any_store):
    store = any_store
    ids = _people(store, 10_000)
    store.tags.tag(ids[:10], ["go"])  # ten had one of the tags already: they are noted with the other only
    ben = other_user(store)
    batches = []
    arrived = threading.Event()
    watch = ben.watch(lambda b: (batches.append(b), arrived.set()), poll=0.2)
    try:
        watch.start()
        assert _wait(lambda: watch.connected is True)
        seq = store.changes.latest_seq()
        store.tags.tag(ids, ["go", "rust"])
        assert arrived.wait(5.0), "the bulk tag never reached the other user"
        time.sleep(1.0)  # anything more would have arrived by now
    finally:
        watch.stop()
        ben.close()
    with store.db.connection() as conn:
        rows = conn.execute(
            select(ChangeLog.seq, ChangeLog.at, ChangeLog.candidate_id, ChangeLog.detail, ChangeLog.origin)
            .where(ChangeLog.seq > seq)
            .order_by(ChangeLog.seq)
        ).all()
    assert len(rows) == 10_000 and {r.candidate_id for r in rows} == set(ids)
    assert {r.detail for r in rows if r.candidate_id in ids[:10]} == {"rust"}
    assert {r.detail for r in rows if r.candidate_id not in ids[:10]} == {"go, rust"}
    # One transaction: one moment, one writer, sequence numbers without a gap.
    assert len({r.at for r in rows}) == 1 and len({r.origin for r in rows}) == 1
    assert rows[-1].seq - rows[0].seq == 9_999
    (batch,) = batches
    assert batch.overflow and batch.count == 10_000 and batch.changes == ()
    assert batch.actors == ("tester",) and batch.last_seq == rows[-1].seq


def _wait(predicate, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _nothing_personal(store: Store, *words: str) -> None:
    """No column of any log row holds these words (a value, a note's text, a file's name)."""
    with store.db.connection() as conn:
        rows = conn.execute(select(ChangeLog.__table__)).all()
        cells = [str(v) for r in rows for v in r if v is not None]
    for word in words:
        assert not [c for c in cells if word.lower() in c.lower()], word
