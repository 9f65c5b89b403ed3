"""Hand-made report results (no database): what the files and the HTML page are tested on."""

from __future__ import annotations

from datetime import date

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import (
    DaysSummary,
    FunnelStage,
    HiringReport,
    JobFunnel,
    ReportKind,
    SequenceStepRow,
    SourceRow,
)
from pipeline_tui.services.reports import ReportResult

START, END = date(2026, 1, 1), date(2026, 3, 31)
JOB = "Backend Engineer"
ONE_JOB = ReportFilter(job_id=7, start=START, end=END)


def funnel(job: str = JOB) -> ReportResult:
    stages = (
        FunnelStage(stage="Applied", reached=40, rejected=10, withdrawn=2, conversion_to_next=0.5),
        FunnelStage(stage="Screen", reached=20, rejected=5, withdrawn=1, conversion_to_next=0.5),
        FunnelStage(stage="Offer", reached=10, rejected=0, withdrawn=1, conversion_to_next=0.3),
        FunnelStage(stage="Hired", reached=3, rejected=0, withdrawn=0),
        FunnelStage(stage="Phone screen (old)", reached=4, rejected=4, withdrawn=0, removed=True),
    )
    payload = [JobFunnel(job=job, job_id=7, start=START, end=END, applications=40, stages=stages)]
    return ReportResult(ReportKind.FUNNEL, ONE_JOB, job, payload)


def sources(*names: str) -> ReportResult:
    rows = [
        SourceRow(source=name, applications=applied, hired=hired, yield_=hired / applied)
        for name, applied, hired in zip(
            names or ("LinkedIn", "Referral"), (30, 20, 10, 5, 3, 1), (2, 1, 0, 0, 0, 0), strict=False
        )
    ]
    return ReportResult(ReportKind.SOURCES, ONE_JOB, JOB, rows)


def hiring() -> ReportResult:
    payload = HiringReport(
        hired=3,
        time_to_hire_days=DaysSummary(median=21.5, mean=24.25, n=3),
        time_to_fill_days=DaysSummary(median=None, mean=None, n=0),
        offer_acceptance_rate=0.75,
        offers_answered=4,
    )
    return ReportResult(ReportKind.HIRING, ONE_JOB, JOB, payload)


def sequences(f: ReportFilter = ONE_JOB) -> ReportResult:
    rows = [
        SequenceStepRow(sequence="Warm intro", step=1, channel="email", touches_done=12, replies=3, opt_outs=1,
                        reply_rate=0.25),
        SequenceStepRow(sequence="Warm intro", step=2, channel="call", touches_done=0, replies=0, opt_outs=0),
    ]  # fmt: skip
    return ReportResult(ReportKind.SEQUENCES, f, JOB if f.job_id else None, rows)
