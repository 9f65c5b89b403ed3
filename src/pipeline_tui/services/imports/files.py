"""Reading import files as people really have them: any common encoding, any common delimiter, CSV or JSON.

The result is a `Table`: the header names and each record with the line (CSV) or position (JSON) it came
from, so every failure can point the user at the place to fix. Nothing here knows about candidates.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline_tui.core.errors import InvalidInput, PipelineError
from pipeline_tui.services.imports import charsets
from pipeline_tui.services.imports.charsets import (
    UnreadableText,
    bom_or_utf16,
    detect_legacy,
    legacy_warning,
    mostly_utf8,
)
from pipeline_tui.services.imports.delimited import CsvRecords, Survey
from pipeline_tui.services.imports.header_row import SEARCHED_ROWS, header_index

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SNIFF_BYTES = 64 * 1024
# Deeper than any file of people (a JSON Resume is 4 levels); a deeper one is refused when it is read, not
# half-way through an import when something walks it (Python's recursion ends near 1,000 levels).
MAX_JSON_DEPTH = 32

_ZIP = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls, or an .xlsx encrypted with a password
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted Office file holds
# Signatures of files people pick by mistake; each gets a sentence saying what to do instead.
_BINARY_SIGNATURES = (
    (_OLE, "is an old Excel/Office document (.xls): save it as .xlsx or CSV first"),
    (b"%PDF", "is a PDF, not a spreadsheet"),
    (b"SQLite format 3", "is a SQLite database, not an import file"),
    (b"\x89PNG", "is an image, not a spreadsheet"),
    (b"\xff\xd8\xff", "is an image, not a spreadsheet"),
    (b"\x1f\x8b", "is gzip-compressed: unpack it first"),
)


class ImportFileError(PipelineError):
    """Nothing could be read from the file: missing, binary, empty, or without any rows."""


@dataclass
class Table:
    """What a file holds, before any column is given a meaning."""

    path: Path
    format: str  # "csv", "xlsx", "json" or "jsonresume"
    headers: list[str]
    # (line or record number, {header: value}); CSV values are str, JSON values anything JSON holds.
    # CSV records are a CsvRecords: walked from disk each time, with a length from the survey.
    records: list[tuple[int, dict[str, object]]] | CsvRecords
    encoding: str = "utf-8"
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)
    # The line (row of a sheet) the header was found on when lines of notes above it were skipped.
    header_line: int | None = None
    sheet: str | None = None  # the sheet read from a workbook
    sheets: tuple[str, ...] = ()  # all the workbook's sheets, in order

    @property
    def where(self) -> str:
        """What a record number means in this file, for messages: 'line' for CSV, 'row' for a sheet,
        'record' for JSON."""
        return {"csv": "line", "xlsx": "row"}.get(self.format, "record")

    @property
    def header_found(self) -> str | None:
        """'header found on line 4' when notes above the header were skipped, else None."""
        return f"header found on {self.where} {self.header_line}" if self.header_line else None

    def describe(self) -> str:
        if self.format == "xlsx":
            return f"Excel workbook, sheet {self.sheet!r}"
        if self.format == "csv":
            return f"CSV, {self.encoding}, {_DELIMITER_NAMES.get(self.delimiter or ',', 'comma')}-separated"
        if self.format == "jsonresume":
            return "JSON Resume"
        return "JSON"


def read_table(
    path: str | Path, *, sheet: str | None = None, overrides: dict[str, str] | None = None
) -> Table:
    """Read a CSV file, an Excel workbook (its first sheet, or `sheet`), a JSON array of objects, a JSON
    Resume file or a folder of JSON Resume files. `overrides` (--map) count as column names when the
    header row is looked for below lines of notes.

    A CSV file or a sheet is only surveyed here (header, row count, bad lines): its records are streamed
    from disk each time they are walked, so a big file never sits in memory. JSON is read whole."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ImportFileError(f"no such file: {p}")
    if p.is_dir():
        _no_sheets(p, sheet)
        from pipeline_tui.services.imports.resume import read_resume_folder

        return read_resume_folder(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        whole = len(head) < _SNIFF_BYTES
    except OSError as exc:
        raise ImportFileError(f"cannot read {p}: {exc.strerror or exc}") from None
    if not head.strip() and whole:
        raise ImportFileError(f"{p} is empty")
    if head.startswith(_ZIP):
        from pipeline_tui.services.imports.workbook import read_workbook

        table = read_workbook(p, sheet, overrides)
    else:
        _no_sheets(p, sheet)
        _refuse_binary(p, head)
        table = _read_text(p, head, whole, overrides)
    if not table.records:
        raise ImportFileError(f"{p} has a header but no rows to import")
    return table


def _no_sheets(p: Path, sheet: str | None) -> None:
    if sheet is not None:
        raise InvalidInput(f"{p.name} is not an Excel workbook: it has no sheet {sheet!r} to pick")


def _refuse_binary(p: Path, head: bytes) -> None:
    if head.startswith(_OLE):
        if _ENCRYPTED in head or p.suffix.lower() in (".xlsx", ".xlsm"):
            raise ImportFileError(
                f"{p} is an encrypted (password-protected) workbook: save it without a password, or as CSV"
            )
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise ImportFileError(f"{p} {what}")


def _read_text(p: Path, head: bytes, whole: bool, overrides: dict[str, str] | None) -> Table:
    encoding, errors, warnings = _sniff_encoding(head, whole, p)
    head_text = head.decode(encoding, errors="ignore")
    stripped = head_text.lstrip()
    if not stripped and whole:
        raise ImportFileError(f"{p} is empty")
    table = _read_json(p) if stripped[:1] in ("[", "{") else None
    if table is None:
        table = _read_csv(p, head_text, whole, encoding, errors, overrides)
        table.warnings[:0] = warnings
    return table


def _read_json(p: Path) -> Table | None:
    """The file as JSON when it is JSON (by its name, or because it parses); None: read it as CSV."""
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {p}: {exc.strerror or exc}") from None
    text, encoding, warnings = decode(data, p)
    stripped = text.lstrip()
    if not (p.suffix.lower() == ".json" or _looks_like_json(stripped)):
        return None
    from pipeline_tui.services.imports.resume import table_from_json

    table = table_from_json(p, stripped)
    table.encoding = encoding
    table.warnings[:0] = warnings
    return table


def _sniff_encoding(head: bytes, whole: bool, path: Path) -> tuple[str, str, list[str]]:
    """The encoding to stream the file with, its error handler and any warning: a BOM or UTF-16 without
    one; UTF-8 (bad bytes kept as surrogates, so the lines holding them can be reported); else the code
    page charset-normalizer finds in the first 64 KB."""
    try:
        named = bom_or_utf16(head)
    except UnreadableText:
        raise ImportFileError(f"{path} is a binary file, not CSV or JSON") from None
    if named is not None:
        return named, "surrogateescape" if named == "utf-8-sig" else "strict", []
    if mostly_utf8(head, whole):
        return "utf-8", "surrogateescape", []
    encoding = detect_legacy(head)
    return encoding, "strict", [legacy_warning(path.name, encoding)]


def decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Bytes to text: BOMs first, then UTF-16 without BOM, UTF-8, and the detected code page with a warning."""
    try:
        return charsets.decode(data, path)
    except UnreadableText as exc:
        raise ImportFileError(str(exc)) from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path} is a binary file, not CSV or JSON") from None


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(f"{path} is a binary file, not CSV or JSON") from None


def parse_json(path: Path, text: str) -> object:
    """The JSON value of `text`; ImportFileError for invalid JSON or nesting deeper than MAX_JSON_DEPTH."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        data = None
    else:
        if not _deeper_than(data, MAX_JSON_DEPTH):
            return data
    raise ImportFileError(f"{path} is nested more than {MAX_JSON_DEPTH} levels deep: not a file of people")


def _deeper_than(data: object, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels (walked with a stack, never recursively)."""
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
    return False


def _looks_like_json(text: str) -> bool:
    try:
        json.loads(text)
    except RecursionError:
        return True  # JSON, too deep: parse_json says so
    except ValueError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most cells (quotes respected); comma on a tie."""
    first = ""
    for line in text.splitlines():
        if line.strip():
            first = line
            break
    best, best_count = ",", 0
    for delim in DELIMITERS:
        count = _count_outside_quotes(first, delim)
        if count > best_count:
            best, best_count = delim, count
    return best


def _count_outside_quotes(line: str, delim: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            count += 1
    return count


def _read_csv(
    path: Path, head: str, whole: bool, encoding: str, errors: str, overrides: dict[str, str] | None
) -> Table:
    delimiter, start_line, below_notes = _find_header(head, whole, overrides)
    records = CsvRecords(path, encoding, errors, delimiter, start_line)
    warnings: list[str] = []
    found = _survey(records)
    if encoding == "utf-8" and found.bad_bytes and not found.real_non_ascii:
        # Not one line of UTF-8 beyond ASCII: a file saved by an older Windows program.
        records, found, warning = _legacy(path, delimiter, start_line, bytes(found.bad_sample))
        warnings.append(warning)
    elif found.bad_byte_rows:
        warnings.append(
            f"{path.name} is UTF-8 but {found.bad_byte_rows:,} row(s) hold bytes that are not: those rows "
            "failed (listed below), the others were read as UTF-8"
        )
    if not found.header_cells:
        raise ImportFileError(f"{path} is empty")
    if found.widest > len(found.header_cells):
        warnings.append("some rows have more cells than the header; the extra cells are kept in notes")
    return Table(
        path=path,
        format="csv",
        headers=records.headers,
        records=records,
        encoding=records.encoding,
        delimiter=delimiter,
        warnings=warnings,
        header_line=start_line if below_notes else None,
    )


def _find_header(head: str, whole: bool, overrides: dict[str, str] | None) -> tuple[str, int, bool]:
    """The delimiter, the line the header is on and whether lines of notes are above it: line 1, line 2
    below Excel's "sep=;" hint line, or the line below the notes that names the columns (looked for in the
    first lines only)."""
    lines: list[str] = []
    for line in io.StringIO(head, newline=""):
        lines.append(line)
        if len(lines) > SEARCHED_ROWS + 1:
            break
    if lines and not whole and not lines[-1].endswith(("\n", "\r")):
        lines.pop()  # cut by the sample's end
    hint = _sep_hint(head)
    if hint:
        return hint, 2, False
    rows = []
    for line in lines:
        text = line.strip("\r\n")
        rows.append(next(csv.reader([text], delimiter=sniff_delimiter(text)), []) if text.strip() else [])
    index = header_index(rows, overrides)
    notes_above = any(rows[:index])
    return sniff_delimiter(lines[index] if lines else head), index + 1, notes_above


def _sep_hint(head: str) -> str | None:
    """The delimiter Excel's "sep=;" hint line names (it is not a header), or None."""
    first_line = head.splitlines()[0].strip() if head.strip() else ""
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        return first_line[4]
    return None


def _survey(records: CsvRecords) -> Survey:
    try:
        return records.survey()
    except UnicodeDecodeError:
        if records.encoding == "utf-16":
            raise ImportFileError(f"{records.path} says it is UTF-16 but is not valid UTF-16") from None
        raise ImportFileError(f"{records.path} is a binary file, not CSV or JSON") from None
    except csv.Error as exc:
        raise ImportFileError(f"{records.path} is not readable CSV: its header line: {exc}") from None


def _legacy(path: Path, delimiter: str, start_line: int, sample: bytes) -> tuple[CsvRecords, Survey, str]:
    """The file read in the code page its undecodable lines are in (charset-normalizer on those lines),
    else Windows-1252, else Latin-1 (which reads any bytes)."""
    for encoding in dict.fromkeys((detect_legacy(sample), "cp1252", "latin-1")):
        records = CsvRecords(path, encoding, "strict", delimiter, start_line)
        try:
            found = records.survey()
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise ImportFileError(f"{path} is not readable CSV: its header line: {exc}") from None
        return records, found, legacy_warning(path.name, encoding)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover
