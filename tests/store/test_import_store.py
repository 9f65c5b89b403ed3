"""Importing into the database: batches, matching by e-mail, idempotent re-runs, crash and re-run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.imports import import_applicants, import_prospects
from pipeline_tui.store import Store
from pipeline_tui.store.models import Activity, Candidate, CandidateTag, PoolMember, StageEvent


def csv_file(tmp_path: Path, body: str, name: str = "people.csv") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def count(store: Store, model) -> int:
    with store.db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def many(tmp_path: Path, n: int, name: str = "many.csv") -> Path:
    lines = ["Name,Email,Company,Tags"]
    lines += [f"Person {i},p{i}@example.com,Co {i % 7},t{i % 3}" for i in range(n)]
    return csv_file(tmp_path, "\n".join(lines) + "\n", name)


def fts_ids(store: Store, word: str) -> list[int]:
    with store.db.transaction() as s:
        return sorted(
            s.scalars(text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH :w"), {"w": word})
        )


def test_prospects_go_into_a_new_pool_with_tags_and_notes(store, tmp_path):
    p = csv_file(
        tmp_path, "Name,Email,Tags,Notes,Shoe\nAnn,ann@example.com,rust,Met at PyCon,42\nBob,,go,,\n"
    )
    result = import_prospects(store, p, pool="Data Eng", tags=["2026 import"])
    r = result.report
    assert (r.total, r.created, r.updated, len(r.duplicates), len(r.failed)) == (2, 2, 0, 0, 0)
    assert result.pool_created and r.pools_created == ("Data Eng",)
    pool = store.pools.find_by_name("data eng")
    assert pool.member_count == 2
    ann = store.candidates.find_by_email("ann@example.com")
    assert store.tags.tags_for(ann.id) == ["2026 import", "rust"]
    (note,) = store.activities.for_candidate(ann.id)
    assert note.kind == "note" and note.body == "Met at PyCon\nShoe: 42"
    # The search index knows the imported people and their notes.
    assert fts_ids(store, "pycon") == [ann.id]
    assert len(fts_ids(store, "bob")) == 1


def test_running_the_same_file_again_creates_nothing(store, tmp_path):
    p = many(tmp_path, 25)
    first = import_prospects(store, p, pool="P", batch_size=10).report
    before = {m: count(store, m) for m in (Candidate, PoolMember, CandidateTag, Activity)}
    again = import_prospects(store, p, pool="P", batch_size=7).report
    assert first.created == 25 and again.created == 0 and again.updated == 0
    assert len(again.duplicates) == 25
    assert {m: count(store, m) for m in before} == before
    with store.db.transaction() as s:
        assert s.scalar(text("SELECT count(*) FROM candidate_fts")) == 25


def test_rows_without_email_are_matched_by_name_phone_company(store, tmp_path):
    p = csv_file(tmp_path, "Name,Phone,Company\nAnn,1,Acme\nAnn,2,Acme\nAnn,1,Acme\n")
    r = import_prospects(store, p, pool="P").report
    assert r.created == 2 and [d.line for d in r.duplicates] == [4]
    r2 = import_prospects(store, p, pool="P").report
    assert r2.created == 0 and count(store, Candidate) == 2


def test_duplicates_within_the_file_and_against_the_database(store, tmp_path):
    existing = store.candidates.add(
        CandidateInput(full_name="Ann Existing", email="ann@example.com", phone="111")
    )
    p = csv_file(
        tmp_path,
        "Name,Email,Phone,Company\n"
        "Ann New,ANN@example.com,999,Acme\n"  # matches the DB: fills the empty company, keeps name and phone
        "Bob,bob@example.com,,\n"
        "Bobby,Bob@Example.com,,\n",  # same e-mail as line 3
    )
    r = import_prospects(store, p, pool="P").report
    assert (r.created, r.updated) == (1, 1)
    assert [(d.line, d.reason) for d in r.duplicates] == [(4, "same e-mail as line 3 (bob@example.com)")]
    ann = store.candidates.get(existing.id)
    assert (ann.full_name, ann.phone, ann.current_company) == ("Ann Existing", "111", "Acme")
    assert count(store, Candidate) == 2
    # --update overwrites what the file says.
    r2 = import_prospects(store, p, pool="P", update=True).report
    assert r2.updated == 1
    ann = store.candidates.get(existing.id)
    assert (ann.full_name, ann.phone) == ("Ann New", "999")


def test_a_failing_row_never_stops_the_good_ones(store, tmp_path):
    long_name = "x" * 250
    p = csv_file(
        tmp_path, f"Name,Email\nAnn,ann@example.com\n{long_name},l@example.com\nBob,bad@\nCy,cy@example.com\n"
    )
    r = import_prospects(store, p, pool="P").report
    assert r.created == 2
    assert [(f.line, f.reason) for f in r.failed] == [
        (3, "full name is longer than 200 characters"),
        (4, "bad e-mail 'bad@'"),
    ]


def test_applicants_land_in_the_job_at_a_stage_with_their_event(store, tmp_path):
    job = store.jobs.create_job("Backend Engineer")
    p = csv_file(tmp_path, "Name,Email,Source\nAnn,ann@example.com,\nBob,bob@example.com,Referral\n")
    result = import_applicants(store, p, job="backend engineer", stage="phone SCREEN", source="Career fair")
    assert result.report.created == 2 and result.report.applications_added == 2
    cards = store.applications.board(job.id)
    assert {c.full_name: c.application.source for c in cards} == {"Ann": "Career fair", "Bob": "Referral"}
    stages = {s.id: s.name for s in store.jobs.stages(job.id)}
    assert {stages[c.application.stage_id] for c in cards} == {"Phone screen"}
    (ev,) = store.applications.history(cards[0].application.id)
    assert (ev.action, ev.to_stage_name) == ("applied", "Phone screen")
    # Again: already applied, nothing new.
    again = import_applicants(store, p, job="Backend Engineer").report
    assert again.created == 0 and again.applications_added == 0 and len(again.duplicates) == 2
    assert count(store, StageEvent) == 2


def test_applicants_take_the_rows_stage_and_status_when_the_job_has_them(store, tmp_path):
    job = store.jobs.create_job("Designer")
    p = csv_file(
        tmp_path,
        "Name,Email,Stage,Status,Applied at,Rejection reason\n"
        "Ann,ann@example.com,Interview,active,2026-01-05,\n"
        "Bob,bob@example.com,Tea party,,,\n"
        "Cy,cy@example.com,Offer,rejected,2026-01-02 10:00,Not a fit\n",
    )
    r = import_applicants(store, p, job="Designer").report
    assert r.created == 3
    assert any("Tea party" in w for w in r.warnings)
    cards = {c.full_name: c for c in store.applications.board(job.id, include_closed=True)}
    stages = {s.id: s.name for s in store.jobs.stages(job.id)}
    assert stages[cards["Ann"].application.stage_id] == "Interview"
    assert cards["Ann"].application.applied_at == datetime(2026, 1, 5)
    assert stages[cards["Bob"].application.stage_id] == "Applied"
    # The stage the job does not have is reported and, as the warning says, kept in Bob's notes.
    (bob_note,) = store.activities.for_candidate(cards["Bob"].candidate_id)
    assert (bob_note.kind, bob_note.body) == ("note", "Stage: Tea party")
    assert store.activities.for_candidate(cards["Ann"].candidate_id) == []
    assert cards["Cy"].application.status == "rejected"
    assert [e.action for e in store.applications.history(cards["Cy"].application.id)] == ["applied", "reject"]
    # Running the file again adds nothing, that note included.
    again = import_applicants(store, p, job="Designer").report
    assert (again.created, again.applications_added, len(again.duplicates)) == (0, 0, 3)
    assert store.activities.for_candidate(cards["Bob"].candidate_id) == [bob_note]


def test_unknown_job_or_stage_is_one_clear_error(store, tmp_path):
    p = csv_file(tmp_path, "Name\nAnn\n")
    with pytest.raises(NotFound, match="no job titled 'Nope'"):
        import_applicants(store, p, job="Nope")
    store.jobs.create_job("Real")
    with pytest.raises(InvalidInput, match="has no stage 'Lunch'"):
        import_applicants(store, p, job="Real", stage="Lunch")
    assert count(store, Candidate) == 0


def test_dry_run_reports_but_writes_nothing(store, tmp_path):
    p = many(tmp_path, 23)
    result = import_prospects(store, p, pool="New pool", dry_run=True, batch_size=10)
    assert result.report.created == 23 and result.report.dry_run and result.pool_created
    assert count(store, Candidate) == 0 and store.pools.list_pools() == []
    with store.db.transaction() as s:
        triggers = s.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE '%fts%'")
        )
    assert triggers == 9  # the search triggers (candidate, activity, identity) suspended per batch came back


class Boom(Exception):
    pass


def test_crash_between_batches_then_rerun_finishes_without_duplicates(store, tmp_path):
    p = many(tmp_path, 55)

    def crash_after_two(done, total):
        if done >= 20:
            raise Boom

    with pytest.raises(Boom):
        import_prospects(store, p, pool="P", batch_size=10, progress=crash_after_two)
    assert count(store, Candidate) == 20 and count(store, PoolMember) == 20
    r = import_prospects(store, p, pool="P", batch_size=10).report
    assert (r.created, len(r.duplicates)) == (35, 20)
    assert count(store, Candidate) == 55 and count(store, PoolMember) == 55
    with store.db.transaction() as s:
        assert s.scalar(select(func.count(func.distinct(Candidate.email)))) == 55


def test_crash_inside_a_batch_rolls_the_whole_batch_back(store, tmp_path, monkeypatch):
    from pipeline_tui.store.imports.batch import Batch

    p = many(tmp_path, 30)
    real = Batch._notes
    calls = {"n": 0}

    def failing_notes(self, by_row, existing):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Boom  # half of batch 2 is written when this hits
        return real(self, by_row, existing)

    monkeypatch.setattr(Batch, "_notes", failing_notes)
    with pytest.raises(Boom):
        import_prospects(store, p, pool="P", batch_size=10)
    assert count(store, Candidate) == 10 and count(store, CandidateTag) == 10
    monkeypatch.setattr(Batch, "_notes", real)
    import_prospects(store, p, pool="P", batch_size=10)
    assert (
        count(store, Candidate) == 30 and count(store, PoolMember) == 30 and count(store, CandidateTag) == 30
    )


def test_killed_process_mid_batch_leaves_a_consistent_db_and_rerun_completes(tmp_path):
    db = tmp_path / "kill.db"
    Store.open(str(db)).close()
    p = many(tmp_path, 3000)
    script = textwrap.dedent(
        f"""
        import sys, time
        from pipeline_tui.store import Store
        from pipeline_tui.store.imports.batch import Batch
        from pipeline_tui.services.imports import import_prospects
        real = Batch._tags
        n = {{"batches": 0}}
        def slow_tags(self, by_row):
            n["batches"] += 1
            out = real(self, by_row)
            if n["batches"] == 3:  # inside batch 3's transaction, search triggers dropped
                print("in batch 3", flush=True)
                time.sleep(120)
            return out
        Batch._tags = slow_tags
        st = Store.open({str(db)!r})
        import_prospects(st, {str(p)!r}, pool="P", batch_size=1000)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "in batch 3"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM candidate").fetchone() == (2000,)
    assert con.execute("SELECT count(*) FROM pool_member").fetchone() == (2000,)
    assert con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE '%fts%'"
    ).fetchone() == (9,)  # candidate, activity and identity
    con.close()
    st = Store.open(str(db))
    try:
        r = import_prospects(st, p, pool="P").report
        assert (r.created, len(r.duplicates)) == (1000, 2000)
        assert count(st, Candidate) == 3000 and count(st, PoolMember) == 3000
        with st.db.transaction() as s:
            assert s.scalar(text("SELECT count(*) FROM candidate_fts")) == 3000
    finally:
        st.close()


