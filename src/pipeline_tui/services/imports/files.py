"""Reading import files as people really have them: any common encoding, any common delimiter, CSV or JSON.

The result is a `Table`: the header names and each record with the line (CSV) or position (JSON) it came
from, so every failure can point the user at the place to fix. Nothing here knows about candidates.
"""

from __future__ import annotations

import codecs
import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.services.imports.delimited import CsvRecords, Survey

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SNIFF_BYTES = 64 * 1024
# Deeper than any file of people (a JSON Resume is 4 levels); a deeper one is refused when it is read, not
# half-way through an import when something walks it (Python's recursion ends near 1,000 levels).
MAX_JSON_DEPTH = 32

# Signatures of files people pick by mistake; each gets a sentence saying what to do instead.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "is a zip archive (an Excel .xlsx workbook?): save it as CSV first"),
    (b"\xd0\xcf\x11\xe0", "is an old Excel/Office document: save it as CSV first"),
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
    format: str  # "csv", "json" or "jsonresume"
    headers: list[str]
    # (line or record number, {header: value}); CSV values are str, JSON values anything JSON holds.
    # CSV records are a CsvRecords: walked from disk each time, with a length from the survey.
    records: list[tuple[int, dict[str, object]]] | CsvRecords
    encoding: str = "utf-8"
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """What a record number means in this file, for messages: 'line' for CSV, 'record' for JSON."""
        return "line" if self.format == "csv" else "record"

    def describe(self) -> str:
        if self.format == "csv":
            return f"CSV, {self.encoding}, {_DELIMITER_NAMES.get(self.delimiter or ',', 'comma')}-separated"
        if self.format == "jsonresume":
            return "JSON Resume"
        return "JSON"


def read_table(path: str | Path) -> Table:
    """Read a CSV file, a JSON array of objects, a JSON Resume file or a folder of JSON Resume files.

    A CSV file is only surveyed here (header, row count, bad lines): its records are streamed from disk
    each time they are walked, so a big file never sits in memory. JSON is read whole."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ImportFileError(f"no such file: {p}")
    if p.is_dir():
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
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise ImportFileError(f"{p} {what}")
    encoding, errors = _sniff_encoding(head, p)
    head_text = head.decode(encoding, errors="ignore")
    stripped = head_text.lstrip()
    if not stripped and whole:
        raise ImportFileError(f"{p} is empty")
    table = _read_json(p) if stripped[:1] in ("[", "{") else None
    if table is None:
        table = _read_csv(p, head_text, encoding, errors)
    if not table.records:
        raise ImportFileError(f"{p} has a header but no rows to import")
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


def _sniff_encoding(head: bytes, path: Path) -> tuple[str, str]:
    """The encoding to stream the file with, and the error handler: BOMs, UTF-16 without BOM, else UTF-8
    (whose bad bytes are kept as surrogates, so the lines holding them can be reported)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "surrogateescape"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "strict"
    if b"\x00" in head:
        # Excel's "Unicode text" without a BOM: every other byte of ASCII text is zero.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 8:
            return "utf-16-le", "strict"
        if even > len(head) // 4 and odd < even // 8:
            return "utf-16-be", "strict"
        raise ImportFileError(f"{path} is a binary file, not CSV or JSON")
    return "utf-8", "surrogateescape"


def decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Bytes to text: BOMs first, then UTF-16 without BOM, UTF-8, and cp1252/Latin-1 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            raise ImportFileError(f"{path} says it is UTF-16 but is not valid UTF-16") from None
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        # Excel's "Unicode text" without a BOM: every other byte of ASCII text is zero.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 8:
            return _strict(data, "utf-16-le", path), "utf-16-le", []
        if even > len(head) // 4 and odd < even // 8:
            return _strict(data, "utf-16-be", path), "utf-16-be", []
        raise ImportFileError(f"{path} is a binary file, not CSV or JSON")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return text, "cp1252", [f"{path.name} is not UTF-8: read it as Windows-1252 (cp1252); check accents"]
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return text, "latin-1", [f"{path.name} is not UTF-8: read it as Latin-1; check accents"]


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


def _read_csv(path: Path, head: str, encoding: str, errors: str) -> Table:
    first_line = head.splitlines()[0].strip() if head.strip() else ""
    # Excel's "sep=;" hint line names the delimiter and is not a header.
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter, start_line = first_line[4], 2
    else:
        delimiter, start_line = sniff_delimiter(head), 1
    records = CsvRecords(path, encoding, errors, delimiter, start_line)
    warnings: list[str] = []
    found = _survey(records)
    if found.bad_bytes and not found.real_non_ascii:
        # Not one line of UTF-8 beyond ASCII: a file saved by an older Windows program.
        records, found, warning = _legacy(path, delimiter, start_line)
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
    )


def _survey(records: CsvRecords) -> Survey:
    try:
        return records.survey()
    except UnicodeDecodeError:
        if records.encoding == "utf-16":
            raise ImportFileError(f"{records.path} says it is UTF-16 but is not valid UTF-16") from None
        raise ImportFileError(f"{records.path} is a binary file, not CSV or JSON") from None
    except csv.Error as exc:
        raise ImportFileError(f"{records.path} is not readable CSV: its header line: {exc}") from None


def _legacy(path: Path, delimiter: str, start_line: int) -> tuple[CsvRecords, Survey, str]:
    """The file read as Windows-1252, or as Latin-1 when it holds bytes Windows-1252 does not define."""
    records = CsvRecords(path, "cp1252", "strict", delimiter, start_line)
    try:
        found = records.survey()
        return records, found, f"{path.name} is not UTF-8: read it as Windows-1252 (cp1252); check accents"
    except UnicodeDecodeError:
        records = CsvRecords(path, "latin-1", "strict", delimiter, start_line)
        found = _survey(records)
        return records, found, f"{path.name} is not UTF-8: read it as Latin-1; check accents"
    except csv.Error as exc:
        raise ImportFileError(f"{path} is not readable CSV: its header line: {exc}") from None
