"""One change as a row of the Activity screen: when (in the user's zone, short for today), who, what, job.

Column widths follow what is shown: When, Who and Job as wide as their longest cell (Who and Job capped),
What takes the rest of the screen and ends in an ellipsis when a sentence is longer. One job's activity has
no Job column: the header names the job, and the sentence gets the room."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text

from pipeline_tui.core.change_records import ChangeRecord
from pipeline_tui.core.change_vocabulary import SOMEONE
from pipeline_tui.core.local_time import to_local
from pipeline_tui.widgets.literal import literal, plain

COLUMNS = ("When", "Who", "What", "Job")
WHO_MAX, JOB_MAX = 20, 26
NARROW = 100  # under this many columns Who and Job are capped shorter
WHO_NARROW, JOB_NARROW = 10, 12
WHAT_MIN = 20
PADDING = 2  # a DataTable cell's padding, left and right
SCROLLBAR = 2


def when_text(at: datetime, now: datetime, zone: ZoneInfo) -> str:
    """ "09:15" today, "3 Dec 09:15" earlier this year, "3 Dec 2025 09:15" in another year."""
    local, today = to_local(at, zone), to_local(now, zone).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if local.year == today.year:
        return f"{local.day} {local:%b %H:%M}"
    return f"{local.day} {local:%b %Y %H:%M}"


def who_text(change: ChangeRecord) -> str:
    return plain(change.actor) or SOMEONE


def job_text(change: ChangeRecord) -> str:
    if change.job_title:
        return plain(change.job_title)
    return f"job {change.job_id}" if change.job_id is not None else ""


def row_cells(change: ChangeRecord, now: datetime, zone: ZoneInfo) -> tuple[Text, ...]:
    """The four cells, each one line; every user-typed part literal."""
    return (
        Text(when_text(change.at, now, zone), no_wrap=True),
        _line(who_text(change)),
        _line(change.what),
        _line(job_text(change), "dim"),
    )


def _line(value: str, style: str = "") -> Text:
    text = literal(value, style)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def column_widths(
    changes: Sequence[ChangeRecord], now: datetime, zone: ZoneInfo, width: int, *, with_job: bool = True
) -> list[int]:
    """When, Who, What (and Job) for a screen `width` cells wide."""
    narrow = width < NARROW
    who_max, job_max = (WHO_NARROW, JOB_NARROW) if narrow else (WHO_MAX, JOB_MAX)
    when = max([cell_len(when_text(c.at, now, zone)) for c in changes] + [len("When")])
    who = min(max([cell_len(who_text(c)) for c in changes] + [len("Who")]), who_max)
    job = min(max([cell_len(job_text(c)) for c in changes] + [len("Job")]), job_max) if with_job else 0
    shown = len(COLUMNS) if with_job else len(COLUMNS) - 1
    what = max(width - SCROLLBAR - PADDING * shown - when - who - job, WHAT_MIN)
    return [when, who, what, job][:shown]
