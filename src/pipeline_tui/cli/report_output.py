"""How `pipeline-tui report` shows a report on a terminal: a title line saying what was counted (the report,
the job, the days, the n: the Reports screen's header, in its words), the line that explains the cohort
where it is easy to misread (Hiring), then the report's table in aligned columns, numbers right-aligned.

The table is the very `ReportTable` the Reports screen and the HTML report draw, its cells shown with
`cell_text`, so every surface prints the same figures. Every text (a job title, a stage, a source) goes
through `visible`: a control, bidi or escape character a user typed is shown as an escape, never obeyed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.core.report_tables import Column, ReportTable, cell_text
from pipeline_tui.core.terminal import visible
from pipeline_tui.services.reports import cohort_note, count_label, days_label

if TYPE_CHECKING:
    from pipeline_tui.services.reports import ReportResult

# Columns whose cells are figures: right-aligned so their digits line up.
FIGURES = frozenset({"count", "days", "rate"})
GAP = "  "


def report_lines(result: ReportResult, count: int) -> list[str]:
    """The title line (`count`: services.reports.headline_count), the cohort's note when it has one, a blank
    line, then the table (or one line saying there is nothing in the range)."""
    note = cohort_note(result.kind)
    lines = [title_line(result, count), *([note] if note else []), ""]
    if not result.table.rows:
        return [*lines, "Nothing to report in this range."]
    return lines + table_lines(result.table)


def title_line(result: ReportResult, count: int) -> str:
    """The first line, e.g. "Funnel · Backend Engineer · 2026-01-01 to 2026-03-31 · 42 applications made in
    the range": the screen's header for the same job and days; sequences are not per job, so theirs names
    no job."""
    parts = [result.kind.title]
    if result.kind is not ReportKind.SEQUENCES:
        parts.append(visible(result.job) if result.job is not None else "all jobs")
    parts.append(days_label(result.filter.start, result.filter.end))
    parts.append(count_label(result.kind, count))
    return " · ".join(parts)


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
