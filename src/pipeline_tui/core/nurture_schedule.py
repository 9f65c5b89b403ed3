"""When a sequence's next touch is due: a local calendar day, worked out in the user's time zone.

A step waits `wait_days` after the previous step was done (the first step: after enrolment). The moment it was
done is turned into the user's local date first, and days are added to that date, so a wait is whole days on
the user's wall clock whatever DST does in between. With business days, Saturdays and Sundays are not
counted, and a touch never falls due on a weekend (a wait of 0 from a Saturday is due on Monday).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline_tui.core.local_time import day_bounds, to_local, user_zone

SATURDAY = 5  # date.weekday(): Monday 0 ... Sunday 6


def is_business_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def next_business_day(day: date) -> date:
    """`day` itself when it is a weekday, else the Monday after."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def due_on(anchor: date, wait_days: int, business_days: bool = False) -> date:
    """The day a step is due: `wait_days` after `anchor` (calendar days, or weekdays only)."""
    if wait_days < 0:
        raise ValueError("a wait cannot be negative")
    if not business_days:
        return anchor + timedelta(days=wait_days)
    day = next_business_day(anchor) if wait_days == 0 else anchor
    left = wait_days
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            left -= 1
    return day


def local_day(moment: datetime, zone: ZoneInfo | None = None) -> date:
    """The user's calendar day at a UTC moment (aware, or naive as stored)."""
    return to_local(moment, zone or user_zone()).date()


def due_after(moment: datetime, wait_days: int, business_days: bool, zone: ZoneInfo | None = None) -> date:
    """The day a step is due when the step before it was done (or the person enrolled) at `moment`."""
    return due_on(local_day(moment, zone), wait_days, business_days)


def due_at(day: date, zone: ZoneInfo | None = None) -> datetime:
    """The aware UTC instant a due day starts on the user's wall clock (the `due_at` the CLI prints)."""
    return day_bounds(day, zone or user_zone())[0]
