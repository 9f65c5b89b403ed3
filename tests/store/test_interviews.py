"""Interviews: scheduling with the rules, reschedule / panel / cancel / complete / no show, conflicts,
lists over time and the board's card summary, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from interviews_data import BERLIN, another_applicant, hiring_team, soon
from sqlalchemy import insert, select, update

from pipeline_tui.core.errors import InvalidInput, NotFound, PersonErased, RuleViolation
from pipeline_tui.store.hiring_tables import HiringEvent, Interview, Offer, Scorecard


@pytest.fixture
def team(any_store):
    return hiring_team(any_store)


def events(store, application_id):
    with store.db.transaction() as s:
        rows = s.execute(
            select(HiringEvent.subject, HiringEvent.action, HiringEvent.actor)
            .where(HiringEvent.application_id == application_id)
            .order_by(HiringEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def schedule(store, team, when=None, **options):
    options.setdefault("timezone", "Europe/Berlin")
    options.setdefault("panel", [team["noor"].id, team["mia"].id])
    return store.interviews.schedule(team["app"].id, team["technical"].id, when or soon(), **options)


def test_schedule_stores_utc_keeps_the_zone_and_copies_the_round(any_store, team):
    start = soon(days=3, hour=14)
    result = schedule(any_store, team, start, location="Room [b]4[/b]")
    iv = result.interview
    assert iv.starts_at == start.astimezone(UTC) and iv.starts_at.tzinfo is not None
    assert iv.starts_at.astimezone(BERLIN).hour == 14
    assert (iv.timezone, iv.duration_min, iv.round_name, iv.status) == (
        "Europe/Berlin",
        60,
        "Technical interview",
        "scheduled",
    )
    assert (iv.person, iv.job, iv.location, iv.sequence) == (
        "Ada Lovelace",
        "Backend Engineer",
        "Room [b]4[/b]",
        0,
    )
    assert [m.email for m in iv.panel] == ["mia@example.com", "noor@example.com"]
    assert iv.attributes == ("Problem solving", "Technical depth")
    assert iv.uid.startswith(f"interview-{iv.id}-") and iv.uid.endswith("@pipeline-tui")
    assert result.in_past is False and result.conflicts == ()
    with any_store.db.transaction() as s:
        assert s.scalar(select(Interview.starts_at).where(Interview.id == iv.id)) == start.astimezone(
            UTC
        ).replace(tzinfo=None)
    assert events(any_store, team["app"].id) == [("interview", "scheduled", "tester")]
    assert any_store.interviews.get(iv.id) == iv


def test_duration_defaults_to_the_round_and_is_checked(any_store, team):
    assert schedule(any_store, team, duration_min=None).interview.duration_min == 60
    assert schedule(any_store, team, soon(days=5), duration_min=25).interview.duration_min == 25
    for bad in (4, 1441):
        with pytest.raises(InvalidInput, match="5 to 1440 minutes"):
            schedule(any_store, team, soon(days=6), duration_min=bad)


def test_a_past_time_is_accepted_and_said(any_store, team):
    result = schedule(any_store, team, datetime.now(UTC) - timedelta(days=1))
    assert result.in_past is True and result.interview.status == "scheduled"


def test_refused_unknown_zone_naive_time_foreign_round(any_store, team):
    with pytest.raises(InvalidInput, match="unknown time zone 'Mars/Olympus'"):
        schedule(any_store, team, timezone="Mars/Olympus")
    with pytest.raises(InvalidInput, match="needs its time zone"):
        schedule(any_store, team, datetime(2030, 1, 1, 10, 0))
    other = any_store.jobs.create_job("Designer")
    foreign = any_store.rounds.find(other.id, "Team interview")
    with pytest.raises(RuleViolation, match="belongs to another job"):
        any_store.interviews.schedule(team["app"].id, foreign.id, soon(), timezone="UTC")
    with pytest.raises(NotFound, match="no application #999"):
        any_store.interviews.schedule(999, team["technical"].id, soon(), timezone="UTC")
    assert any_store.interviews.for_application(team["app"].id) == []
    assert events(any_store, team["app"].id) == []


def test_panel_must_be_active_members_of_the_jobs_team(any_store, team):
    with pytest.raises(RuleViolation, match="Zed Outsider is not on the hiring team of ‘Backend Engineer’"):
        schedule(any_store, team, panel=[team["noor"].id, team["zed"].id])
    with pytest.raises(RuleViolation, match="Old Timer is no longer active"):
        schedule(any_store, team, panel=[team["old"].id])
    with pytest.raises(NotFound, match="no team member #9999"):
        schedule(any_store, team, panel=[9999])
    assert any_store.interviews.for_application(team["app"].id) == []
    # Recruiter and hiring manager are on the team; a member named twice sits once.
    iv = schedule(any_store, team, panel=[team["raj"].id, team["mia"].id, team["raj"].id]).interview
    assert [m.name for m in iv.panel] == ["Mia Chen", "Raj Patel"]


@pytest.mark.parametrize("closing", ["reject", "withdraw", "hire"])
def test_no_interview_on_a_closed_application(any_store, team, closing):
    app = team["app"]
    if closing == "hire":
        any_store.applications.hire(app.id, app.version)
    else:
        reason = next(
            r
            for r in any_store.applications.rejection_reasons()
            if r.category == ("withdrew" if closing == "withdraw" else "rejected")
        )
        getattr(any_store.applications, closing)(app.id, reason.id, app.version)
    with pytest.raises(RuleViolation, match="interviews are only for active applications"):
        schedule(any_store, team)


def test_no_interview_for_an_erased_person_and_cancel_still_works(any_store, team):
    iv = schedule(any_store, team).interview
    any_store.privacy.erase(team["ada"].id)
    with pytest.raises(PersonErased):
        schedule(any_store, team, soon(days=4))
    with pytest.raises(PersonErased):
        any_store.interviews.reschedule(iv.id, soon(days=5))


def test_reschedule_keeps_the_uid_and_counts_the_sequence(any_store, team):
    iv = schedule(any_store, team).interview
    moved = any_store.interviews.reschedule(iv.id, soon(days=4, hour=9), duration_min=90, location="Zoom")
    assert moved.interview.uid == iv.uid and moved.interview.sequence == 1
    assert (moved.interview.duration_min, moved.interview.location) == (90, "Zoom")
    assert moved.interview.starts_at.astimezone(BERLIN).hour == 9
    again = any_store.interviews.reschedule(
        iv.id, datetime(2030, 6, 1, 9, 0, tzinfo=ZoneInfo("America/New_York")), timezone="America/New_York"
    )
    assert again.interview.sequence == 2 and again.interview.timezone == "America/New_York"
    assert again.interview.starts_at == datetime(2030, 6, 1, 13, 0, tzinfo=UTC)
    assert again.interview.location == "Zoom"  # kept when not given
    assert [a for _, a, _ in events(any_store, team["app"].id)] == ["scheduled", "rescheduled", "rescheduled"]


def test_set_panel_and_cancel_count_the_sequence(any_store, team):
    iv = schedule(any_store, team).interview
    changed = any_store.interviews.set_panel(iv.id, [team["ola"].id])
    assert [m.name for m in changed.interview.panel] == ["Ola Berg"] and changed.interview.sequence == 1
    same = any_store.interviews.set_panel(iv.id, [team["ola"].id])
    assert same.interview.sequence == 1  # nothing changed, nothing sent
    with pytest.raises(RuleViolation, match="not on the hiring team"):
        any_store.interviews.set_panel(iv.id, [team["zed"].id])
    cancelled = any_store.interviews.cancel(iv.id)
    assert (cancelled.status, cancelled.sequence, cancelled.uid) == ("cancelled", 2, iv.uid)
    for change in (
        lambda: any_store.interviews.cancel(iv.id),
        lambda: any_store.interviews.reschedule(iv.id, soon(days=9)),
        lambda: any_store.interviews.complete(iv.id),
        lambda: any_store.interviews.set_panel(iv.id, [team["noor"].id]),
    ):
        with pytest.raises(RuleViolation, match="is cancelled"):
            change()
    assert [a for _, a, _ in events(any_store, team["app"].id)] == ["scheduled", "panel", "cancelled"]


def test_complete_and_no_show_only_once_started(any_store, team):
    future = schedule(any_store, team).interview
    with pytest.raises(RuleViolation, match="once it has started"):
        any_store.interviews.complete(future.id)
    with pytest.raises(RuleViolation, match="once it has started"):
        any_store.interviews.no_show(future.id)
    past = schedule(any_store, team, datetime.now(UTC) - timedelta(hours=2)).interview
    done = any_store.interviews.complete(past.id)
    assert done.status == "completed" and done.sequence == 0
    with pytest.raises(RuleViolation, match="is completed: only a scheduled interview can be rescheduled"):
        any_store.interviews.reschedule(past.id, soon())
    with pytest.raises(RuleViolation, match="is completed"):
        any_store.interviews.no_show(past.id)
    other = schedule(any_store, team, datetime.now(UTC) - timedelta(days=3)).interview
    assert any_store.interviews.no_show(other.id).status == "no_show"


def test_a_scorecard_author_stays_on_the_panel(any_store, team):
    iv = schedule(any_store, team, datetime.now(UTC) - timedelta(hours=3)).interview
    with any_store.db.transaction() as s:
        s.execute(
            insert(Scorecard).values(
                interview_id=iv.id,
                application_id=iv.application_id,
                author_id=team["noor"].id,
                status="draft",
            )
        )
    with pytest.raises(RuleViolation, match="Noor Haddad has a scorecard"):
        any_store.interviews.set_panel(iv.id, [team["mia"].id])
    assert any_store.interviews.set_panel(iv.id, [team["noor"].id, team["ola"].id, team["mia"].id])


def test_conflicts_are_overlaps_of_live_interviews(any_store, team):
    grace = another_applicant(any_store, team["job"].id)
    start = soon(days=3, hour=10)
    first = schedule(any_store, team, start, panel=[team["noor"].id]).interview  # 10:00-11:00
    second = any_store.interviews.schedule(
        grace.id,
        team["team_round"].id,
        start + timedelta(minutes=30),
        timezone="UTC",
        panel=[team["noor"].id, team["ola"].id],
    )
    assert [(c.member.name, c.interview_id, c.person) for c in second.conflicts] == [
        ("Noor Haddad", first.id, "Ada Lovelace")
    ]
    # Touching ends are no overlap; other members are none of ours.
    assert any_store.interviews.conflicts([team["noor"].id], start + timedelta(hours=1, minutes=15), 30) == []
    assert any_store.interviews.conflicts([team["mia"].id], start, 60) == []
    assert len(any_store.interviews.conflicts([team["noor"].id], start - timedelta(minutes=30), 31)) == 1
    assert any_store.interviews.conflicts([team["noor"].id], start, 60, ignore_interview=first.id)[
        0
    ].interview_id == (second.interview.id)
    any_store.interviews.cancel(first.id)
    assert any_store.interviews.conflicts([team["noor"].id], start, 30) == []


def test_lists_by_time_member_job_and_person(any_store, team):
    grace = another_applicant(any_store, team["job"].id)
    a = schedule(any_store, team, soon(days=2), panel=[team["noor"].id]).interview
    b = any_store.interviews.schedule(grace.id, team["technical"].id, soon(days=1), timezone="UTC").interview
    c = schedule(any_store, team, soon(days=8), panel=[team["ola"].id]).interview
    ids = lambda rows: [r.id for r in rows]  # noqa: E731
    assert ids(any_store.interviews.list()) == [b.id, a.id, c.id]
    assert ids(any_store.interviews.list(start=soon(days=2), end=soon(days=8))) == [a.id]
    assert ids(any_store.interviews.list(member_id=team["ola"].id)) == [c.id]
    assert ids(any_store.interviews.list(candidate_id=team["ada"].id)) == [a.id, c.id]
    assert ids(any_store.interviews.list(job_id=team["job"].id, limit=2)) == [b.id, a.id]
    any_store.interviews.cancel(c.id)
    assert ids(any_store.interviews.list(statuses=["scheduled"])) == [b.id, a.id]
    assert ids(any_store.interviews.for_application(team["app"].id)) == [a.id, c.id]


def test_a_removed_round_leaves_its_interviews_readable(any_store, team):
    iv = schedule(any_store, team).interview
    any_store.rounds.remove(team["technical"].id)
    kept = any_store.interviews.get(iv.id)
    assert (kept.round_id, kept.round_name, kept.attributes) == (None, "Technical interview", ())


def test_card_summaries(any_store, team):
    grace = another_applicant(any_store, team["job"].id)
    now = datetime.now(UTC)
    done = schedule(
        any_store, team, now - timedelta(days=1), panel=[team["noor"].id, team["mia"].id]
    ).interview
    any_store.interviews.complete(done.id)
    later = schedule(any_store, team, soon(days=6)).interview
    sooner = schedule(any_store, team, soon(days=3)).interview
    any_store.interviews.cancel(schedule(any_store, team, soon(days=1)).interview.id)
    with any_store.db.transaction() as s:
        s.execute(
            insert(Scorecard).values(
                interview_id=done.id,
                application_id=done.application_id,
                author_id=team["noor"].id,
                status="submitted",
            )
        )
        s.execute(
            insert(Scorecard).values(
                interview_id=done.id,
                application_id=done.application_id,
                author_id=team["mia"].id,
                status="draft",
            )
        )
        for status in ("declined", "draft"):
            s.execute(
                insert(Offer).values(
                    application_id=team["app"].id, status=status, job_title="x", salary=1, currency="EUR"
                )
            )
        s.execute(update(Offer).where(Offer.status == "draft").values(status="sent"))
    cards = any_store.interviews.card_summaries([team["app"].id, grace.id], now=now)
    assert cards[team["app"].id].next_interview_at == sooner.starts_at
    assert (cards[team["app"].id].scorecards_submitted, cards[team["app"].id].scorecards_expected) == (1, 2)
    assert cards[team["app"].id].offer_status == "sent"
    assert cards[grace.id].model_dump() == {
        "application_id": grace.id,
        "next_interview_at": None,
        "scorecards_submitted": 0,
        "scorecards_expected": 0,
        "offer_status": None,
    }
    assert later.id  # the later one is not "next"


def test_reads_are_a_few_queries_whatever_the_number_of_interviews(any_store, team):
    from sqlalchemy import event

    apps = [team["app"]] + [
        another_applicant(any_store, team["job"].id, f"Person {i}", f"p{i}@example.com") for i in range(12)
    ]
    for i, app in enumerate(apps):
        any_store.interviews.schedule(
            app.id, team["technical"].id, soon(days=1 + i), timezone="UTC", panel=[team["noor"].id]
        )
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(any_store.db.engine, "before_cursor_execute", count)
    try:
        assert len(any_store.interviews.list()) == 13
        listed = len(statements)
        cards = any_store.interviews.card_summaries([a.id for a in apps])
        summarised = len(statements) - listed
    finally:
        event.remove(any_store.db.engine, "before_cursor_execute", count)
    assert all(c.next_interview_at is not None for c in cards.values())
    assert listed <= 3  # interviews, their panels (and the current user, at most)
    assert summarised <= 5  # one per table
