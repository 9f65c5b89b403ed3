"""Excel workbooks (.xlsx): one sheet read as rows of cells, streamed with openpyxl's read-only mode.

Like a CSV file, a sheet is walked from disk each time its records are needed (a survey first, then the
preview and the import), so a sheet of 200,000 people never sits in memory. Cells become the text a CSV
export of the sheet would hold: a phone typed as a number is its digits (never 4.4207946095e+11), a date is
"2026-03-01" (and a date and time "2026-03-01 09:30:00"), which the date fields read as they read CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from pipeline_tui.services.imports.delimited import unique_headers
from pipeline_tui.services.imports.files import ImportFileError, Table
from pipeline_tui.services.imports.header_row import SEARCHED_ROWS, header_index

Cells = tuple[object, ...]


def read_workbook(path: Path, sheet: str | None, overrides: dict[str, str] | None = None) -> Table:
    """The first sheet of the workbook at `path`, or the one named `sheet`; ImportFileError (one line) for
    a workbook that cannot be read or a sheet it does not have."""
    names = _sheet_names(path)
    if not names:
        raise ImportFileError(f"{path} is a workbook without any sheets")
    chosen = names[0] if sheet is None else _pick(path, names, sheet)
    records = SheetRecords(path, chosen)
    records.survey(overrides)
    if not records.headers:
        raise ImportFileError(f"{path}: sheet {chosen!r} is empty")
    warnings = []
    if records.widest > len(records.headers):
        warnings.append("some rows have more cells than the header; the extra cells are kept in notes")
    return Table(
        path=path,
        format="xlsx",
        headers=records.headers,
        records=records,
        encoding="xlsx",
        warnings=warnings,
        header_line=records.header_row if records.notes_above else None,
        sheet=chosen,
        sheets=tuple(names),
    )


def _pick(path: Path, names: list[str], sheet: str) -> str:
    wanted = " ".join(sheet.split()).lower()
    for name in names:
        if name == sheet or " ".join(name.split()).lower() == wanted:
            return name
    listed = ", ".join(repr(n) for n in names)
    raise ImportFileError(f"{path.name} has no sheet {sheet!r}; its sheets are {listed}")


@contextmanager
def _opened(path: Path):
    """The workbook, read-only; closed (with its file) when done."""
    from openpyxl import load_workbook

    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        try:
            # A file object, not the name: openpyxl refuses a workbook whose name does not end in .xlsx.
            wb = load_workbook(fh, read_only=True, data_only=True)
        except KeyError:
            raise ImportFileError(f"{path} is a zip archive, not an Excel workbook") from None
        except Exception as exc:  # openpyxl raises a dozen kinds for a damaged file; each is "unreadable"
            raise ImportFileError(f"{path} is not a readable Excel workbook ({_why(exc)})") from None
        try:
            yield wb
        finally:
            wb.close()
    finally:
        fh.close()


def _sheet_names(path: Path) -> list[str]:
    with _opened(path) as wb:
        return list(wb.sheetnames)


def _why(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__


class SheetRecords:
    """The records of one sheet as (row number, {header: text}); re-read from the workbook on every walk."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path = path
        self.sheet = sheet
        self.headers: list[str] = []
        self.header_row = 1
        self.notes_above = False
        self.widest = 0
        self._names: list[str] = []
        self._dropped: set[int] = set()
        self._count = 0

    def survey(self, overrides: dict[str, str] | None) -> None:
        """Walk the sheet once: where the header is, its names, the row count and unused columns."""
        top: list[Cells] = []
        rows = self._rows()
        try:
            for _, cells in rows:
                top.append(cells)
                if len(top) >= SEARCHED_ROWS:
                    break
            index = header_index([[_text(c) for c in row] for row in top], overrides)
            header = [_text(c) or "" for c in top[index]] if top else []
            while header and not header[-1].strip():
                header.pop()
            self.header_row, self.notes_above = index + 1, any(_text(c) for r in top[:index] for c in r)
            filled: set[int] = set()
            for cells in [*top[index + 1 :], *(c for _, c in rows)]:
                if any(_text(c) for c in cells):
                    self._count += 1
                    self.widest = max(self.widest, _width(cells))
                    filled.update(i for i, c in enumerate(cells) if i < len(header) and _text(c))
        except ImportFileError:
            raise
        except Exception as exc:  # a damaged sheet inside a readable zip
            raise ImportFileError(f"{self.path} is not a readable Excel workbook ({_why(exc)})") from None
        finally:
            rows.close()
        self._names = unique_headers(header)
        self._dropped = {i for i, h in enumerate(header) if not h.strip() and i not in filled}
        self.headers = [h for i, h in enumerate(self._names) if i not in self._dropped]
        self.headers.extend(f"column {i}" for i in range(len(self._names) + 1, self.widest + 1))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, dict[str, object]]]:
        names, dropped, width = self._names, self._dropped, len(self._names)
        rows = self._rows()
        try:
            for number, cells in rows:
                if number <= self.header_row:
                    continue
                row: dict[str, object] = {}
                for i, value in enumerate(cells):
                    text = _text(value)
                    if text is None:
                        continue
                    if i < width:
                        if i not in dropped:
                            row[names[i]] = text
                    elif text.strip():
                        row[f"column {i + 1}"] = text
                if any(v.strip() for v in row.values()):  # type: ignore[union-attr]
                    yield number, row
        finally:
            rows.close()

    def _rows(self) -> Iterator[tuple[int, Cells]]:
        with _opened(self.path) as wb:
            ws = wb[self.sheet]
            ws.reset_dimensions()  # some writers record a wrong size; read every cell there is
            yield from enumerate(ws.iter_rows(values_only=True), start=1)


def _width(cells: Cells) -> int:
    n = len(cells)
    while n and _text(cells[n - 1]) is None:
        n -= 1
    return n


def _text(value: object) -> str | None:
    """A cell as the text a CSV export of it would hold; None for an empty cell."""
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return value if value.strip() else None  # type: ignore[union-attr]
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is float:
        # A phone number typed as a number: its digits, not 4.4207946095e+11.
        return str(int(value)) if value.is_integer() and abs(value) < 1e17 else repr(value)  # type: ignore[union-attr]
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(" ", "seconds" if not value.microsecond else "auto")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
