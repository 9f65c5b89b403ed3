"""CSV read as a stream: the file is read from disk each time its records are walked, never held whole.

A 200,000-row file costs the memory of one row at a time. `CsvRecords.survey()` walks the file once before
anything is imported (the header, the row count for progress, which columns are empty, which lines are not
valid UTF-8), so the import itself can stream and still fail nothing half way for reasons known up front.

Two kinds of broken line become failed rows with their line number instead of swallowing or spoiling the
rest of the file:
- a quote that is never closed (`"Open Quote,oq@example.com`): the csv module would read every following
  line into that one cell; a record spanning lines that is not well-formed CSV is reported on its first line
  and the lines after it are read again as rows of their own;
- bytes that are not UTF-8 in an otherwise UTF-8 file: read with `surrogateescape`, the row that holds
  them fails, the others keep their accents (one bad byte no longer turns "Zoë" into "ZoÃ«" everywhere).
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# A record holding this key could not be read; the value says why (RowReader turns it into a failure).
UNREADABLE = "__unreadable__"
UNCLOSED_QUOTE = 'a quote (") opened on this line is never closed; the lines after it were read on their own'

_SAMPLE_BYTES = 64 * 1024
_SURROGATE = re.compile("[\udc80-\udcff]")
_REAL_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")

# (first line, cells, None) or, for a record that could not be read, (first line, [the raw line], why).
Parsed = tuple[int, list[str], str | None]


@dataclass
class Survey:
    """What one walk over the file found, before any row is imported."""

    header_cells: list[str] = field(default_factory=list)
    count: int = 0
    filled_blank_columns: set[int] = field(default_factory=set)
    widest: int = 0
    bad_byte_rows: int = 0
    bad_bytes: bool = False
    real_non_ascii: bool = False  # a line that is valid UTF-8 beyond ASCII
    # The first lines holding bytes that are not UTF-8, as they were: the sample their code page is
    # detected from when no line of the file is UTF-8 beyond ASCII.
    bad_sample: bytearray = field(default_factory=bytearray)


class CsvRecords:
    """The records of one CSV file as (line, {header: value}); re-read from the file on every walk."""

    def __init__(self, path: Path, encoding: str, errors: str, delimiter: str, first_line: int) -> None:
        self.path = path
        self.encoding = encoding
        self.errors = errors
        self.delimiter = delimiter
        # The header's line: 2 below Excel's "sep=;" hint, further down below lines of notes.
        self.first_line = first_line
        self.headers: list[str] = []
        self._names: list[str] = []
        self._dropped: set[str] = set()
        self.found = Survey()

    def survey(self) -> Survey:
        """Walk the file once: header names, the row count, extra cells, bad bytes (raises UnicodeError)."""
        found = Survey()
        header_seen = False
        for _line, cells, problem in self._parsed():
            if problem is not None:
                if not header_seen:
                    raise csv.Error(problem)
                found.count += 1
                continue
            if not cells or not any(c.strip() for c in cells):
                continue
            text = "".join(cells)
            if not text.isascii():
                if _SURROGATE.search(text):
                    found.bad_bytes = True
                    found.bad_byte_rows += header_seen
                    if len(found.bad_sample) < _SAMPLE_BYTES:
                        found.bad_sample += "\n".join(cells).encode("utf-8", "surrogateescape") + b"\n"
                elif not found.real_non_ascii and _REAL_NON_ASCII.search(text):
                    # Only a line without bad bytes proves UTF-8: in Shift JIS or cp1252 text, two bytes
                    # now and then happen to form a valid UTF-8 character beside the bad ones.
                    found.real_non_ascii = True
            if not header_seen:
                header_seen = True
                found.header_cells = cells
                continue
            found.count += 1
            found.widest = max(found.widest, len(cells))
            for i, value in enumerate(cells):
                if i < len(found.header_cells) and not found.header_cells[i].strip() and value.strip():
                    found.filled_blank_columns.add(i)
        self.found = found
        self._name_columns(found)
        return found

    def _name_columns(self, found: Survey) -> None:
        headers = self._names = unique_headers([_shown(c) for c in found.header_cells])
        # Unnamed columns with nothing in them (",,," at the end of every line) are not columns.
        self._dropped = {
            headers[i]
            for i, c in enumerate(found.header_cells)
            if not c.strip() and i not in found.filled_blank_columns
        }
        self.headers = [h for h in headers if h not in self._dropped]
        self.headers.extend(f"column {i}" for i in range(len(headers) + 1, found.widest + 1))

    def __len__(self) -> int:
        return self.found.count

    def __iter__(self) -> Iterator[tuple[int, dict[str, object]]]:
        names, dropped = self._names, self._dropped
        width = len(names)
        check_bytes = self.found.bad_byte_rows > 0
        header_seen = False
        for line, cells, problem in self._parsed():
            if problem is not None:
                # The line as it was, in the first column: --failed-csv then shows what to fix.
                yield line, {names[0]: cells[0], UNREADABLE: problem} if names else {UNREADABLE: problem}
                continue
            if not cells or not any(c.strip() for c in cells):
                continue
            if not header_seen:
                header_seen = True
                continue
            row: dict[str, object] = {}
            for i, value in enumerate(cells):
                if i < width:
                    if names[i] not in dropped:
                        row[names[i]] = value
                elif value.strip():
                    # A cell beyond the header: kept under a made-up column name rather than dropped.
                    row[f"column {i + 1}"] = value
            if check_bytes:
                bad = _bad_byte(cells)
                if bad is not None:
                    row[UNREADABLE] = (
                        f"not valid UTF-8 (byte 0x{bad:02X}): the rest of the file was read as UTF-8; "
                        "fix this line and import it again"
                    )
            yield line, row

    def _parsed(self) -> Iterator[Parsed]:
        with self.path.open(encoding=self.encoding, errors=self.errors, newline="") as fh:
            lines: Iterable[str] = fh
            for _ in range(self.first_line - 1):
                next(fh, None)
            yield from parse_lines(lines, self.delimiter, self.first_line)


def parse_lines(lines: Iterable[str], delimiter: str, first_line: int = 1) -> Iterator[Parsed]:
    """CSV records with the line each starts on; a broken one is (line, None, why) and the lines after its
    first are read again, so an unclosed quote costs one row, not the rest of the file."""
    feed = _Feed(iter(lines), first_line)
    while True:
        reader = csv.reader(feed, delimiter=delimiter)
        try:
            for cells in reader:
                taken = feed.take()
                if len(taken) > 1 and not _well_formed(taken, delimiter):
                    yield taken[0][0], [_raw(taken)], UNCLOSED_QUOTE
                    feed.replay(taken[1:])
                    break
                yield taken[0][0], cells, None
            else:
                return
        except csv.Error as exc:
            taken = feed.take()
            if not taken:
                return
            if len(taken) > 1:
                yield taken[0][0], [_raw(taken)], UNCLOSED_QUOTE
                feed.replay(taken[1:])
            else:
                yield taken[0][0], [_raw(taken)], _csv_problem(exc)


class _Feed:
    """Physical lines for csv.reader, remembering those of the record being read so that a broken record's
    lines can be handed out again."""

    def __init__(self, lines: Iterator[str], first_line: int) -> None:
        self._lines = lines
        self._next = first_line
        self._replay: deque[tuple[int, str]] = deque()
        self._taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self._replay:
            item = self._replay.popleft()
        else:
            item = (self._next, next(self._lines))
            self._next += 1
        self._taken.append(item)
        return item[1]

    def take(self) -> list[tuple[int, str]]:
        taken, self._taken = self._taken, []
        return taken

    def replay(self, items: list[tuple[int, str]]) -> None:
        self._replay.extendleft(reversed(items))


def _well_formed(taken: list[tuple[int, str]], delimiter: str) -> bool:
    """A record spanning lines is one whose quotes all close where CSV says they may (strict parsing)."""
    text = "".join(line for _, line in taken)
    try:
        return len(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))) == 1
    except csv.Error:
        return False


def _raw(taken: list[tuple[int, str]]) -> str:
    return taken[0][1].rstrip("\r\n")


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "NUL" in text:
        return "the line holds a NUL byte (is part of the file binary?)"
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"not readable as CSV: {text}"


def _bad_byte(cells: list[str]) -> int | None:
    for c in cells:
        if not c.isascii():
            m = _SURROGATE.search(c)
            if m:
                return ord(m.group()) - 0xDC00
    return None


def _shown(cell: str) -> str:
    """A header cell with undecodable bytes shown as the replacement mark."""
    return _SURROGATE.sub("\ufffd", cell) if not cell.isascii() else cell


def unique_headers(cells: list[str]) -> list[str]:
    """Header names, made unique ('Email', 'Email (2)') and named when blank ('column 4')."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(cells):
        name = raw.strip().strip("\ufeff").strip() or f"column {i + 1}"
        n = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = n
        out.append(f"{name} ({n})" if n > 1 else name)
    return out
