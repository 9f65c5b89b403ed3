"""`pipeline-tui export`: a faithful dump of applicants or people as JSON or CSV, streamed.

The store reads (store/exports.py, keyset pages); this module turns records into JSON objects or flat CSV
rows and writes them as they come, so a million people never sit in memory. To grow it: a new format is a
class with `begin/write/end` registered in FORMATS; `ExportRequest.excel` already writes the UTF-8 byte-order
mark spreadsheets want; `ExportRequest.candidate_ids` exports a selection.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.store import Store
from pipeline_tui.store.exports import ExportedApplicant, ExportedPerson, ExportReader
from pipeline_tui.store.hiring_export import interview_json, offer_json, scorecard_json

KINDS = ("applicants", "prospects")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a leading ' disarms it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

APPLICANT_COLUMNS = (
    "name",
    "email",
    "job",
    "stage",
    "status",
    "source",
    "applied_at",
    "stage_entered_at",
    "rejection_reason",
    "rejection_note",
    "rating",
    "history",
)
PROSPECT_COLUMNS = (
    "name",
    "email",
    "phone",
    "title",
    "company",
    "location",
    "source",
    "linkedin",
    "github",
    "website",
    "pools",
    "tags",
    "last_contacted_at",
    "created_at",
)


@dataclass(frozen=True)
class ExportRequest:
    kind: str  # "applicants" or "prospects"
    fmt: str = "json"
    job_title: str | None = None
    pool_name: str | None = None
    candidate_ids: tuple[int, ...] | None = None
    excel: bool = False  # CSV for spreadsheets: UTF-8 with a byte-order mark


def when(value: datetime | None) -> str | None:
    """Timestamps are stored as naive UTC; written as ISO 8601."""
    return value.isoformat() if value else None


def applicant_object(a: ExportedApplicant) -> dict:
    return {
        "name": a.name,
        "email": a.email,
        "job": a.job,
        "stage": a.stage,
        "status": a.status,
        "source": a.source,
        "applied_at": when(a.applied_at),
        "stage_entered_at": when(a.stage_entered_at),
        "rejection_reason": a.rejection_reason,
        "rejection_note": a.rejection_note,
        "rating": a.rating,
        "history": [
            {
                "from": e.from_stage,
                "to": e.to_stage,
                "action": e.action,
                "at": when(e.at),
                "actor": e.actor,
                **({"status": e.to_status} if e.to_status != e.from_status else {}),
                **({"reason": e.reason} if e.reason else {}),
                **({"note": e.note} if e.note else {}),
                **({"offer_id": e.offer_id} if e.offer_id else {}),
            }
            for e in a.history
        ],
        "interviews": [interview_json(iv) for iv in a.interviews],
        "scorecards": [scorecard_json(c) for c in a.scorecards],
        "offers": [offer_json(o) for o in a.offers],
    }


def prospect_object(p: ExportedPerson) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "email": p.email,
        "phone": p.phone,
        "title": p.title,
        "company": p.company,
        "location": p.location,
        "source": p.source,
        "linkedin": p.linkedin,
        "github": p.github,
        "website": p.website,
        "pools": [{"name": m.name, "status": m.status} for m in p.pools],
        "tags": list(p.tags),
        "last_contacted_at": when(p.last_contacted_at),
        "created_at": when(p.created_at),
    }


def applicant_row(obj: dict) -> dict:
    """One CSV row: the history as 'at action from -> to (actor)' entries joined by ' | '."""
    row = {k: obj[k] for k in APPLICANT_COLUMNS if k != "history"}
    row["history"] = " | ".join(_history_entry(e) for e in obj["history"])
    return row


def _history_entry(e: dict) -> str:
    if e["from"] is None or e["from"] == e["to"]:
        where = e["to"] or ""
    else:
        where = f"{e['from']} -> {e['to']}"
    text = f"{e['at']} {e['action']} {where}".rstrip()
    if e.get("reason"):
        text += f" [{e['reason']}]"
    if e.get("actor"):
        text += f" ({e['actor']})"
    return text


def prospect_row(obj: dict) -> dict:
    row = {k: obj[k] for k in PROSPECT_COLUMNS if k not in ("pools", "tags")}
    row["pools"] = "; ".join(f"{p['name']} ({p['status'].replace('_', ' ')})" for p in obj["pools"])
    row["tags"] = "; ".join(obj["tags"])
    return row


def neutralise(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: formulas (=, +, -, @, tab, CR first) get a leading quote."""
    if value is None:
        return ""
    text = str(value)
    # A cell that already starts with the quote gets one too, so an import can take exactly one off.
    return "'" + text if text.startswith(FORMULA_STARTS) or text.startswith("'") else text


