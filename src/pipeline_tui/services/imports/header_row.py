"""Finding the header row by what it says: some exports write lines of notes above it.

LinkedIn's Connections.csv starts with a "Notes:" paragraph, CRM reports with a title and a date. The
header is the first of the first few rows that names a person's column (full name, or first or last name)
and, among those, recognises the most column names; when the very first row names one it is the header, as
it always was. Only a sample at the top is looked at: the file is still streamed afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline_tui.services.imports.columns import header_field

# How many rows at the top may hold notes before the header.
SEARCHED_ROWS = 30
_NAME_FIELDS = frozenset({"name", "first_name", "last_name"})


def header_index(rows: Sequence[Sequence[object]], overrides: dict[str, str] | None = None) -> int:
    """The index in `rows` (the first rows of a file, as cells) of the header; 0 when none names a person
    (the file is then read as it always was, and refused for having no name column)."""
    filled = [i for i, cells in enumerate(rows[:SEARCHED_ROWS]) if any(_filled(c) for c in cells)]
    best, best_score = 0, 0
    for i in filled:
        cells = rows[i]
        fields = [header_field(str(c), overrides) for c in cells if isinstance(c, str) and c.strip()]
        if _NAME_FIELDS.isdisjoint(fields):
            continue
        if i == filled[0]:
            return i
        score = sum(1 for f in fields if f is not None)
        if score > best_score:
            best, best_score = i, score
    return best


def _filled(cell: object) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))
