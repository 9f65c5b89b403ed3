"""Running a report: the one use case behind `pipeline-tui report`, the Reports screen and the HTML export,
so each shows the same figures for the same job and days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.core.report_tables import ChartSpec, ReportTable, chart_of, table_of


@dataclass(frozen=True)
class ReportResult:
    kind: ReportKind
    filter: ReportFilter
    job: str | None  # the job's title; None: every job
    payload: Any  # the store's records: list[JobFunnel], HiringReport, list[SourceRow], ...

    @cached_property
    def table(self) -> ReportTable:
        return table_of(self.kind, self.payload)

    @cached_property
    def chart(self) -> ChartSpec:
        return chart_of(self.kind, self.payload)

    def json(self) -> Any:
        """The CLI's JSON (README "Reports"): funnel for one job is one object, hiring is an object, every
        other report (and the funnel of every job) an array."""
        if self.kind is ReportKind.FUNNEL and self.filter.job_id is not None:
            return _dump(self.payload[0])
        if isinstance(self.payload, list | tuple):
            return [_dump(r) for r in self.payload]
        return _dump(self.payload)


def _dump(record: Any) -> Any:
    return record.model_dump(by_alias=True, mode="json")


def run_report(
    store: Any, kind: ReportKind, f: ReportFilter, zone: ZoneInfo, *, job: str | None = None
) -> ReportResult:
    """The report `kind` for `f` (job id and local days) in the user's `zone`; `job` is the title shown."""
    reports = store.reports
    read = {
        ReportKind.FUNNEL: reports.funnel,
        ReportKind.STAGES: reports.stage_times,
        ReportKind.HIRING: reports.hiring,
        ReportKind.SOURCES: reports.sources,
        ReportKind.REJECTIONS: reports.rejections,
        ReportKind.JOURNEY: reports.journey,
        ReportKind.SEQUENCES: reports.sequences,
    }[kind]
    return ReportResult(kind, f, job, read(f, zone))


# -- the header: what was counted, in the same words on the screen and in the CLI --------------------------

HIRING_COHORT = "Hires and times of applications made in the range, not every hire made in it."
JOURNEY_COHORT = "Counts the pool members who joined in the range, not applications."


def headline_count(
    store: Any,
    result: ReportResult,
    zone: ZoneInfo,
    known: Callable[[ReportFilter], int | None] = lambda _f: None,
) -> int:
    """The n the header names: the cohort's applications (the pool members who joined, for the journey; the
    touches done, for sequences). Read from the report when it holds it, else `known(filter)` (a count the
    screen kept for the same filter), else counted: the sources report's total, one GROUP BY."""
    payload = result.payload
    if result.kind is ReportKind.FUNNEL:
        return sum(f.applications for f in payload)  # every job with an application in the cohort
    if result.kind is ReportKind.SOURCES:
        return sum(r.applications for r in payload)  # each application has exactly one source
    if result.kind is ReportKind.JOURNEY:
        return sum(r.members for r in payload)
    if result.kind is ReportKind.SEQUENCES:
        return sum(r.touches_done for r in payload)
    n = known(result.filter)
    if n is None:
        n = sum(r.applications for r in store.reports.sources(result.filter, zone))
    return n


def counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def count_label(kind: ReportKind, n: int) -> str:
    """What the header's count is: "120 applied in the range" (the applications of the cohort every report
    but two is over: a hire or a stay of an earlier application is not in it), "15 members who joined in the
    range", "40 touches done in the range"."""
    if kind is ReportKind.JOURNEY:
        return f"{counted(n, 'member')} who joined in the range"
    if kind is ReportKind.SEQUENCES:
        return f"{counted(n, 'touch', 'touches')} done in the range"
    return f"{n:,} applied in the range"  # short: the whole header fits 80 columns


def cohort_note(kind: ReportKind) -> str:
    """One line under the header where the cohort is easy to misread ("hires in the last 30 days"); ""
    where the count says it all."""
    if kind is ReportKind.HIRING:
        return HIRING_COHORT
    if kind is ReportKind.JOURNEY:
        return JOURNEY_COHORT
    return ""


def days_label(start: date | None, end: date | None) -> str:
    """Typed days as the screen's header and the CLI's title line both write them: "2026-01-01 to
    2026-03-31", "from 2026-01-01", "until 2026-03-31", "all time"."""
    if start is None and end is None:
        return "all time"
    if end is None:
        return f"from {start.isoformat()}"  # type: ignore[union-attr]
    if start is None:
        return f"until {end.isoformat()}"
    return f"{start.isoformat()} to {end.isoformat()}"
