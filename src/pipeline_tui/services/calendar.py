"""Calendar invites (RFC 5545, written by the `icalendar` package): one interview's invite, or a calendar of
many for a person or a team member to import.

An invite keeps the interview's UID for its whole life and carries its SEQUENCE, so a calendar replaces the
old invite on a reschedule and removes it on a cancel (METHOD:CANCEL, STATUS:CANCELLED). Times are written
in the zone the interview was scheduled in, with TZID and the zone's VTIMEZONE, so the invite shows the
right hour on both sides of a daylight-saving change. User text (names, location, questions) is written as
typed; icalendar escapes what RFC 5545 needs escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from icalendar import Calendar, Event, vCalAddress, vText

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.hiring_records import InterviewRecord, MemberRef
from pipeline_tui.core.hiring_vocabulary import InterviewStatus
from pipeline_tui.core.local_time import aware_utc, zone_named

PRODID = "-//pipeline-tui//interviews//EN"


def interview_invite(interview: InterviewRecord, *, organizer: MemberRef | None = None) -> bytes:
    """The invite for one interview: METHOD:REQUEST, or METHOD:CANCEL once it is cancelled."""
    cancelled = interview.status == InterviewStatus.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(_event(interview, organizer))
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_of(interviews: Sequence[InterviewRecord], *, organizer: MemberRef | None = None) -> bytes:
    """Many interviews in one file to import (METHOD:PUBLISH; a cancelled one is STATUS:CANCELLED)."""
    cal = _calendar("PUBLISH")
    for interview in interviews:
        cal.add_component(_event(interview, organizer))
    cal.add_missing_timezones()
    return cal.to_ical()


def invite_summary(interview: InterviewRecord) -> str:
    return f"Interview: {interview.person} \u2014 {interview.round_name} ({interview.job})"


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _event(interview: InterviewRecord, organizer: MemberRef | None) -> Event:
    zone = zone_named(interview.timezone)
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", aware_utc(utcnow()))
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("summary", invite_summary(interview))
    event.add("description", _description(interview))
    if interview.location:
        event.add("location", interview.location)
    status = "CANCELLED" if interview.status == InterviewStatus.CANCELLED else "CONFIRMED"
    event.add("status", status)
    if organizer is not None and organizer.email:
        event.add("organizer", _address(organizer, organizer=True))
    for member in interview.panel:
        if member.email:
            event.add("attendee", _address(member), encode=0)
    return event


def _address(member: MemberRef, *, organizer: bool = False) -> vCalAddress:
    address = vCalAddress(f"mailto:{member.email}")
    address.params["cn"] = vText(member.name)
    if not organizer:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def _description(interview: InterviewRecord) -> str:
    lines = [f"{interview.round_name} with {interview.person} for {interview.job}."]
    if interview.attributes:
        lines.append("Focus: " + ", ".join(interview.attributes) + ".")
    if interview.questions:
        lines.append("")
        lines.append("Questions and notes:")
        lines.extend(f"- {q}" for q in interview.questions)
    return "\n".join(lines)