def test_json_resume_folder_imports_as_prospects(store, tmp_path):
    import json

    folder = tmp_path / "cv"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({
        "basics": {"name": "Ann Resume", "email": "ann@cv.dev", "label": "Engineer"},
        "skills": [{"name": "Go", "keywords": ["gRPC"]}],
    }))  # fmt: skip
    r = import_prospects(store, folder, pool="CVs").report
    assert r.created == 1
    ann = store.candidates.find_by_email("ann@cv.dev")
    assert ann.current_title == "Engineer" and store.tags.tags_for(ann.id) == ["Go", "gRPC"]


def test_row_tags_and_pools_that_repeat_the_targets_are_linked_once(store, tmp_path):
    p = csv_file(tmp_path, 'Name,Email,Tags,Pools\nAnn,ann@example.com,"Rust; rust",P (engaged); Q\n')
    r = import_prospects(store, p, pool="p", tags=["RUST", "new"]).report
    assert r.created == 1 and set(r.pools_created) == {"p", "Q"}
    ann = store.candidates.find_by_email("ann@example.com")
    assert [t.lower() for t in store.tags.tags_for(ann.id)] == ["new", "rust"]
    assert {(m.pool_name, m.status) for m in store.pools.memberships(ann.id)} == {
        ("p", "engaged"),
        ("Q", "new"),
    }


def test_an_import_checkpoints_its_log_less_often_and_gives_the_setting_back(store, tmp_path):
    """Batch after batch rewrites the same index pages: SQLite copies its log into the file every 20,000
    pages while an import runs instead of every 1,000, with a 16 MB page cache, and the connection has its
    defaults again after."""
    seen: list[tuple[int, int]] = []

    def settings() -> tuple[int, int]:
        with store.db.connection() as conn:
            pages = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
            return pages, conn.exec_driver_sql("PRAGMA cache_size").scalar()

    def during(done: int, total: int) -> None:
        seen.append(settings())

    import_prospects(store, many(tmp_path, 30), pool="Checkpoints", batch_size=10, progress=during)
    assert seen and set(seen) == {(20_000, -16_384)}
    assert settings() == (1000, -2000)
    assert count(store, PoolMember) == 30
