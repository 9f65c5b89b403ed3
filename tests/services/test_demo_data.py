"""The demo data keeps its promises: jobs in every state, a populated board with weeks of history, rejections
with reasons, hires, pools of prospects with tags and statuses, people in both a pool and a job."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store
from pipeline_tui.store.maintenance import check, search_rows
from pipeline_tui.store.models import Activity, Application, Candidate, PoolMember, StageEvent

NOW = datetime(2026, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    st = Store.open(str(path), actor="tester")
    build_demo(st.db, now=NOW)
    yield st
    st.close()


def _rows(st, stmt):
    with st.db.transaction() as s:
        return s.execute(stmt).all()


def test_jobs_in_different_states(demo):
    jobs = demo.jobs.list_jobs()
    assert len(jobs) >= 5
    assert {"open", "on_hold", "draft", "filled"} <= {j.job.status for j in jobs}


def test_at_least_150_applicants_and_every_stage_populated(demo):
    assert len(_rows(demo, select(Application.id))) >= 150
    for summary in demo.jobs.list_jobs(statuses=("open", "on_hold")):
        cards = demo.applications.board(summary.job.id)
        stage_ids = {c.application.stage_id for c in cards}
        for stage in demo.jobs.stages(summary.job.id):
            assert stage.id in stage_ids, f"{summary.job.title}: {stage.name} is empty"


def test_history_spans_weeks_and_matches_each_application(demo):
    events = _rows(demo, select(StageEvent.at))
    span = max(e.at for e in events) - min(e.at for e in events)
    assert span >= timedelta(weeks=6)
    assert max(e.at for e in events) <= NOW
    # Each application's row agrees with its log, as if every move went through the repository.
    apps = _rows(demo, select(Application))
    moved = 0
    for (app,) in apps[:80]:
        history = demo.applications.history(app.id)
        assert history[0].action in ("applied", "handoff")
        assert history[-1].to_stage_id == app.stage_id
        assert history[-1].to_status == app.status
        assert app.version == len(history)
        entered = [e.at for e in history if e.from_stage_id != e.to_stage_id]
        assert app.stage_entered_at == entered[-1]
        assert [e.at for e in history] == sorted(e.at for e in history)
        moved += len(history) > 1
    assert moved > 30
    # Time in stage means something: some active cards have waited two weeks or more.
    stale = [a for (a,) in apps if a.status == "active" and NOW - a.stage_entered_at > timedelta(days=14)]
    fresh = [a for (a,) in apps if a.status == "active" and NOW - a.stage_entered_at < timedelta(days=7)]
    assert stale and fresh


def test_rejected_with_reasons_withdrawn_and_hired(demo):
    apps = [a for (a,) in _rows(demo, select(Application))]
    by_status = Counter(a.status for a in apps)
    assert by_status["rejected"] >= 10 and by_status["hired"] >= 3 and by_status["withdrawn"] >= 1
    assert all(a.rejection_reason_id for a in apps if a.status in ("rejected", "withdrawn"))
    reasons = {demo.applications.get(a.id).rejection_reason for a in apps if a.status == "rejected"}
    assert len(reasons) >= 3
    hired = [a for a in apps if a.status == "hired"]
    assert all(demo.applications.history(a.id)[-1].action == "hire" for a in hired)


def test_undo_works_on_demo_history(demo):
    """Seeded events carry what undo needs (prev_stage_entered_at), like real moves."""
    card = next(c for s in demo.jobs.list_jobs(statuses=("open",)) for c in demo.applications.board(s.job.id)
                if c.application.status == "active" and c.application.version > 1)  # fmt: skip
    before = demo.applications.history(card.application.id)[-1]
    undone = demo.applications.undo_last_move(card.application.id, card.application.version)
    assert undone.stage_id == before.from_stage_id


def test_pools_hold_300_prospects_with_tags_and_statuses(demo):
    pools = demo.pools.list_pools()
    assert len(pools) >= 4
    members = _rows(demo, select(PoolMember.candidate_id, PoolMember.status))
    assert len({m.candidate_id for m in members}) >= 300
    assert {"new", "contacted", "engaged", "not_interested", "converted"} <= {m.status for m in members}
    tagged = demo.tags.all_tags()
    assert len(tagged) >= 20
    some = members[0].candidate_id
    assert demo.tags.tags_for(some)
    # Some people sit in two pools.
    per_person = Counter(m.candidate_id for m in members)
    assert any(n >= 2 for n in per_person.values())


def test_people_in_both_a_pool_and_a_job(demo):
    both = _rows(
        demo,
        select(func.count(func.distinct(Application.candidate_id))).where(
            Application.candidate_id.in_(select(PoolMember.candidate_id))
        ),
    )[0][0]
    assert both >= 10
    handoffs = _rows(demo, select(Application).where(Application.origin_pool_id.is_not(None)))
    assert handoffs
    for (app,) in handoffs:
        assert demo.applications.history(app.id)[0].action == "handoff"


def test_contact_history_spread_and_backed_by_activities(demo):
    people = [c for (c,) in _rows(demo, select(Candidate))]
    contacted = [c for c in people if c.last_contacted_at]
    assert any(NOW - c.last_contacted_at > timedelta(days=90) for c in contacted)
    assert any(NOW - c.last_contacted_at < timedelta(days=30) for c in contacted)
    assert any(c.last_contacted_at is None for c in people)
    touches = _rows(
        demo,
        select(Activity.candidate_id, func.max(Activity.at))
        .where(Activity.kind != "note")
        .group_by(Activity.candidate_id),
    )
    latest = dict(touches)
    for c in contacted:
        assert latest[c.id] == c.last_contacted_at
    assert _rows(demo, select(func.count()).select_from(Activity).where(Activity.kind == "note"))[0][0] > 10


def test_unique_emails_and_search_index_and_checks(demo):
    emails = [e for (e,) in _rows(demo, select(Candidate.email))]
    assert len(emails) == len(set(emails)) and all(emails)
    assert search_rows(demo.db) == len(emails)
    _, results = check(str(demo.db.sqlite_path))
    assert all(r.ok for r in results), results


def test_possible_duplicates_to_review_and_merge(demo):
    """A few people are on file twice, as two sources make them: the segment is never empty in the demo."""
    pairs = demo.duplicates.pairs()
    phones = [p for p in pairs if any(r.startswith("same phone") for r in p.reasons)]
    typos = [p for p in pairs if any(r.startswith("names ") and " alike at " in r for r in p.reasons)]
    assert len(phones) >= 2 and len(typos) >= 2, [p.reasons for p in pairs]
    for pair in phones:
        assert pair.a.name == pair.b.name
    for pair in typos:
        assert pair.a.name != pair.b.name  # a one-letter typo, not the same spelling
        first, second = (demo.candidates.get(p.id) for p in (pair.a, pair.b))
        assert first.current_company == second.current_company and first.email != second.email
    assert demo.prospects.segment_count("duplicates") == len({i for p in pairs for i in (p.a.id, p.b.id)})


def test_deterministic(tmp_path):
    summaries = []
    for name in ("a.db", "b.db"):
        st = Store.open(str(tmp_path / name))
        build_demo(st.db, now=NOW)
        people = [
            tuple(r) for r in _rows(st, select(Candidate.full_name, Candidate.email).order_by(Candidate.id))
        ]
        events = [
            tuple(r) for r in _rows(st, select(StageEvent.application_id, StageEvent.action, StageEvent.at))
        ]
        summaries.append((people, events))
        st.close()
    assert summaries[0] == summaries[1]


def test_refuses_a_database_with_data(store):
    store.jobs.create_job("Existing job")
    with pytest.raises(RuleViolation, match="empty database"):
        build_demo(store.db, now=NOW)
