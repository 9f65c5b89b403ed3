"""Bulk seeding and export through the services, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import io
import json
import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.demo import build_demo
from pipeline_tui.services.export import ExportRequest, neutralise, write_export
from pipeline_tui.services.synthetic import BENCH, OVERLAP_SHARE, SeedPlan, seed_synthetic
from pipeline_tui.services.timeline import Outcome, StageRef, plan_timeline
from pipeline_tui.store.exports import ExportReader
from pipeline_tui.store.models import Application, Candidate, StageEvent

NOW = datetime(2026, 11, 20, 9, 30)


def test_synthetic_data_is_consistent_and_the_store_keeps_working(any_store):
    plan = SeedPlan(jobs=5, applicants=600, prospects=1000, pools=3, tags=20, largest_job=200, seed=7)
    report = seed_synthetic(any_store.db, plan, now=NOW)
    assert report.counts["candidate"] == 1000 + 600 - 60
    assert report.counts["application"] == 600
    with any_store.db.transaction() as s:
        assert s.scalar(select(func.count(func.distinct(Candidate.email)))) == 1540
        # Every application's row agrees with the last event of its log.
        last = (
            select(StageEvent.application_id, func.max(StageEvent.id).label("id"))
            .group_by(StageEvent.application_id)
            .subquery()
        )
        mismatched = s.scalar(
            select(func.count())
            .select_from(Application)
            .join(last, last.c.application_id == Application.id)
            .join(StageEvent, StageEvent.id == last.c.id)
            .where(
                (StageEvent.to_stage_id != Application.stage_id)
                | (StageEvent.to_status != Application.status)
            )
        )
        assert mismatched == 0
        assert s.scalar(select(func.max(StageEvent.at))) <= NOW
        assert (
            s.scalar(select(func.count()).select_from(Application).where(Application.applied_at > NOW)) == 0
        )
    assert max(j.active_count for j in any_store.jobs.list_jobs()) == 200
    # Ids were assigned by the seeder: the database's own sequences must have moved past them.
    person = any_store.candidates.add(CandidateInput.parse(full_name="After Seed", email="after@seed.org"))
    job = any_store.jobs.create_job("After seed")
    app = any_store.applications.apply(person.id, job.id)
    assert any_store.applications.history(app.id)[0].action == "applied"
    # The search index covers everyone, including the person added afterwards.
    table = "candidate_fts" if any_store.db.is_sqlite else "candidate_search"
    with any_store.db.transaction() as s:
        assert s.scalar(text(f"SELECT count(*) FROM {table}")) == any_store.candidates.count()


def test_same_seed_same_data(tmp_path):
    from pipeline_tui.store import Store

    out = []
    for name in ("a.db", "b.db"):
        st = Store.open(str(tmp_path / name))
        seed_synthetic(st.db, SeedPlan(jobs=3, applicants=100, prospects=200, pools=2, tags=10), now=NOW)
        with st.db.transaction() as s:
            out.append(s.execute(select(Candidate.full_name, Candidate.email).order_by(Candidate.id)).all())
        st.close()
    assert out[0] == out[1]


def test_bench_preset_is_the_benchmark_shape():
    plan = BENCH.resolved()
    assert (plan.jobs, plan.applicants, plan.pools, plan.tags, plan.tag_links, plan.largest_job) == (
        200, 100_000, 500, 2_000, 3_000_000, 5_000,
    )  # fmt: skip
    assert plan.prospects + plan.applicants - int(plan.applicants * OVERLAP_SHARE) == 1_000_000


@pytest.mark.parametrize(
    "plan",
    [
        SeedPlan(applicants=5),
        SeedPlan(jobs=1, applicants=5, largest_job=6),
        SeedPlan(prospects=5, tags=0, tag_links=3),
        SeedPlan(prospects=-1),
    ],
)
def test_impossible_plans_are_refused(plan):
    with pytest.raises(InvalidInput):
        plan.resolved()


def test_timeline_never_runs_into_the_future():
    rng = random.Random(3)
    stages = [
        StageRef(i + 1, n, k)
        for i, (n, k) in enumerate(
            [("A", "active"), ("S", "active"), ("I", "active"), ("O", "offer"), ("H", "hired")]
        )
    ]
    for outcome in [
        Outcome(0),
        Outcome(3),
        Outcome(4, "hired"),
        Outcome(2, "rejected", 1),
        Outcome(1, "withdrawn", 2),
    ]:
        for _ in range(50):
            applied = NOW - timedelta(days=rng.uniform(0, 60))
            tl = plan_timeline(rng, stages, outcome, application_id=1, applied_at=applied, now=NOW, actor="x")
            times = [e["at"] for e in tl.events]
            assert times == sorted(times) and times[-1] <= NOW and times[0] >= applied.replace(microsecond=0)
            assert tl.status == outcome.status and tl.stage.id == stages[outcome.stage_index].id
            assert tl.version == len(tl.events)
            assert tl.events[-1]["to_status"] == outcome.status


def test_export_service_on_both_databases(any_store):
    build_demo(any_store.db, now=NOW)
    buf = io.StringIO()
    n = write_export(any_store, ExportRequest(kind="applicants"), buf)
    data = json.loads(buf.getvalue())
    assert n == len(data) >= 150
    buf = io.StringIO()
    write_export(any_store, ExportRequest(kind="prospects", pool_name="data & analytics"), buf)
    people = json.loads(buf.getvalue())
    assert len(people) == any_store.pools.find_by_name("Data & analytics").member_count


def test_keyset_pages_see_every_row_once(tmp_path):
    from pipeline_tui.store import Store

    st = Store.open(str(tmp_path / "p.db"))
    build_demo(st.db, now=NOW)
    small = list(ExportReader(st.db, page=7).people())
    large = list(ExportReader(st.db, page=10_000).people())
    assert small == large and len({p.id for p in small}) == st.candidates.count()
    apps_small = list(ExportReader(st.db, page=3).applicants())
    assert apps_small == list(ExportReader(st.db).applicants())
    # A selection of people (for the browser's "export selected" later).
    chosen = [p.id for p in large[::25]]
    picked = list(ExportReader(st.db, page=4).people(candidate_ids=chosen))
    assert [p.id for p in picked] == sorted(chosen)
    st.close()


def test_excel_csv_starts_with_a_byte_order_mark(store):
    buf = io.StringIO()
    write_export(store, ExportRequest(kind="prospects", fmt="csv", excel=True), buf)
    assert buf.getvalue().startswith("\ufeffname,email")


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("=1+1", "'=1+1"), ("+49 30 1234", "'+49 30 1234"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Ann", "Ann"), (None, ""), (3, "3"), ("a=b", "a=b")],
)  # fmt: skip
def test_neutralise(cell, shown):
    assert neutralise(cell) == shown
