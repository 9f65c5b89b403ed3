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
    header_lines: int = 1  # 2: the figures' headers were split over two lines to fit the room


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
    drawn = _measured(table, rows, split=False)
    if room is not None and _across(drawn.widths) > room:
        split = _measured(table, rows, split=True)
        if split.widths != drawn.widths:
            drawn = split
    if room is None:
        return drawn
    text = [c.kind not in FIGURES for c in table.columns]
    return DrawnTable(drawn.headers, tuple(fitted(list(drawn.widths), text, room)), rows, drawn.header_lines)


def _measured(table: ReportTable, rows: tuple[tuple[Text, ...], ...], *, split: bool) -> DrawnTable:
    """Headers and each column's width: its widest cell or header line (text columns at most WIDEST_TEXT);
    `split` puts a figure's two-word header on two lines ("Handed\noff")."""
    headers, widths = [], []
    for number, column in enumerate(table.columns):
        figure = column.kind in FIGURES
        name = two_lines(column.name) if split and figure else column.name
        headers.append(Text(name, justify="right" if figure else "left", style="bold"))
        widest = max([*(len(line) for line in name.split("\n")), *(line[number].cell_len for line in rows)])
        widths.append(widest if figure else min(widest, WIDEST_TEXT))
    lines = 2 if split and any("\n" in h.plain for h in headers) else 1
    return DrawnTable(tuple(headers), tuple(widths), rows, lines)


def two_lines(name: str) -> str:
    """ "Days to handoff" → "Days to\nhandoff": split at the space that makes the longer line shortest."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return name
    at = min(spaces, key=lambda i: max(i, len(name) - i - 1))
    return name[:at] + "\n" + name[at + 1 :]


def _across(widths: tuple[int, ...] | list[int]) -> int:
    return sum(widths) + PADDING * len(widths)


def fitted(widths: list[int], text: list[bool], room: int) -> list[int]:
    """Narrow the widest text column by one cell until all fit in `room` or none can give more."""
    widths = list(widths)
    while _across(widths) > room:
        narrowable = [i for i, w in enumerate(widths) if text[i] and w > NARROWEST_TEXT]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths
