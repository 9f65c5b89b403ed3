"""Reading import files as people really have them: any common encoding, any common delimiter, CSV or JSON.

The result is a `Table`: the header names and each record with the line (CSV) or position (JSON) it came
from, so every failure can point the user at the place to fix. Nothing here knows about candidates.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline_tui.core.errors import PipelineError

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
    records: list[tuple[int, dict[str, object]]]
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
    """Read a CSV file, a JSON array of objects, a JSON Resume file or a folder of JSON Resume files."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ImportFileError(f"no such file: {p}")
    if p.is_dir():
        from pipeline_tui.services.imports.resume import read_resume_folder

        return read_resume_folder(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {p}: {exc.strerror or exc}") from None
    if not data.strip():
        raise ImportFileError(f"{p} is empty")
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(f"{p} {what}")
    text, encoding, warnings = decode(data, p)
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError(f"{p} is empty")
    if stripped[0] in "[{" and (p.suffix.lower() == ".json" or _looks_like_json(stripped)):
        from pipeline_tui.services.imports.resume import table_from_json

        table = table_from_json(p, stripped)
    else:
        table = _read_csv(p, text)
    table.encoding = encoding
    table.warnings[:0] = warnings
    if not table.records:
        raise ImportFileError(f"{p} has a header but no rows to import")
    return table


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


def _read_csv(path: Path, text: str) -> Table:
    warnings: list[str] = []
    start_line = 1
    first_line, _, rest = text.partition("\n")
    # Excel's "sep=;" hint line names the delimiter and is not a header.
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter = first_line.strip()[4]
        text = rest
        start_line = 2
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    blank_names: set[str] = set()
    width = 0
    records: list[tuple[int, dict[str, object]]] = []
    extra_cols = 0
    last_line = 0
    try:
        for cells in reader:
            line = last_line + start_line
            last_line = reader.line_num
            if not cells or not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = _unique_headers(cells)
                width = len(headers)
                blank_names = {f"column {i + 1}" for i, c in enumerate(cells) if not c.strip()}
                continue
            row: dict[str, object] = {}
            for i, value in enumerate(cells):
                if i < len(headers):
                    row[headers[i]] = value
                elif value.strip():
                    # A cell beyond the header: kept under a made-up column name rather than dropped.
                    key = f"column {i + 1}"
                    row[key] = value
                    extra_cols = max(extra_cols, i + 1)
            records.append((line, row))
    except csv.Error as exc:
        raise ImportFileError(
            f"{path} is not readable CSV near line {last_line + start_line}: {exc}"
        ) from None
    if headers is None:
        raise ImportFileError(f"{path} is empty")
    # Unnamed columns with nothing in them (",,," at the end of every line) are not columns.
    for name in [h for h in headers if h in blank_names]:
        if not any(str(r.get(name, "")).strip() for _, r in records):
            headers.remove(name)
            for _, r in records:
                r.pop(name, None)
    headers.extend(f"column {i}" for i in range(width + 1, extra_cols + 1))
    if extra_cols:
        warnings.append("some rows have more cells than the header; the extra cells are kept in notes")
    return Table(
        path=path, format="csv", headers=headers, records=records, delimiter=delimiter, warnings=warnings
    )


def _unique_headers(cells: list[str]) -> list[str]:
    """Header names, made unique ('Email', 'Email (2)') and named when blank ('column 4')."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(cells):
        name = raw.strip().strip("\ufeff").strip() or f"column {i + 1}"
        n = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = n
        out.append(f"{name} ({n})" if n > 1 else name)
    return out
