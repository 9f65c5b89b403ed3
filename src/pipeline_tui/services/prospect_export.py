"""Writing the browser's selection to a file: CSV or JSON, one object/row per person with tags and pools.

The JSON shape matches what `pipeline-tui export prospects` is specified to write (name, email, pools with
name and status, tags), plus the contact fields a sourcer needs in a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pipeline_tui.store import Store
from pipeline_tui.store.errors import InvalidInput
from pipeline_tui.store.records import ProspectPreview

FORMATS = ("csv", "json")
FIELDS = (
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
    "tags",
    "pools",
    "last_contacted_at",
    "created_at",
)


def prospect_object(p: ProspectPreview) -> dict[str, object]:
    c = p.candidate
    return {
        "name": c.full_name,
        "email": c.email,
        "phone": c.phone,
        "title": c.current_title,
        "company": c.current_company,
        "location": c.location,
        "source": c.source,
        "linkedin": c.linkedin_url,
        "github": c.github_url,
        "website": c.website_url,
        "tags": list(p.tags),
        "pools": [{"name": m.pool_name, "status": m.status} for m in p.pools],
        "last_contacted_at": c.last_contacted_at.isoformat() if c.last_contacted_at else None,
        "created_at": c.created_at.isoformat(),
    }


def format_for(path: Path, fmt: str | None = None) -> str:
    chosen = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if chosen not in FORMATS:
        raise InvalidInput(f"export format must be csv or json, not {chosen!r}")
    return chosen


def export_prospects(
    store: Store, candidate_ids: Iterable[int], path: str | Path, fmt: str | None = None
) -> int:
    """Write the people to `path` (atomically: a half-written file never replaces an old one). Returns count."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise InvalidInput("name the file to export to")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; name a file")
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    chosen = format_for(target, fmt)
    people = store.prospects.details(candidate_ids)
    rows = [prospect_object(p) for p in people]
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if chosen == "json":
                json.dump(rows, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            else:
                writer = csv.DictWriter(fh, fieldnames=FIELDS)
                writer.writeheader()
                for row in rows:
                    flat = dict(row)
                    flat["tags"] = "; ".join(row["tags"])  # type: ignore[arg-type]
                    flat["pools"] = "; ".join(f"{p['name']} ({p['status']})" for p in row["pools"])  # type: ignore[union-attr,index]
                    writer.writerow(flat)
        os.replace(tmp, target)
    except OSError as exc:
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
    return len(rows)
