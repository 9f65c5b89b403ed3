"""Running a report: the one use case behind `pipeline-tui report`, the Reports screen and the HTML export,
so each shows the same figures for the same job and days."""

from __future__ import annotations

from dataclasses import dataclass
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
