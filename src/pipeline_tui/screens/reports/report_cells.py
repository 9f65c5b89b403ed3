"""A report's table as the screen's DataTable shows it: `core.report_tables` cells through `cell_text` (the
same text the HTML shows), figures right-aligned, user text (job, stage, source, reason, pool, sequence
names) literal, and every column as wide as its widest cell."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from pipeline_tui.core.report_tables import ReportTable, cell_text
from pipeline_tui.widgets.literal import literal

FIGURES = frozenset({"count", "days", "rate"})
WIDEST_TEXT = 32  # a long job or reason name is cut here (with …): the figures beside it stay in view
NARROWEST_TEXT = 8  # ... and, when the table has less room than its cells want, down to this
PADDING = 2  # DataTable's cell padding, one cell each side of a column


@dataclass(frozen=True)
class DrawnTable:
    headers: tuple[Text, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[Text, ...], ...]


def cell(value: object, kind: str) -> Text:
    if kind in FIGURES:
        return Text(cell_text(value, kind), justify="right", no_wrap=True)  # type: ignore[arg-type]
    shown = literal(cell_text(value, kind))  # type: ignore[arg-type]
    shown.no_wrap, shown.overflow = True, "ellipsis"
    return shown


def drawn_table(table: ReportTable, room: int | None = None) -> DrawnTable:
    """The table's cells and column widths; with `room` (cells across), text columns give up width, the
    widest first, so that every figure column stays in view at 80 columns."""
    rows = tuple(
        tuple(cell(value, column.kind) for value, column in zip(row, table.columns, strict=True))
        for row in table.rows
    )
    headers, widths = [], []
    for number, column in enumerate(table.columns):
        figure = column.kind in FIGURES
        headers.append(Text(column.name, justify="right" if figure else "left", style="bold"))
        widest = max([len(column.name), *(line[number].cell_len for line in rows)])
        widths.append(widest if figure else min(widest, WIDEST_TEXT))
    if room is not None:
        widths = fitted(widths, [c.kind not in FIGURES for c in table.columns], room)
    return DrawnTable(tuple(headers), tuple(widths), rows)


def fitted(widths: list[int], text: list[bool], room: int) -> list[int]:
    """Narrow the widest text column by one cell until all fit in `room` or none can give more."""
    widths = list(widths)
    while sum(widths) + PADDING * len(widths) > room:
        narrowable = [i for i, w in enumerate(widths) if text[i] and w > NARROWEST_TEXT]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths
