"""Jobs as `job list` and `export jobs` write them: the same objects in JSON, flat rows in CSV (every cell
neutralised for spreadsheets, as the other exports are)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import IO

from pipeline_tui.core.records import JobSummary
from pipeline_tui.services.export import neutralise, when
from pipeline_tui.store import Store

CSV_COLUMNS = (
    "id", "title", "status", "department", "location", "employment_type", "headcount", "hired", "active",
    "days_open", "stages", "hiring_manager", "recruiter", "opened_at", "closed_at",
)  # fmt: skip


def job_object(summary: JobSummary) -> dict:
    """One job: its details, pipeline counts, stages in order with their kinds, team and dates (UTC)."""
    job = summary.job
    return {
        "id": job.id,
        "title": job.title,
        "status": job.status,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "headcount": job.headcount,
        "hired": summary.hired_count,
        "active": summary.active_count,
        "rejected": summary.rejected_count,
        "days_open": summary.days_open,
        "stages": [{"name": st.name, "kind": st.kind} for st in summary.stages],
        "hiring_manager": job.hiring_manager,
        "recruiter": job.recruiter,
        "coordinator": job.coordinator,
        "opened_at": when(job.opened_at),
        "closed_at": when(job.closed_at),
        "created_at": when(job.created_at),
    }


def job_row(obj: dict) -> dict:
    """A job object as one CSV row: stages as "Applied (active); ...; Hired (hired)"."""
    row = {name: obj[name] for name in CSV_COLUMNS}
    row["stages"] = "; ".join(f"{st['name']} ({st['kind']})" for st in obj["stages"])
    return row


def job_objects(store: Store, statuses: Sequence[str] | None = None) -> list[dict]:
    return [job_object(s) for s in store.jobs.list_jobs(statuses=statuses or None)]


def write_jobs(objects: list[dict], fmt: str, out: IO[str]) -> int:
    """Write the objects as JSON (one array) or CSV (a header, one row each); returns how many."""
    if fmt == "json":
        out.write(json.dumps(objects, ensure_ascii=False, indent=2) + "\n")
        return len(objects)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for obj in objects:
        row = job_row(obj)
        writer.writerow([neutralise(row[c]) for c in CSV_COLUMNS])
    return len(objects)


def export_jobs(store: Store, fmt: str, output: str | None, *, excel: bool = False) -> int:
    """`export jobs`: to a file (replaced only once it is whole) or to stdout (controls made visible on a
    terminal, as every export shows them)."""
    encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
    buffer = io.StringIO(newline="")
    n = write_jobs(job_objects(store), fmt, buffer)
    data = buffer.getvalue().encode(encoding)
    if output:
        partial = f"{output}.partial"
        with open(partial, "wb") as file:
            file.write(data)
        os.replace(partial, output)
        return n
    from pipeline_tui.core.terminal import VisibleOutput

    sys.stdout.flush()
    out = VisibleOutput(sys.stdout.buffer) if sys.stdout.isatty() else sys.stdout.buffer
    out.write(data)
    out.flush()
    return n