class Format(Protocol):
    def begin(self) -> None: ...
    def write(self, obj: dict) -> None: ...
    def end(self) -> None: ...


class JsonFormat:
    """One JSON array, one object per line (streamable, greppable, valid JSON)."""

    def __init__(self, out: IO[str], request: ExportRequest) -> None:
        self.out = out
        self.first = True

    def begin(self) -> None:
        self.out.write("[")

    def write(self, obj: dict) -> None:
        self.out.write("\n" if self.first else ",\n")
        self.out.write(json.dumps(obj, ensure_ascii=False))
        self.first = False

    def end(self) -> None:
        self.out.write("]\n" if self.first else "\n]\n")


class CsvFormat:
    """Flat rows with a header; every cell formula-neutralised."""

    def __init__(self, out: IO[str], request: ExportRequest) -> None:
        self.out = out
        self.excel = request.excel
        if request.kind == "applicants":
            self.columns, self.flatten = APPLICANT_COLUMNS, applicant_row
        else:
            self.columns, self.flatten = PROSPECT_COLUMNS, prospect_row
        self.writer = csv.writer(out)

    def begin(self) -> None:
        if self.excel:
            self.out.write(BOM)
        self.writer.writerow(self.columns)

    def write(self, obj: dict) -> None:
        row = self.flatten(obj)
        self.writer.writerow([neutralise(row[c]) for c in self.columns])

    def end(self) -> None:
        pass


FORMATS: dict[str, Callable[[IO[str], ExportRequest], Format]] = {"json": JsonFormat, "csv": CsvFormat}


def objects(store: Store, request: ExportRequest) -> Iterator[dict]:
    """The export's objects in order, read page by page. Unknown job or pool names raise NotFound."""
    if request.kind not in KINDS:
        raise InvalidInput(f"export what? {request.kind!r} is not one of {', '.join(KINDS)}")
    job_id = store.jobs.find_by_title(request.job_title).id if request.job_title else None
    pool_id = store.pools.find_by_name(request.pool_name).id if request.pool_name else None
    reader = ExportReader(store.db)
    if request.kind == "applicants":
        for a in reader.applicants(job_id=job_id, pool_id=pool_id, candidate_ids=request.candidate_ids):
            yield applicant_object(a)
    else:
        for p in reader.people(job_id=job_id, pool_id=pool_id, candidate_ids=request.candidate_ids):
            yield prospect_object(p)


def write_export(store: Store, request: ExportRequest, out: IO[str]) -> int:
    """Stream the export to `out`; returns how many objects were written."""
    factory = FORMATS.get(request.fmt)
    if factory is None:
        raise InvalidInput(f"export format must be one of {', '.join(FORMATS)}, not {request.fmt!r}")
    items = objects(store, request)
    first = next(items, None)  # resolves --job/--pool (and fails) before anything is written
    fmt = factory(out, request)
    fmt.begin()
    n = 0
    if first is not None:
        fmt.write(first)
        n = 1
        for obj in items:
            fmt.write(obj)
            n += 1
    fmt.end()
    return n


def export_to_file(store: Store, request: ExportRequest, path: str | Path) -> int:
    """Write to `path` atomically: a failed export never leaves a half file in place of an old one."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise InvalidInput("name the file to export to")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; name a file")
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"cannot write in {target.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            n = write_export(store, request, fh)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise
    return n


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format named, else the file's suffix, else CSV."""
    chosen = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if chosen not in FORMATS:
        raise InvalidInput(f"export format must be one of {', '.join(FORMATS)}, not {chosen!r}")
    return chosen


def export_selection(
    store: Store, candidate_ids: Iterable[int], path: str | Path, fmt: str | None = None
) -> int:
    """The pool browser's marked people, written like `pipeline-tui export prospects` (same shape, same
    formula-safe CSV), to `path`; the format comes from `fmt` or the file's suffix."""
    target = Path(path).expanduser()
    request = ExportRequest(kind="prospects", fmt=format_for(target, fmt), candidate_ids=tuple(candidate_ids))
    return export_to_file(store, request, target)


def export_to_stream(store: Store, request: ExportRequest, binary: IO[bytes]) -> int:
    """Write UTF-8 to a binary stream (stdout's buffer), whatever the terminal's locale says."""
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=False)
    try:
        return write_export(store, request, text)
    finally:
        text.flush()
        text.detach()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
