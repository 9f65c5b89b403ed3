"""Privacy erase and merge keep the change log right, on SQLite and PostgreSQL: after an erase (one person, or
the retention policy's batch) no log row, no sentence another user reads, holds the person's name, e-mail or
anything recorded about them (tags, pools, a source); the erase itself reads "tester erased a person's
details". A merge moves the merged-away record's rows to the kept person, so erasing the kept one scrubs both.
"""

from __future__ import annotations

from datetime import datetime

from nurture_data import enroll_people
from sequences_data import three_steps
from sqlalchemy import select

from pipeline_tui.core.change_records import FeedQuery
from pipeline_tui.core.retention import RetentionPolicy
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import merge_people
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog

PERSONAL = ("Ann Smith", "ann@example.org", "Referral", "rustacean", "Silver Pool", "Warm Spring")


def rows_of(store: Store, candidate_id: int | None = None) -> list:
    with store.db.connection() as conn:
        q = select(ChangeLog.__table__).order_by(ChangeLog.seq)
        if candidate_id is not None:
            q = q.where(ChangeLog.candidate_id == candidate_id)
        return conn.execute(q).all()


def _changes(store: Store) -> list:
    """Every change another user reads from the log (the live notices' and the feed's records)."""
    ben = Store.open(store.db.engine.url.render_as_string(hide_password=False), actor="Ben")
    try:
        return list(ben.changes.changes_since(0).changes)
    finally:
        ben.close()


def texts(store: Store) -> list[str]:
    return [c.text for c in _changes(store)]


def a_busy_person(store: Store, name: str = "Ann Smith", email: str = "ann@example.org") -> int:
    """Someone with a log: added (source), edited, tagged, pooled, noted, enrolled, applied."""
    cid = store.candidates.add(CandidateInput.parse(full_name=name, email=email, source="Referral")).id
    store.candidates.update(cid, current_title="Engineer")
    store.tags.tag([cid], ["rustacean"])
    pool = (
        store.pools.find_by_name("Silver Pool")
        if _has_pool(store)
        else store.pools.create_pool("Silver Pool")
    )
    store.pools.add_to_pool(pool.id, [cid])
    store.pools.set_status(pool.id, [cid], "engaged")
    store.activities.add(cid, "note", "met at a conference")
    sequences = {s.name: s.id for s in store.sequences.list()}
    sequence = sequences.get("Warm Spring") or store.sequences.add(three_steps("Warm Spring")).id
    enroll_people(store, sequence, [cid])
    return cid


def _has_pool(store: Store) -> bool:
    return any(p.name == "Silver Pool" for p in store.pools.list_pools(counts=False))


def _clean(store: Store, cid: int, *, others: tuple[int, ...] = ()) -> None:
    """Nothing personal in any cell of any row, nor in any sentence; the person's own rows say nothing.
    `others`: people whose own rows may say the same words (a shared source or tag is theirs too)."""
    rows = [r for r in rows_of(store) if r.candidate_id not in others]
    cells = [str(v) for r in rows for v in r if v is not None]
    for word in PERSONAL:
        if word in ("Silver Pool", "Warm Spring"):
            # The pool's and the sequence's own rows keep their names; none said about the person does.
            assert not [r for r in rows_of(store, cid) if word in f"{r.subject} {r.detail}"], word
        else:
            assert not [c for c in cells if word.lower() in c.lower()], word
    mine = [r for r in rows_of(store, cid) if r.kind not in ("erased", "withdrawn")]
    assert mine and all(r.subject is None and r.detail is None for r in mine)
    # What another user reads: the live batches and the activity feed (`pipeline-tui activity`, key 6).
    for change in _changes(store) + store.activity_feed.feed(FeedQuery(limit=1000)):
        if change.candidate_id not in others:
            assert "Ann Smith" not in change.text and "rustacean" not in change.text, change.text


def test_an_erase_scrubs_the_person_from_the_log_and_says_so(any_store):
    store = any_store
    cid = a_busy_person(store)
    job = store.jobs.create_job("Backend Engineer")
    app = store.applications.apply(cid, job.id)
    bo = store.candidates.add(CandidateInput.parse(full_name="Bo Li", source="Referral")).id
    store.tags.tag([bo], ["rustacean", "go"])
    store.privacy.erase(cid)
    _clean(store, cid, others=(bo,))
    # Bo, who shares a source and a tag, keeps every word of his log.
    assert [(r.kind, r.detail) for r in rows_of(store, bo)] == [
        ("added", "Referral"),
        ("tagged", "rustacean, go"),
    ]
    last = rows_of(store)[-2:]
    assert [(r.kind, r.entity, r.entity_id, r.candidate_id, r.job_id, r.detail) for r in last] == [
        ("withdrawn", "application", app.id, cid, job.id, "Data erased"),
        ("erased", "candidate", cid, cid, None, None),
    ]
    assert texts(store)[-1] == "tester erased a person's details"
    assert store.activity_feed.feed(FeedQuery(limit=1))[0].text == "tester erased a person's details"
    assert texts(store)[-2] == f"tester marked Erased person #{cid} withdrawn (Data erased)"


def test_the_retention_policy_scrubs_each_person_it_anonymises(any_store):
    store = any_store
    ids = [a_busy_person(store), a_busy_person(store, "Cy Wu", "cy@example.org")]
    policy = RetentionPolicy(prospects_months=1)
    run = store.retention.apply(policy, ids, now=datetime(2100, 1, 1), batch=1)
    assert run.anonymised == 2
    for cid in ids:
        assert [r.kind for r in rows_of(store, cid)][-1] == "erased"
    _clean(store, ids[0])
    assert not [r for r in rows_of(store) if "cy@example.org" in f"{r.subject} {r.detail}"]


def test_a_merge_moves_the_log_to_the_kept_person_and_an_erase_then_scrubs_both(any_store):
    store = any_store
    drop = a_busy_person(store)
    keep = store.candidates.add(CandidateInput.parse(full_name="Ann Smyth", email="ann.smyth@example.org")).id
    store.tags.tag([keep], ["go"])
    dropped_rows = len(rows_of(store, drop))
    merge_people(store, keep, drop)
    assert rows_of(store, drop) == []
    kept = rows_of(store, keep)
    assert len(kept) >= dropped_rows + 2
    assert [(r.kind, r.entity_id, r.detail) for r in kept if r.kind == "merged"] == [
        ("merged", keep, "a duplicate record")
    ]
    assert "tester merged a duplicate record into Ann Smyth" in texts(store)
    # The merge names no one in the log (the note on the kept person does, and goes with an erase).
    assert not [r for r in rows_of(store) if "Ann Smith" in f"{r.subject} {r.detail}"]
    store.privacy.erase(keep)
    _clean(store, keep)
    assert not [r for r in rows_of(store) if "ann.smyth" in f"{r.subject} {r.detail}"]
