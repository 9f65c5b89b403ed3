"""A report as a file: CSV and JSON of one report, the HTML page of one or several. `pipeline-tui report
... --format ... [-o FILE]` and the Reports screen's export both go through here, so they write the same.

The whole text is made before the file is opened, and written to a temporary file in the same folder that
then replaces the target: a failure leaves no half file and never spoils an older one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.services.export import neutralise
from pipeline_tui.services.reports import ReportResult

FORMATS = ("csv", "json", "html")
Results = ReportResult | Sequence[ReportResult]


def report_text(
    results: Results,
    fmt: str,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> str:
    """The file's text. csv and json take one report; html one or several (`title`, `generated_at`: now,
    and `zone`: the user's, are for html's heading)."""
    reports = [results] if isinstance(results, ReportResult) else list(results)
    if fmt not in FORMATS:
        raise InvalidInput(f"report format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not reports:
        raise InvalidInput("no report to write")
    if fmt == "html":
        from pipeline_tui.services.report_html import render_html

        return render_html(
            reports,
            title=title or default_title(reports),
            generated_at=generated_at or utcnow(),
            zone=zone or user_zone(),
        )
    if len(reports) > 1:
        raise InvalidInput(f"a {fmt.upper()} file holds one report; HTML holds several")
    return csv_text(reports[0]) if fmt == "csv" else json_text(reports[0])


def csv_text(result: ReportResult) -> str:
    """The report's table: its column names as the header, then its rows. Numbers as they are (a
    spreadsheet sums them); text neutralised, so a name like "=HYPERLINK(...)" stays text."""
    out = io.StringIO()
    writer = csv.writer(out)
    table = result.table
    writer.writerow([neutralise(c.name) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(value)


def json_text(result: ReportResult) -> str:
    """The CLI's JSON (`result.json()`), indented, non-ASCII letters as they are."""
    return json.dumps(result.json(), indent=2, ensure_ascii=False) + "\n"


def default_title(reports: Sequence[ReportResult]) -> str:
    job = reports[0].job
    what = reports[0].kind.title if len(reports) == 1 else "Hiring reports"
    return f"{what}: {job}" if job else what


def write_report(
    results: Results,
    fmt: str,
    path: str | Path,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> Path:
    """Write the report(s) to `path` as `fmt` (UTF-8) atomically; returns the file written. A missing or
    unwritable folder is one InvalidInput and nothing is written."""
    if not str(path).strip():
        raise InvalidInput("name the file to write the report to")
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; name a file")
    if not target.parent.is_dir():
        raise InvalidInput(f"no folder {target.parent}")
    text = report_text(results, fmt, title=title, generated_at=generated_at, zone=zone)
    _replace_atomically(target, text)
    return target


def _replace_atomically(target: Path, text: str) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"cannot write in {target.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
