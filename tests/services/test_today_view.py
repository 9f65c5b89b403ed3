"""services/today.today_for: the local day and week (through Sunday, across a DST change), only the
member's live interviews, the scorecards due and the approvals waiting, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from interviews_data import BERLIN
from today_data import TODAY_NOW, at, seed_interviews, seed_today

from pipeline_tui.services.today import today_for, week_end

NOW = TODAY_NOW.replace(tzinfo=UTC)


def test_today_this_week_due_and_waiting_for_the_member(any_store):
    team = seed_today(any_store)
    view = today_for(any_store, team["noor"].id, now=NOW, zone=BERLIN)
    assert view.member is not None and view.member.name == "Noor Haddad"
    assert [i.id for i in view.interviews_today] == [team["today"].id]
    assert [i.id for i in view.interviews_week] == [team["friday"].id]  # next Monday's is not this week
    assert [d.interview.id for d in view.scorecards_due] == [team["monday"].id]
    assert [o.id for o in view.approvals_waiting] == [team["offer"].id]


def test_another_member_sees_only_their_own(any_store):
    team = seed_today(any_store)
    view = today_for(any_store, team["ola"].id, now=NOW, zone=BERLIN)
    assert {i.id for i in view.interviews_today} == {team["today"].id, team["not_mine"].id}
    assert view.interviews_week == () and view.scorecards_due == () and view.approvals_waiting == ()
    mia = today_for(any_store, team["mia"].id, now=NOW, zone=BERLIN)
    assert [o.id for o in mia.approvals_waiting] == [team["offer"].id] and mia.interviews_today == ()


def test_no_member_is_an_empty_view(any_store):
    seed_interviews(any_store)
    view = today_for(any_store, None, now=NOW, zone=BERLIN)
    assert view.member is None and view.interviews_today == () and view.approvals_waiting == ()


def test_the_day_is_the_local_one(any_store):
    """At 00:30 Thursday in Berlin (23:30 Wednesday UTC), Wednesday's 14:00 interview is no longer today and
    Friday's is still this week."""
    team = seed_interviews(any_store)
    late = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    view = today_for(any_store, team["noor"].id, now=late, zone=BERLIN)
    assert view.interviews_today == ()
    assert [i.id for i in view.interviews_week] == [team["friday"].id]


def test_the_week_ends_at_the_local_midnight_after_sunday_across_dst():
    """Clocks go forward on Sunday 29 March 2026 in Berlin: that Sunday is 23 hours long and still this week."""
    thursday = datetime(2026, 3, 26, 12, 0, tzinfo=UTC)
    assert week_end(thursday, BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # Mon 00:00 CEST
    sunday_evening = at(29, 23).astimezone(UTC)
    assert week_end(sunday_evening, BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert week_end(at(2, 0).astimezone(UTC), BERLIN) == datetime(2026, 3, 8, 23, 0, tzinfo=UTC)
