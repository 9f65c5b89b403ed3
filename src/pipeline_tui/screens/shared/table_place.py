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

from textual.widgets import DataTable


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
        return cls(key, row, table.scroll_y, tuple(keys[row + 1 :]))

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
        scroll_y = self.scroll_y

        def scroll_back() -> None:
            table.scroll_to(y=scroll_y, animate=False, immediate=True)
            table.move_cursor(row=table.cursor_row, animate=False)  # in view, the least scroll needed

        table.call_after_refresh(scroll_back)


def row_keys(table: DataTable) -> Sequence[str]:
    return [str(row.key.value) for row in table.ordered_rows]
