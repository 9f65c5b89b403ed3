"""What the jobs screen lists: which statuses a filter shows, how a column sorts, how a row reads.

Kept apart from the screen so the rules of the table (filter cycle, sort keys, days open) are plain
functions over the store's JobSummary, tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from rich.text import Text

from pipeline_tui.core.records import JobSummary
from pipeline_tui.core.vocabulary import JobStatus
from pipeline_tui.widgets.literal import literal, plain

# The status filter `f` cycles through: a label and the statuses it shows (None: every job).
STATUS_FILTERS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("open", (JobStatus.OPEN,)),
    ("on hold", (JobStatus.ON_HOLD,)),
    ("draft", (JobStatus.DRAFT,)),
    ("closed + filled", ("closed", "filled")),
    ("all", None),
)
STATUS_WORD = {s.value: s.label for s in JobStatus}
# Open jobs first, then the ones that may open again, then the finished ones.
STATUS_ORDER = {"open": 0, "on_hold": 1, "draft": 2, "filled": 3, "closed": 4}


class Column(NamedTuple):
    key: str
    title: str
    narrow: bool  # shown below NARROW columns too (the focused job's line under the table says the rest)


COLUMNS = (
    Column("title", "Title", True),
    Column("department", "Department", False),
    Column("location", "Location", False),
    Column("status", "Status", True),
    Column("hires", "Hires", True),
    Column("active", "Active", True),
    Column("days_open", "Days open", True),
    Column("hiring_manager", "Hiring manager", False),
    Column("recruiter", "Recruiter", True),
)
NARROW = 110  # terminal columns below which the table drops department, location and hiring manager
# Longest title (and team name) drawn in full in the narrow table; longer ones end in an ellipsis.
NARROW_WIDTHS = {"title": 26, "recruiter": 14}
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


@dataclass(frozen=True)
class JobFilter:
    """One listing of the jobs screen: the status filter (an index into STATUS_FILTERS), the text typed
    after `/`, and "my jobs" (the current member's id, or None for everyone's)."""

    status_index: int = 0
    text: str = ""
    member_id: int | None = None

    @property
    def statuses(self) -> tuple[str, ...] | None:
        return STATUS_FILTERS[self.status_index][1]

    @property
    def status_label(self) -> str:
        return STATUS_FILTERS[self.status_index][0]

    def next_status(self) -> JobFilter:
        return JobFilter((self.status_index + 1) % len(STATUS_FILTERS), self.text, self.member_id)


def days_open(summary: JobSummary, now: datetime) -> int | None:
    """Days from first opening to closing (or to now while not closed); None for a job never opened."""
    job = summary.job
    if job.opened_at is None:
        return None
    end = job.closed_at if job.closed_at is not None else now
    return max(0, (end - job.opened_at).days)


def sort_key(column: str, now: datetime) -> Callable[[JobSummary], tuple]:
    """Empty values sort last in either direction of text columns; ties go by title."""

    def text(value: str | None) -> tuple:
        return (value is None or value == "", plain(value).casefold())

    def key(s: JobSummary) -> tuple:
        job = s.job
        title = plain(job.title).casefold()
        values = {
            "title": (title,),
            "department": text(job.department),
            "location": text(job.location),
            "status": (STATUS_ORDER.get(job.status, 9),),
            "hires": (s.hired_count, job.headcount),
            "active": (s.active_count,),
            "days_open": (days_open(s, now) or -1,),
            "hiring_manager": text(s.hiring_manager),
            "recruiter": text(s.recruiter),
        }
        return (*values[column], title, job.id)

    return key


def row_cells(summary: JobSummary, now: datetime) -> dict[str, Text]:
    """The table's cells for one job by column key, user text literal (cut with an ellipsis if too long)."""
    job = summary.job
    status = STATUS_WORD.get(job.status, job.status)
    hires = Text(f"{summary.hired_count}/{job.headcount}")
    if summary.hired_count >= job.headcount:
        hires.stylize("bold green")
    days = days_open(summary, now)
    cells = {
        "title": literal(job.title, "bold"),
        "department": literal(job.department),
        "location": literal(job.location),
        "status": Text(status, style="italic" if job.status != JobStatus.OPEN else ""),
        "hires": hires,
        "active": Text(str(summary.active_count), justify="right"),
        "days_open": Text("—" if days is None else str(days), justify="right"),
        "hiring_manager": literal(summary.hiring_manager),
        "recruiter": literal(summary.recruiter),
    }
    for cell in cells.values():
        cell.no_wrap, cell.overflow = True, "ellipsis"
    return cells


def detail_line(summary: JobSummary | None) -> Text:
    """The focused job's department, location and team, under the table (the narrow table omits them)."""
    if summary is None:
        return Text("")
    job = summary.job
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append_text(literal(job.title, "bold"))
    parts = [
        ("", job.department),
        ("", job.location),
        ("hiring manager ", summary.hiring_manager),
        ("recruiter ", summary.recruiter),
    ]
    for label, value in parts:
        if value:
            line.append(f"  ·  {label}", style="dim")
            line.append_text(literal(value))
    return line
