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
from pipeline_tui.services.reports import ReportResult, run_report
from pipeline_tui.store import Store


@dataclass(frozen=True)
class ReportRead:
    selection: ReportSelection
    result: ReportResult
    count: int  # the header's count (applications in the cohort; members or touches for journey / sequences)


def payload_count(result: ReportResult) -> int | None:
    """The header's count when the report itself holds it; None when the cohort must be counted apart."""
    payload = result.payload
    if result.kind is ReportKind.FUNNEL:
        return sum(f.applications for f in payload)  # every job with an application in the cohort
    if result.kind is ReportKind.SOURCES:
        return sum(r.applications for r in payload)  # each application has exactly one source
    if result.kind is ReportKind.JOURNEY:
        return sum(r.members for r in payload)
    if result.kind is ReportKind.SEQUENCES:
        return sum(r.touches_done for r in payload)
    return None


def cohort_size(store: Store, f: ReportFilter, zone: ZoneInfo) -> int:
    """Applications in the cohort: the sources report's total (one GROUP BY, the cheapest report)."""
    return sum(r.applications for r in store.reports.sources(f, zone))


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
    count = payload_count(result)
    if count is None:
        count = known(f)
    if count is None:
        count = cohort_size(store, f, zone)
    return ReportRead(selection, result, count)


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
