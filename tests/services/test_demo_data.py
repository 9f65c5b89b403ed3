"""The demo data keeps its promises: jobs in every state, a populated board with weeks of history, rejections
with reasons, hires, pools of prospects with tags and statuses, people in both a pool and a job; interview
plans, interviews (held with scorecards, and ahead: today and this week for the person running the demo), a
scorecard they still owe, an offer waiting for their approval, and an accepted offer that hired someone; two
nurture sequences with people enrolled and a due queue with touches due today, overdue and later."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.core.local_time import day_bounds, user_zone
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store
from pipeline_tui.store.hiring_tables import HiringEvent, Interview, Offer, Scorecard
from pipeline_tui.store.maintenance import check, search_rows
from pipeline_tui.store.models import Activity, Application, Candidate, PoolMember, StageEvent
from pipeline_tui.store.nurture_tables import Enrollment, Touch

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


def _me(st):
    """The person who ran the demo (the store's current user: "tester" here)."""
    member = st.team.current()
    assert member is not None and member.name == "tester"
    return member


def test_every_job_has_an_interview_plan(demo):
    for summary in demo.jobs.list_jobs():
        rounds = demo.rounds.for_job(summary.job.id)
        assert len(rounds) >= 3, summary.job.title
        assert all(r.attributes for r in rounds), summary.job.title
    analyst = demo.jobs.find_by_title("Data Analyst")  # its own stages: rounds added by the demo
    assert {r.stage_name for r in demo.rounds.for_job(analyst.id)} >= {"Take-home task", "Onsite"}


def test_the_demo_user_interviews_today_and_this_week(demo):
    me = _me(demo)
    jobs = [s for s in demo.jobs.list_jobs(member_id=me.id)]
    assert len(jobs) >= 3  # on the hiring team of several jobs ("my jobs")
    zone = user_zone()
    today = NOW.replace(tzinfo=UTC).astimezone(zone).date()
    start, end = day_bounds(today, zone)
    mine_today = demo.interviews.list(start=start, end=end, member_id=me.id, statuses=["scheduled"])
    assert len(mine_today) >= 2
    _, week_end = day_bounds(today + timedelta(days=4), zone)
    later = demo.interviews.list(start=end, end=week_end, member_id=me.id, statuses=["scheduled"])
    assert later
    assert all(me.id in {p.id for p in i.panel} for i in mine_today + later)


def test_held_interviews_have_scorecards_from_their_panels(demo):
    held = demo.interviews.list(statuses=["completed"])
    assert len(held) >= 6
    assert all(i.starts_at < NOW.replace(tzinfo=UTC) for i in held)
    authors_per_interview = Counter()
    overall = Counter()
    for interview in held:
        for card in demo.scorecards.for_application(interview.application_id):
            if card.interview_id == interview.id and card.status == "submitted":
                authors_per_interview[interview.id] += 1
                overall[card.overall] += 1
                assert card.takeaways and card.submitted_at >= interview.ends_at
                assert {r.attribute for r in card.ratings} == set(interview.attributes)
    assert max(authors_per_interview.values()) >= 2
    assert len([o for o in overall if o is not None]) >= 3  # varied recommendations
    ahead = demo.interviews.list(start=NOW.replace(tzinfo=UTC), statuses=["scheduled"])
    assert len(ahead) >= 6


def test_a_scorecard_is_due_for_the_demo_user_and_others_are_hidden_until_then(demo):
    me = _me(demo)
    due = demo.scorecards.due_for(me.id, now=NOW.replace(tzinfo=UTC))
    held = [d for d in due if d.interview.status == "completed"]
    assert len(held) == 1
    view = demo.scorecards.view(held[0].interview.application_id, me.id)
    assert view.hidden >= 1  # the other panel member's, until the demo user submits theirs


def test_an_offer_waits_for_the_demo_users_approval(demo):
    me = _me(demo)
    with pinned_at(NOW):  # read as of the demo's now: offers expire on reads
        waiting = demo.offers.waiting_for(me.id)
        statuses = Counter(o.status for o in demo.offers.list())
    assert len(waiting) == 1 and waiting[0].status == "pending_approval"
    decided = {a.approver.id: a.decision for a in waiting[0].approvals}
    assert decided[me.id] == "pending" and "approved" in decided.values()
    assert statuses == {"accepted": 1, "declined": 1, "sent": 1, "pending_approval": 1}


def test_the_accepted_offer_hired_its_applicant_with_the_offer_on_the_stage_event(demo):
    with pinned_at(NOW):
        (accepted,) = demo.offers.list(statuses=["accepted"])
        (declined,) = demo.offers.list(statuses=["declined"])
    app = demo.applications.get(accepted.application_id)
    assert app.status == "hired"
    last = demo.applications.history(app.id)[-1]
    assert last.action == "hire" and last.at <= NOW
    linked = _rows(demo, select(StageEvent.offer_id).where(StageEvent.application_id == app.id))
    assert [o for (o,) in linked if o is not None] == [accepted.id]
    assert demo.applications.get(declined.application_id).status == "active"  # stays where it is


def test_hiring_history_sits_in_the_demos_past(demo):
    events = _rows(demo, select(HiringEvent.at, HiringEvent.actor))
    assert len(events) > 50 and max(at for at, _ in events) <= NOW
    assert len({actor for _, actor in events}) >= 5  # each change by whoever made it
    assert _rows(demo, select(func.count()).select_from(Interview))[0][0] >= 15
    assert _rows(demo, select(func.count()).select_from(Scorecard))[0][0] >= 15
    assert _rows(demo, select(func.count()).select_from(Offer))[0][0] == 4


def test_two_sequences_with_people_enrolled_and_every_step_worked(demo):
    sequences = {seq.name: seq for seq in demo.sequences.list(include_archived=True)}
    assert len(sequences) == 2
    warm_up, finalists = sorted(sequences.values(), key=lambda seq: -len(seq.steps))
    assert [s.channel for s in warm_up.steps] == ["email", "linkedin", "call"]
    assert all(s.business_days for s in warm_up.steps)
    assert len(finalists.steps) == 2 and "finalists" in finalists.name.lower()
    pool_names = {p.id: p.name for p in demo.pools.list_pools(counts=False)}
    enrolled_from = {
        (seq_id, pool_names[pool_id])
        for seq_id, pool_id in _rows(demo, select(Enrollment.sequence_id, Enrollment.pool_id))
    }
    assert enrolled_from == {(warm_up.id, "Backend engineers – Europe"), (finalists.id, "Silver medalists")}
    stats = demo.sequences.stats(warm_up.id)
    assert stats.enrolled >= 20 and stats.active and stats.completed and stats.stopped
    assert all(step.sent for step in stats.steps)  # the counts per step show something at every step
    assert sum(step.replied for step in stats.steps) and sum(step.opted_out for step in stats.steps)
    assert demo.sequences.stats(finalists.id).enrolled >= 3


def test_the_queue_has_touches_due_today_overdue_and_later(demo):
    zone = user_zone()
    today = NOW.replace(tzinfo=UTC).astimezone(zone).date()
    with pinned_at(NOW):
        queue = demo.touches.due(limit=1000, zone=zone)
    assert [t.due_on for t in queue] == sorted(t.due_on for t in queue)
    assert any(t.due_on == today for t in queue) and any(t.due_on < today for t in queue)
    later = _rows(
        demo, select(func.count()).select_from(Touch).where(Touch.status == "due", Touch.due_on > today)
    )
    assert later[0][0] >= 1
    assert all(t.subject and "{{" not in t.subject + t.body for t in queue if t.channel == "email")
    statuses = {status for (status,) in _rows(demo, select(Touch.status))}
    assert {"due", "done", "replied", "opted_out"} <= statuses
    # Done touches were logged on the person and happened in the demo's past, on weekdays.
    done = _rows(demo, select(Touch.done_at).where(Touch.done_at.is_not(None)))
    assert done and all(at <= NOW for (at,) in done)
    assert all(at.replace(tzinfo=UTC).astimezone(zone).weekday() < 5 for (at,) in done)


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
        hiring = [
            tuple(r)
            for r in _rows(
                st, select(HiringEvent.subject, HiringEvent.action, HiringEvent.detail, HiringEvent.at)
            )
        ]
        touches = [
            tuple(r)
            for r in _rows(
                st, select(Touch.enrollment_id, Touch.step, Touch.status, Touch.due_on, Touch.done_at)
            )
        ]
        summaries.append((people, events, hiring, touches))
        st.close()
    assert summaries[0] == summaries[1]


def test_refuses_a_database_with_data(store):
    store.jobs.create_job("Existing job")
    with pytest.raises(RuleViolation, match="empty database"):
        build_demo(store.db, now=NOW)
