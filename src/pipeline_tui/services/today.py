"""What is due for one team member today: the Today screen's read model.

Interviews today and the rest of this week are cut at the user's local midnights (a day is 23 or 25 hours
long across a DST change), so "today" is the day on the user's wall clock, not UTC's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline_tui.core.hiring_records import MemberRef, TodayView
from pipeline_tui.core.hiring_vocabulary import InterviewStatus
from pipeline_tui.core.local_time import day_bounds, to_local, user_zone

if TYPE_CHECKING:
    from pipeline_tui.store import Store


def week_end(now: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant this local week ends: the midnight after Sunday (the whole of Sunday is "this week")."""
    day = to_local(now, zone).date()
    sunday = day + timedelta(days=6 - day.weekday())
    return day_bounds(sunday, zone)[1]


def today_for(
    store: Store, member_id: int | None, *, now: datetime | None = None, zone: ZoneInfo | None = None
) -> TodayView:
    """The member's interviews today and later this week (scheduled ones), scorecards due and offers
    waiting for their approval. No member (the user is not on the team yet): an empty view."""
    if member_id is None:
        return TodayView(member=None)
    zone = zone or user_zone()
    now = _aware(now)
    member = store.team.get(member_id)
    start, end_today = day_bounds(to_local(now, zone).date(), zone)
    interviews = store.interviews.list(
        member_id=member_id,
        start=start,
        end=week_end(now, zone),
        statuses=[InterviewStatus.SCHEDULED.value],
    )
    return TodayView(
        member=MemberRef(id=member.id, name=member.name, email=member.email),
        interviews_today=tuple(i for i in interviews if i.starts_at < end_today),
        interviews_week=tuple(i for i in interviews if i.starts_at >= end_today),
        scorecards_due=tuple(store.scorecards.due_for(member_id, now=now)),
        approvals_waiting=tuple(store.offers.waiting_for(member_id)),
    )


def _aware(now: datetime | None) -> datetime:
    """Now, or the given time as aware UTC (the app's clock is naive UTC)."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
