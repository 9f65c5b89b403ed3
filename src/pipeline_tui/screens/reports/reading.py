"""The store work behind the Reports screen, run in its workers (never on the UI thread): one report with the
count its header shows, or all seven for the HTML report. The figures are `services.reports.run_report`'s,
the same the CLI prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.selection import ReportSelection
from pipeline_tui.services.reports import ReportResult, headline_count, run_report
from pipeline_tui.store import Store


@dataclass(frozen=True)
class ReportRead:
    selection: ReportSelection
    result: ReportResult
    count: int  # the header's count: services.reports.headline_count, the one the CLI prints


def read_report(
    store: Store,
    selection: ReportSelection,
    today: date,
    zone: ZoneInfo,
    known: Callable[[ReportFilter], int | None] = lambda _f: None,
) -> ReportRead:
    """`selection`'s report over its days ending `today`; `known(filter)` is a cohort size already counted
    for the same filter (the screen keeps them until it reads again), so a report switch reads one report."""
    f = selection.filter(today)
    result = run_report(store, selection.kind, f, zone, job=_title(selection, f))
    return ReportRead(selection, result, headline_count(store, result, zone, known))


def read_every_report(
    store: Store, selection: ReportSelection, today: date, zone: ZoneInfo
) -> list[ReportResult]:
    """All seven reports for the selection's job and days (the HTML report), in the screen's order."""
    results = []
    for kind in ReportKind:
        f = selection.for_kind(kind).filter(today)
        results.append(run_report(store, kind, f, zone, job=_title(selection, f)))
    return results


def _title(selection: ReportSelection, f: ReportFilter) -> str | None:
    return selection.job_title if f.job_id is not None else None
