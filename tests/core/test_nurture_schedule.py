"""Due days in the user's zone: whole days on the wall clock across DST changes, and business days that
skip weekends (a touch never falls due on a Saturday or Sunday)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pipeline_tui.core.local_time import zone_named
from pipeline_tui.core.nurture_schedule import due_after, due_at, due_on, local_day, next_business_day

BERLIN = zone_named("Europe/Berlin")
NEW_YORK = zone_named("America/New_York")


def local(year, month, day, hour, minute, zone):
    """A wall-clock moment in `zone` as the store keeps it (naive UTC)."""
    return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("anchor", "wait", "due"),
    [
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday + 1 business day: Monday
        (date(2026, 3, 4), 5, date(2026, 3, 11)),  # Wednesday + 5: next Wednesday
        (date(2026, 3, 7), 2, date(2026, 3, 10)),  # Saturday + 2: Tuesday
        (date(2026, 3, 7), 0, date(2026, 3, 9)),  # Saturday, no wait: Monday
        (date(2026, 3, 8), 0, date(2026, 3, 9)),  # Sunday, no wait: Monday
        (date(2026, 3, 4), 0, date(2026, 3, 4)),  # a weekday, no wait: that day
        (date(2026, 3, 6), 10, date(2026, 3, 20)),  # two whole weeks of weekdays
    ],
)
def test_business_days_skip_weekends(anchor, wait, due):
    assert due_on(anchor, wait, business_days=True) == due
    assert due_on(anchor, wait, business_days=True).weekday() < 5


def test_calendar_days_count_weekends():
    assert due_on(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert due_on(date(2026, 3, 7), 0) == date(2026, 3, 7)
    assert next_business_day(date(2026, 3, 7)) == date(2026, 3, 9)
    with pytest.raises(ValueError, match="negative"):
        due_on(date(2026, 3, 6), -1)


@pytest.mark.parametrize(
    ("zone", "done", "due"),
    [
        # 23:30 the evening before clocks go forward (Berlin: 29 March, New York: 8 March 2026).
        (BERLIN, (2026, 3, 28, 23, 30), date(2026, 3, 29)),
        (NEW_YORK, (2026, 3, 7, 23, 30), date(2026, 3, 8)),
        # 23:30 the evening before clocks go back (Berlin: 25 October, New York: 1 November 2026).
        (BERLIN, (2026, 10, 24, 23, 30), date(2026, 10, 25)),
        (NEW_YORK, (2026, 10, 31, 23, 30), date(2026, 11, 1)),
        # 00:30 on the day itself: still that day.
        (BERLIN, (2026, 3, 29, 0, 30), date(2026, 3, 30)),
    ],
)
def test_a_wait_is_whole_days_on_the_wall_clock_across_dst(zone, done, due):
    moment = local(*done, zone)
    assert due_after(moment, 1, False, zone) == due
    assert due_after(moment.replace(tzinfo=UTC), 1, False, zone) == due  # aware UTC, the same day
    assert due_after(moment, 7, False, zone) == date.fromordinal(due.toordinal() + 6)


def test_the_local_day_is_not_the_utc_day():
    # 23:30 in New York is 04:30 UTC the next day: the touch is due a day after the *local* date.
    moment = local(2026, 3, 7, 23, 30, NEW_YORK)
    assert moment.date() == date(2026, 3, 8)
    assert local_day(moment, NEW_YORK) == date(2026, 3, 7)
    # 00:30 in Berlin is 23:30 UTC the day before.
    assert local_day(local(2026, 3, 29, 0, 30, BERLIN), BERLIN) == date(2026, 3, 29)


def test_business_days_after_a_late_friday_in_new_york():
    # Friday 23:30 EST is Saturday in UTC: one business day later is Monday, not Tuesday.
    assert due_after(local(2026, 3, 6, 23, 30, NEW_YORK), 1, True, NEW_YORK) == date(2026, 3, 9)
    # Saturday, no wait, business days: Monday.
    assert due_after(local(2026, 3, 7, 10, 0, BERLIN), 0, True, BERLIN) == date(2026, 3, 9)


def test_a_due_day_starts_at_local_midnight():
    assert due_at(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # CET, +1
    assert due_at(date(2026, 3, 30), BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # CEST, +2
    assert due_at(date(2026, 11, 2), NEW_YORK) == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)  # EST, -5
