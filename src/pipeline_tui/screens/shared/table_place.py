"""Where the user is in a DataTable, kept across a refill: others' changes re-read a list under the cursor.

A screen refills its table by clearing it and adding the rows again, which puts the cursor on the first row
and the scroll offset at the top. `TablePlace.of(table)` notes the cursor's row key, its row number and the
scroll offset before; `back(table)` after the refill puts the cursor on the same row key when it is still
listed, else on `instead` (the next key still listed, for a queue), else on the same row number, and
scrolls back to the same offset, moving only as far as needed to keep the cursor in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from textual.widgets import DataTable

FRAMES = 50  # frames to wait for the table to measure its rows before scrolling back anyway
# The tables with a scroll back on its way, and the offset it goes to.
_scrolling_to: WeakKeyDictionary[DataTable, float] = WeakKeyDictionary()


@dataclass(frozen=True)
class TablePlace:
    key: str | None
    row: int
    scroll_y: float
    after: tuple[str, ...] = ()  # the row keys below the cursor's, in order

    @classmethod
    def of(cls, table: DataTable) -> TablePlace:
        keys = row_keys(table)
        row = table.cursor_row if keys else 0
        key = keys[row] if 0 <= row < len(keys) else None
        # A refill just drawn may not have scrolled back yet (a second batch right after the first): its
        # offset is the one to keep, not the top it was reset to meanwhile.
        return cls(key, row, _scrolling_to.get(table, table.scroll_y), tuple(keys[row + 1 :]))

    def back(self, table: DataTable, *, next_listed: bool = False) -> None:
        """The cursor on the same row key (or, with `next_listed`, the first of those that were below it
        still listed), else on the same row number; then the scroll offset as it was."""
        if not table.row_count:
            return
        listed = table.rows
        choices = [self.key, *(self.after if next_listed else ())]
        key = next((k for k in choices if k is not None and k in listed), None)
        row = table.get_row_index(key) if key is not None else min(self.row, table.row_count - 1)
        if row != table.cursor_row:
            table.move_cursor(row=row, animate=False)
        _scrolling_to[table] = self.scroll_y
        scroll_back(table, self.scroll_y)


def scroll_back(table: DataTable, scroll_y: float, tries: int = FRAMES) -> None:
    """Scroll to `scroll_y` once the table knows its new height (DataTable measures added rows when idle:
    scrolled before, the offset would be cut to the old one), then as little as needed to show the cursor."""
    if getattr(table, "_require_update_dimensions", False) and tries:
        table.call_after_refresh(scroll_back, table, scroll_y, tries - 1)
        return
    if _scrolling_to.get(table) != scroll_y:
        return  # a newer refill scrolls back on its own
    del _scrolling_to[table]
    table.scroll_to(y=scroll_y, animate=False, immediate=True)
    table.move_cursor(row=table.cursor_row, animate=False)  # in view, the least scroll needed


def row_keys(table: DataTable) -> Sequence[str]:
    return [str(row.key.value) for row in table.ordered_rows]
