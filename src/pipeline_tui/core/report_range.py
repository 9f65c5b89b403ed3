"""What a report is asked for: one job or all, and a range of local calendar days (both ends included).

The range is of days in the user's zone; the store compares UTC instants, so `bounds` turns the days into
the UTC instants they start and end at (right across a daylight-saving change: a day may be 23 or 25 hours).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.local_time import day_bounds, naive_utc
from pipeline_tui.core.records import Record


class RangePreset(StrEnum):
    """The ranges the Reports screen offers (`r` cycles them); "custom" is a from-to the user typed."""

    LAST_30 = "30"
    LAST_90 = "90"
    LAST_365 = "365"
    ALL = "all"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return {"30": "last 30 days", "90": "last 90 days", "365": "last 365 days", "all": "all time"}.get(
            self.value, "from–to"
        )


class ReportFilter(Record):
    """One job (its id) or every job (None), and the days of the cohort: applications whose applied_at
    falls on or between `start` and `end` (local days; None is open-ended)."""

    job_id: int | None = None
    start: date | None = None
    end: date | None = None

    def bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """Naive UTC [from, until): the first instant of `start` and the first instant after `end`."""
        lo = naive_utc(day_bounds(self.start, zone)[0]) if self.start is not None else None
        hi = naive_utc(day_bounds(self.end, zone)[1]) if self.end is not None else None
        return lo, hi


def preset_range(preset: RangePreset, today: date) -> tuple[date | None, date | None]:
    """The days of a preset, ending today: "last 30 days" is today and the 29 days before it."""
    if preset in (RangePreset.ALL, RangePreset.CUSTOM):
        return None, None
    return today - timedelta(days=int(preset.value) - 1), today


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """`--from` / `--to` as typed: YYYY-MM-DD each, either may be left out; one clear InvalidInput for a
    date that cannot be read, a day there is not (2026-02-30) or a from after to."""
    lo = range_day(start) if start else None
    hi = range_day(end) if end else None
    if lo is not None and hi is not None and lo > hi:
        raise InvalidInput(f"from {lo.isoformat()} is after to {hi.isoformat()}")
    return lo, hi


def range_day(text: str) -> date:
    """Exactly YYYY-MM-DD (not 20260105 nor 2026-1-5, so every way in reads the same); a day the calendar
    lacks says so rather than that it is written wrong."""
    typed = (text or "").strip()
    match = _DAY.fullmatch(typed)
    if match is None:
        raise InvalidInput(f"cannot read {typed!r} as a date: write YYYY-MM-DD")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InvalidInput(f"{typed} is not a date: write YYYY-MM-DD") from None
