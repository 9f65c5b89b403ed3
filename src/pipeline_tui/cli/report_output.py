"""How `pipeline-tui report` shows a report on a terminal: a title line saying what was counted (the report,
the job, the days, the n), then the report's table in aligned columns, numbers right-aligned.

The table is the very `ReportTable` the Reports screen and the HTML report draw, its cells shown with
`cell_text`, so every surface prints the same figures. Every text (a job title, a stage, a source) goes
through `visible`: a control, bidi or escape character a user typed is shown as an escape, never obeyed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.core.report_tables import Column, ReportTable, cell_text
from pipeline_tui.core.terminal import visible

if TYPE_CHECKING:
    from pipeline_tui.services.reports import ReportResult

# Columns whose cells are figures: right-aligned so their digits line up.
FIGURES = frozenset({"count", "days", "rate"})
GAP = "  "


def report_lines(result: ReportResult) -> list[str]:
    """The title line, a blank line, then the table (or one line saying there is nothing in the range)."""
    lines = [title_line(result), ""]
    if not result.table.rows:
        return [*lines, "Nothing to report in this range."]
    return lines + table_lines(result.table)


def title_line(result: ReportResult) -> str:
    """The first line, e.g. "Funnel · Backend Engineer · 2026-01-01 to 2026-03-31 · 42 applications"; sequences
    are not per job, so theirs names no job."""
    parts = [result.kind.title]
    if result.kind is not ReportKind.SEQUENCES:
        parts.append(visible(result.job) if result.job is not None else "all jobs")
    parts.append(days_text(result.filter.start, result.filter.end))
    parts.append(_counted(result))
    return " · ".join(parts)


def days_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "all time"
    if end is None:
        return f"from {start}"
    if start is None:
        return f"until {end}"
    return f"{start} to {end}"


def _counted(result: ReportResult) -> str:
    """The n of the whole report: what its rows count, added up."""
    kind, payload = result.kind, result.payload
    if kind is ReportKind.HIRING:
        total = payload.hired
    else:
        total = sum(getattr(row, _COUNTS[kind]) for row in payload)
    one, many = _NOUNS[kind]
    return f"{total:,} {one if total == 1 else many}"


# What each report's n adds up, and what it is called.
_COUNTS = {
    ReportKind.FUNNEL: "applications",
    ReportKind.STAGES: "n",
    ReportKind.SOURCES: "applications",
    ReportKind.REJECTIONS: "count",
    ReportKind.JOURNEY: "members",
    ReportKind.SEQUENCES: "touches_done",
}
_NOUNS = {
    ReportKind.FUNNEL: ("application", "applications"),
    ReportKind.STAGES: ("completed stay", "completed stays"),
    ReportKind.HIRING: ("hire", "hires"),
    ReportKind.SOURCES: ("application", "applications"),
    ReportKind.REJECTIONS: ("rejection or withdrawal", "rejections and withdrawals"),
    ReportKind.JOURNEY: ("pool member", "pool members"),
    ReportKind.SEQUENCES: ("touch done", "touches done"),
}


def table_lines(table: ReportTable) -> list[str]:
    """The header and one line per row, each column as wide as its widest cell (in terminal cells: a wide
    character takes two)."""
    from rich.cells import cell_len

    cells = [[visible(c.name) for c in table.columns]]
    cells += [
        [visible(cell_text(v, c.kind)) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ]
    widths = [max(cell_len(line[i]) for line in cells) for i in range(len(table.columns))]
    return [_line(line, table.columns, widths, cell_len) for line in cells]


def _line(cells: Sequence[str], columns: Sequence[Column], widths: Sequence[int], cell_len) -> str:  # noqa: ANN001
    parts = []
    for text, column, width in zip(cells, columns, widths, strict=True):
        pad = " " * (width - cell_len(text))
        parts.append(pad + text if column.kind in FIGURES else text + pad)
    return GAP.join(parts).rstrip()
