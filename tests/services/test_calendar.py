"""Calendar invites parsed back with icalendar: UID stable across reschedules, SEQUENCE counting, CANCEL,
TZID with its VTIMEZONE, the panel as attendees, user text literal; and times right across a DST switch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from interviews_data import BERLIN, hiring_team, soon

from pipeline_tui.core.hiring_records import MemberRef
from pipeline_tui.core.local_time import parse_wall_clock, show_time, to_local, zone_named
from pipeline_tui.services.calendar import calendar_of, interview_invite


@pytest.fixture
def team(any_store):
    return hiring_team(any_store)


def parsed(data: bytes):
    cal = Calendar.from_ical(data)
    return cal, cal.walk("VEVENT")


def test_invite_has_uid_sequence_zone_attendees_and_text(any_store, team):
    start = soon(days=3, hour=14)
    iv = any_store.interviews.schedule(
        team["app"].id,
        team["team_round"].id,
        start,
        timezone="Europe/Berlin",
        location="Room 4; floor 2, \\ [b]east[/b]",
        panel=[team["noor"].id, team["mia"].id],
    ).interview
    organizer = MemberRef(id=team["raj"].id, name=team["raj"].name, email=team["raj"].email)
    cal, (event,) = parsed(interview_invite(iv, organizer=organizer))
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == iv.uid and int(event["sequence"]) == 0
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtstart") == start and event.decoded("dtstart").hour == 14
    assert event.decoded("dtend") - event.decoded("dtstart") == iv.ends_at - iv.starts_at
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["location"]) == "Room 4; floor 2, \\ [b]east[/b]"
    assert str(event["summary"]) == "Interview: Ada Lovelace — Team interview (Backend Engineer)"
    assert "Tell us about a disagreement" in str(event["description"])
    assert "Collaboration, Culture add" in str(event["description"])
    attendees = sorted(str(a) for a in event["attendee"])
    assert attendees == ["mailto:mia@example.com", "mailto:noor@example.com"]
    assert {a.params["CN"] for a in event["attendee"]} == {"Mia Chen", "Noor Haddad"}
    assert {a.params["ROLE"] for a in event["attendee"]} == {"REQ-PARTICIPANT"}
    assert str(event["organizer"]) == "mailto:raj@example.com"
    assert event["organizer"].params["CN"] == "Raj Patel"


def test_uid_stays_sequence_counts_cancel_is_a_cancel(any_store, team):
    iv = any_store.interviews.schedule(
        team["app"].id, team["technical"].id, soon(), timezone="Europe/Berlin", panel=[team["noor"].id]
    ).interview
    moved = any_store.interviews.reschedule(iv.id, soon(days=5)).interview
    _, (first,) = parsed(interview_invite(iv))
    _, (second,) = parsed(interview_invite(moved))
    assert str(first["uid"]) == str(second["uid"]) == iv.uid
    assert (int(first["sequence"]), int(second["sequence"])) == (0, 1)
    cancelled = any_store.interviews.cancel(iv.id)
    cal, (third,) = parsed(interview_invite(cancelled))
    assert str(cal["method"]) == "CANCEL" and str(third["status"]) == "CANCELLED"
    assert str(third["uid"]) == iv.uid and int(third["sequence"]) == 2
    assert "organizer" not in third  # unknown organizer: none written


def test_a_calendar_of_several_interviews_in_two_zones(any_store, team):
    a = any_store.interviews.schedule(
        team["app"].id, team["technical"].id, soon(days=2), timezone="Europe/Berlin"
    ).interview
    b = any_store.interviews.schedule(
        team["app"].id,
        team["team_round"].id,
        datetime(2031, 1, 7, 9, 30, tzinfo=zone_named("America/New_York")),
        timezone="America/New_York",
    ).interview
    cal, events = parsed(calendar_of([a, b]))
    assert str(cal["method"]) == "PUBLISH"
    assert [str(e["uid"]) for e in events] == [a.uid, b.uid]
    assert sorted(tz["tzid"] for tz in cal.walk("VTIMEZONE")) == ["America/New_York", "Europe/Berlin"]
    assert events[1].decoded("dtstart").hour == 9
    assert calendar_of([]).startswith(b"BEGIN:VCALENDAR")


def test_berlin_across_the_october_switch(any_store, team):
    """Berlin's clocks go back at 03:00 on Sunday 31 October 2027: 10:00 that Sunday (CET, UTC+1) is 09:00
    UTC, 10:00 the Sunday a week before (CEST, UTC+2) is 08:00 UTC; both show back as 10:00 in Berlin, in
    the store and in the invite."""
    after = parse_wall_clock("2027-10-31 10:00", BERLIN)
    before = parse_wall_clock("2027-10-24 10:00", BERLIN)
    assert after == datetime(2027, 10, 31, 9, 0, tzinfo=UTC)
    assert before == datetime(2027, 10, 24, 8, 0, tzinfo=UTC)
    made = [
        any_store.interviews.schedule(
            team["app"].id, team["technical"].id, when, timezone="Europe/Berlin"
        ).interview
        for when in (before, after)
    ]
    stored = [any_store.interviews.get(iv.id) for iv in made]
    assert [iv.starts_at for iv in stored] == [before, after]
    assert [to_local(iv.starts_at, BERLIN).hour for iv in stored] == [10, 10]
    assert [show_time(iv.starts_at, BERLIN) for iv in stored] == ["Sun 24 Oct 10:00", "Sun 31 Oct 10:00"]
    cal, events = parsed(calendar_of(stored))
    assert [e.decoded("dtstart").hour for e in events] == [10, 10]
    assert [e.decoded("dtstart").astimezone(UTC).hour for e in events] == [8, 9]
    (tz,) = cal.walk("VTIMEZONE")
    assert {c.name for c in tz.subcomponents} == {"STANDARD", "DAYLIGHT"}
