"""Importing people from CSV, Excel and JSON files: callable from the CLI, the TUI and plain Python.

    from pipeline_tui.services.imports import import_prospects
    result = import_prospects(store, "people.csv", pool="Data engineers", tags=["2026"])
    print(result.report.created, result.report.failed)

Reading (encodings in `charsets`, delimiters, the header row in `header_row`, Excel in `workbook`, JSON
Resume) lives in `files` and its neighbours, column recognition in `columns`,
row validation in `rows`; the batched, transactional writing is the store's `ImportRepository`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure, ImportReport, PersonRow
from pipeline_tui.services.imports.columns import (
    FIELDS,
    ColumnMapping,
    parse_overrides,
    recognise,
    summarise,
)
from pipeline_tui.services.imports.files import ImportFileError, Table, read_table
from pipeline_tui.services.imports.rows import RowReader
from pipeline_tui.store import Store
from pipeline_tui.store.imports import BATCH_SIZE, ApplicantTarget, ProspectTarget

EXIT_OK = 0
EXIT_ROWS_FAILED = 3
EXIT_UNREADABLE = 4

Progress = Callable[[int, int], None]


@dataclass
class ImportPlan:
    """A read file and what its columns mean: what the preview shows before anything is written."""

    table: Table
    mapping: ColumnMapping

    @property
    def unknown_columns(self) -> list[str]:
        return self.mapping.unknown

    def rows(self) -> Iterator[PersonRow | ImportFailure]:
        reader = RowReader(self.mapping, where=self.table.where)
        for line, rec in self.table.records:
            yield reader.read(line, rec)

    def preview(self, n: int = 5) -> list[PersonRow | ImportFailure]:
        reader = RowReader(self.mapping, where=self.table.where)
        return [reader.read(line, rec) for line, rec in islice(self.table.records, n)]


@dataclass
class ImportResult:
    plan: ImportPlan
    report: ImportReport
    target_name: str
    pool_created: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_ROWS_FAILED if self.report.failed else EXIT_OK

    def write_failed_csv(self, path: str | Path) -> int:
        """The failed rows as they were in the file, plus the reason, ready to fix and import again."""
        return write_failed_rows(self.plan.table, self.report.failed, path)


def open_import(
    path: str | Path,
    mapping: list[str] | tuple[str, ...] | dict[str, str] = (),
    *,
    sheet: str | None = None,
) -> ImportPlan:
    """Read the file (of a workbook, the first sheet or `sheet`) and recognise its columns. Raises
    ImportFileError when nothing can be read."""
    overrides = mapping if isinstance(mapping, dict) else parse_overrides(list(mapping))
    table = read_table(path, sheet=sheet, overrides=overrides)
    cols = recognise(table.headers, overrides)
    if not cols.has_name:
        others = [name for name in table.sheets if name != table.sheet]
        where = f" on sheet '{table.sheet}'" if table.sheet and others else ""
        sheets = "; its other sheets are " + ", ".join(f"'{n}'" for n in others) + " (pick one with --sheet)"
        raise ImportFileError(
            f"{table.path.name}: no column holds names{where} (looked for full name, or first and last name); "
            f'columns are {summarise(table.headers) or "none"}. Name one with --map "Column=name"'
            f"{sheets if where else ''}"
        )
    return ImportPlan(table=table, mapping=cols)


def import_applicants(
    store: Store,
    path: str | Path | ImportPlan,
    *,
    job: str | int,
    stage: str | None = None,
    source: str | None = None,
    mapping: list[str] | tuple[str, ...] | dict[str, str] = (),
    sheet: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Import people into a job (by title or id) at `stage` (default: the row's stage, else the first)."""
    plan = path if isinstance(path, ImportPlan) else open_import(path, mapping, sheet=sheet)
    job_rec = store.jobs.get(job) if isinstance(job, int) else store.jobs.find_by_title(job)
    stage_id = None
    if stage:
        stages = store.jobs.stages(job_rec.id)
        match = [s for s in stages if s.name.lower() == " ".join(stage.split()).lower()]
        if not match:
            raise InvalidInput(
                f"job {job_rec.title!r} has no stage {stage!r}; its stages are {', '.join(s.name for s in stages)}"
            )
        stage_id = match[0].id
    target = ApplicantTarget(job_id=job_rec.id, stage_id=stage_id, source=(source or "").strip() or None)
    report = store.imports.import_people(
        plan.rows(),
        target,
        total=len(plan.table.records),
        update_existing=update,
        dry_run=dry_run,
        batch_size=batch_size,
        progress=progress,
    )
    return ImportResult(plan=plan, report=report, target_name=job_rec.title, warnings=_warnings(plan, report))


def import_prospects(
    store: Store,
    path: str | Path | ImportPlan,
    *,
    pool: str,
    tags: list[str] | tuple[str, ...] = (),
    mapping: list[str] | tuple[str, ...] | dict[str, str] = (),
    sheet: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Import people into a pool by name (created when it does not exist yet), tagging each with `tags`."""
    from pipeline_tui.core.validation import clean_tag

    pool_name = " ".join((pool or "").split())
    if not pool_name:
        raise InvalidInput("a pool needs a name")
    clean_tags = tuple(clean_tag(t) for t in tags if t and t.strip())
    plan = path if isinstance(path, ImportPlan) else open_import(path, mapping, sheet=sheet)
    report = store.imports.import_people(
        plan.rows(),
        ProspectTarget(pool_name=pool_name, tags=clean_tags),
        total=len(plan.table.records),
        update_existing=update,
        dry_run=dry_run,
        batch_size=batch_size,
        progress=progress,
    )
    created = any(p.lower() == pool_name.lower() for p in report.pools_created)
    return ImportResult(
        plan=plan,
        report=report,
        target_name=pool_name,
        pool_created=created,
        warnings=_warnings(plan, report),
    )


def _warnings(plan: ImportPlan, report: ImportReport) -> list[str]:
    out = list(plan.table.warnings)
    if plan.unknown_columns:
        out.append("columns not recognised, kept in each person's notes: " + summarise(plan.unknown_columns))
    out.extend(report.warnings)
    return out


def write_failed_rows(table: Table, failed: tuple[ImportFailure, ...], path: str | Path) -> int:
    """Write failed rows (original columns + 'Import error') as UTF-8 CSV; returns how many."""
    by_line = {f.line: f.reason for f in failed}
    headers = list(table.headers)
    rows = []
    for line, rec in table.records:
        if line not in by_line:
            continue
        cells = []
        for h in headers:
            v = rec.get(h)
            cells.append(
                json.dumps(v, ensure_ascii=False)
                if isinstance(v, (dict, list))
                else ("" if v is None else str(v))
            )
        rows.append([*cells, f"{table.where} {line}: {by_line[line]}"])
    target = Path(path).expanduser()
    # surrogateescape: a row that failed for bytes that are not UTF-8 is written with those bytes as they were.
    with target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*headers, "Import error"])
        writer.writerows(rows)
    return len(rows)


__all__ = [
    "EXIT_OK",
    "EXIT_ROWS_FAILED",
    "EXIT_UNREADABLE",
    "FIELDS",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "import_applicants",
    "import_prospects",
    "open_import",
]
