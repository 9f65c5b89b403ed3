"""The user's time zone: times are stored in naive UTC and shown in this zone, right across DST changes.

The zone is an IANA name (for calendar invites): `PIPELINE_TUI_TZ`, else `TZ`, else the system's
/etc/localtime link, else UTC. A wall-clock time typed in a zone is turned into UTC with zoneinfo, which
knows each zone's daylight-saving rules; a time that does not exist (the hour skipped in spring) or exists
twice (the hour repeated in autumn) is refused or taken as its first occurrence, and says so.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline_tui.core.errors import InvalidInput

WALL_CLOCK_FORMAT = "%Y-%m-%d %H:%M"


def zone_named(name: str) -> ZoneInfo:
    """The zone an IANA name names ("Europe/Berlin", "UTC"), or one clear InvalidInput."""
    text = (name or "").strip()
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ZoneInfoNotFoundError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"unknown time zone {text!r}: use an IANA name such as Europe/Berlin or UTC"
        ) from None


def user_zone_name(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for key in ("PIPELINE_TUI_TZ", "TZ"):
        value = env.get(key, "").strip().lstrip(":")
        if value:
            try:
                zone_named(value)
                return value
            except InvalidInput:
                continue
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            zone_named(name)
            return name
    except (OSError, InvalidInput):
        pass
    return "UTC"


def user_zone() -> ZoneInfo:
    return zone_named(user_zone_name())


def aware_utc(stored: datetime) -> datetime:
    """A stored naive-UTC time as an aware UTC one."""
    return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


def naive_utc(moment: datetime) -> datetime:
    """An aware time as the store keeps it (naive UTC)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime, zone: ZoneInfo | None = None) -> datetime:
    """A UTC time (aware, or naive as stored) in the user's zone (or `zone`)."""
    return aware_utc(moment).astimezone(zone or user_zone())


def parse_wall_clock(text: str, zone: ZoneInfo) -> datetime:
    """ "YYYY-MM-DD HH:MM" read in `zone`, as an aware UTC time. A time skipped by a DST change is refused."""
    cleaned = " ".join((text or "").replace("T", " ").split())
    try:
        naive = datetime.strptime(cleaned, WALL_CLOCK_FORMAT)
    except ValueError:
        raise InvalidInput(f"cannot read {text!r} as a date and time: write YYYY-MM-DD HH:MM") from None
    local = naive.replace(tzinfo=zone, fold=0)
    back = local.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != naive:
        raise InvalidInput(
            f"{cleaned} does not exist in {zone.key}: the clocks skip that hour (daylight saving)"
        )
    return local.astimezone(UTC)


def parse_day(text: str) -> date:
    """ "YYYY-MM-DD" as a date, or one clear InvalidInput."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise InvalidInput(f"cannot read {text!r} as a date: write YYYY-MM-DD") from None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants a local day starts and ends at (23 or 25 hours long on a DST change)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC)
    return start, end


def show_time(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """ "Tue 3 Mar 14:30" in the user's zone: how interviews are listed."""
    local = to_local(moment, zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def show_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
