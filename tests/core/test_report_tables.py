"""The report tables and charts every surface draws (core/report_tables.py), and the CLI's / dialog's days
(core/report_range.py): units a reader cannot mix up, charts that say when they leave bars out, removed
stages marked, and a typed day read exactly one way."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.report_range import parse_range
from pipeline_tui.core.report_records import (
    DaysSummary,
    FunnelStage,
    HiringReport,
    JobFunnel,
    RejectionRow,
    ReportKind,
    SourceRow,
    StageTime,
)
from pipeline_tui.core.report_tables import CHART_BARS, Rate, cell_text, chart_of, table_of

HIRING = HiringReport(
    hired=8,
    time_to_hire_days=DaysSummary(median=21.25, mean=24.0, n=8),
    time_to_fill_days=DaysSummary(median=40.0, mean=40.0, n=1),
    offer_acceptance_rate=0.5,
    offers_answered=2,
)


def shown(table):
    return [[cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]


def test_hiring_has_a_column_per_unit_and_its_rate_is_a_fraction_shown_as_a_percentage():
    table = table_of(ReportKind.HIRING, HIRING)
    assert [c.name for c in table.columns] == ["Measure", "Value", "Mean days", "n"]
    assert shown(table) == [
        ["Hires", "8", "\u2014", "\u2014"],
        ["Time to hire (median days)", "21.2", "24.0", "8"],
        ["Time to fill (median days)", "40.0", "40.0", "1"],
        ["Offer acceptance rate", "50.0%", "\u2014", "2"],
    ]
    rate = table.rows[3][1]
    assert isinstance(rate, Rate) and rate == 0.5 and str(rate) == "0.5"  # CSV writes the fraction
    no_offers = HIRING.model_copy(update={"offer_acceptance_rate": None, "offers_answered": 0})
    assert shown(table_of(ReportKind.HIRING, no_offers))[3] == [
        "Offer acceptance rate",
        "\u2014",
        "\u2014",
        "0",
    ]


def test_a_removed_stage_says_so_in_the_table_and_keeps_its_name_in_the_json():
    stages = (
        FunnelStage(stage="Applied", reached=30, rejected=5, withdrawn=0, conversion_to_next=0.5),
        FunnelStage(stage="Hired", reached=1, rejected=0, withdrawn=0),
        FunnelStage(stage="Phone screen", reached=17, rejected=1, withdrawn=0, removed=True),
    )
    funnel = JobFunnel(job="Product Designer", job_id=1, applications=30, stages=stages)
    assert [r[0] for r in table_of(ReportKind.FUNNEL, [funnel]).rows] == [
        "Applied",
        "Hired",
        "Phone screen (removed)",
    ]
    assert funnel.model_dump(by_alias=True, mode="json")["stages"][2]["stage"] == "Phone screen"
    assert chart_of(ReportKind.FUNNEL, [funnel]).labels == ("Applied", "Hired")


def test_a_chart_of_its_top_bars_says_how_many_of_how_many():
    reasons = [
        RejectionRow(reason=f"Reason {n:02}", stage="Screen", kind="rejected", count=20 - n)
        for n in range(13)
    ]
    spec = chart_of(ReportKind.REJECTIONS, reasons)
    assert spec.title == f"Rejections by reason \u2014 top {CHART_BARS} of 13"
    assert len(spec.labels) == CHART_BARS and "Reason 12" not in spec.labels  # the smallest is left out
    assert chart_of(ReportKind.REJECTIONS, reasons[:12]).title == "Rejections by reason"
    sources = [SourceRow(source=f"S{n:02}", applications=30 - n, hired=0) for n in range(14)]
    assert chart_of(ReportKind.SOURCES, sources).title.endswith(f"top {CHART_BARS} of 14")
    assert chart_of(ReportKind.SOURCES, sources[:3]).title == "Applications and hires by source"


def test_every_jobs_time_in_stage_chart_says_how_many_stays_its_means_are_of():
    def stay(job_id, stage, mean, n):
        return StageTime(
            job=f"Job {job_id}", job_id=job_id, stage=stage, median_days=mean, mean_days=mean, n=n
        )

    times = [stay(1, "Applied", 10.0, 100), stay(1, "Offer", 4.0, 20), stay(2, "Applied", 20.0, 100)]
    spec = chart_of(ReportKind.STAGES, times)
    assert spec.title == "Time in stage, every job (mean of 220 completed stays)"
    assert spec.labels == ("Applied", "Offer") and spec.series[0].values == (15.0, 4.0)


def test_a_typed_day_is_exactly_yyyy_mm_dd_and_a_day_the_calendar_lacks_says_so():
    assert parse_range("2026-01-05", " 2026-02-28 ") == (date(2026, 1, 5), date(2026, 2, 28))
    assert parse_range(None, "") == (None, None)
    for typed, message in (
        ("2026-02-30", "2026-02-30 is not a date: write YYYY-MM-DD"),
        ("2026-13-01", "2026-13-01 is not a date: write YYYY-MM-DD"),
        ("20261101", "cannot read '20261101' as a date: write YYYY-MM-DD"),
        ("2026-1-5", "cannot read '2026-1-5' as a date: write YYYY-MM-DD"),
        ("yesterday", "cannot read 'yesterday' as a date: write YYYY-MM-DD"),
    ):
        with pytest.raises(InvalidInput) as caught:
            parse_range(typed, None)
        assert str(caught.value) == message
    with pytest.raises(InvalidInput, match="^from 2026-03-02 is after to 2026-03-01$"):
        parse_range("2026-03-02", "2026-03-01")
