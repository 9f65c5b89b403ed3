"""A report as a table and a chart: one description that the Reports screen (DataTable + plotext), the HTML
report (pygal + a table) and the CSV export all draw, so every surface shows the same figures.

Cells keep their numbers (CSV and charts want them); `cell_text` is how a screen or the HTML shows one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline_tui.core.report_records import (
    FunnelStage,
    HiringReport,
    JobFunnel,
    PoolJourney,
    RejectionRow,
    ReportKind,
    SequenceStepRow,
    SourceRow,
    StageTime,
)

# Bars a chart shows at most: more cannot be read at 80 columns (the table has every row).
CHART_BARS = 12


class Rate(float):
    """A fraction (0.5) in a column of other figures: shown as a percentage ("50.0%"), written to CSV as the
    fraction, like every other rate."""


Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | count | days | rate: how a cell is shown and aligned


@dataclass(frozen=True)
class ReportTable:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Bars: one group per label, one bar per series. `unit` names the axis ("applications", "days")."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str

    @property
    def empty(self) -> bool:
        return not self.labels or not any(v for s in self.series for v in s.values)


def cell_text(value: Cell, kind: str) -> str:
    """A cell as shown: "—" for no figure, days with one decimal (a count among them stays whole), rates as
    a percentage."""
    if value is None:
        return "\u2014"
    if isinstance(value, Rate):
        return f"{value * 100:.1f}%"
    if kind == "days" and isinstance(value, float):
        return f"{value:.1f}"
    if kind == "rate" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    return str(value)


def table_of(kind: ReportKind, payload: Any) -> ReportTable:
    return _TABLES[kind](payload)


def chart_of(kind: ReportKind, payload: Any) -> ChartSpec:
    return _CHARTS[kind](payload)


def removed_label(stage: str) -> str:
    """A stage removed from the job since: its name says so in a table (the JSON keeps the name)."""
    return f"{stage} (removed)"


def _top(title: str, shown: int, of: int) -> str:
    """A chart's title; when it shows only its top bars, how many of how many ("— top 12 of 13")."""
    return f"{title} \u2014 top {shown} of {of}" if of > shown else title


# -- tables -------------------------------------------------------------------------------------------------


def _funnel_table(funnels: Sequence[JobFunnel]) -> ReportTable:
    many = len(funnels) != 1
    cols = (Column("Stage"), Column("Reached", "count"), Column("Rejected", "count"))
    cols += (Column("Withdrew", "count"), Column("To next", "rate"))
    rows = tuple(
        ((f.job,) if many else ())
        + (_stage_label(s), s.reached, s.rejected, s.withdrawn, s.conversion_to_next)
        for f in funnels
        for s in f.stages
    )
    return ReportTable(((Column("Job"),) if many else ()) + cols, rows)


def _stage_label(s: FunnelStage) -> str:
    return removed_label(s.stage) if s.removed else s.stage


def _stages_table(times: Sequence[StageTime]) -> ReportTable:
    many = len({t.job_id for t in times}) > 1
    cols = (Column("Stage"), Column("Median days", "days"), Column("Mean days", "days"), Column("n", "count"))
    rows = tuple(((t.job,) if many else ()) + (t.stage, t.median_days, t.mean_days, t.n) for t in times)
    return ReportTable(((Column("Job"),) if many else ()) + cols, rows)


def _hiring_table(h: HiringReport) -> ReportTable:
    """One measure a row, its figure under Value: a count, a median of days, or a rate (each row says which);
    Mean days and n where the measure has them."""
    tth, ttf = h.time_to_hire_days, h.time_to_fill_days
    rate = None if h.offer_acceptance_rate is None else Rate(h.offer_acceptance_rate)
    rows: tuple[tuple[Cell, ...], ...] = (
        ("Hires", h.hired, None, None),
        ("Time to hire (median days)", tth.median, tth.mean, tth.n),
        ("Time to fill (median days)", ttf.median, ttf.mean, ttf.n),
        ("Offer acceptance rate", rate, None, h.offers_answered),
    )
    cols = (Column("Measure"), Column("Value", "days"), Column("Mean days", "days"), Column("n", "count"))
    return ReportTable(cols, rows)


def _sources_table(rows: Sequence[SourceRow]) -> ReportTable:
    cols = (
        Column("Source"),
        Column("Applications", "count"),
        Column("Hired", "count"),
        Column("Yield", "rate"),
    )
    return ReportTable(cols, tuple((r.source, r.applications, r.hired, r.yield_) for r in rows))


def _rejections_table(rows: Sequence[RejectionRow]) -> ReportTable:
    cols = (Column("Reason"), Column("Stage"), Column("Kind"), Column("Count", "count"))
    return ReportTable(cols, tuple((r.reason, r.stage, r.kind, r.count) for r in rows))


def _journey_table(rows: Sequence[PoolJourney]) -> ReportTable:
    cols = (Column("Pool"),) + tuple(Column(n, "count") for n in _JOURNEY_STEPS)
    cols += (Column("Days to handoff", "days"), Column("Handoff to hire", "days"))
    return ReportTable(
        cols,
        tuple(
            (r.pool, *_journey_counts(r), r.median_days_to_handoff, r.median_days_handoff_to_hire)
            for r in rows
        ),
    )


def _sequences_table(rows: Sequence[SequenceStepRow]) -> ReportTable:
    cols = (Column("Sequence"), Column("Step", "count"), Column("Channel"), Column("Done", "count"))
    cols += (Column("Replies", "count"), Column("Opt-outs", "count"), Column("Reply rate", "rate"))
    return ReportTable(
        cols,
        tuple(
            (r.sequence, r.step, r.channel, r.touches_done, r.replies, r.opt_outs, r.reply_rate) for r in rows
        ),
    )


_JOURNEY_STEPS = ("Members", "Contacted", "Engaged", "Handed off", "Reached offer", "Hired")


def _journey_counts(r: PoolJourney) -> tuple[int, ...]:
    return (r.members, r.contacted, r.engaged, r.handed_off, r.reached_offer, r.hired)


# -- charts -------------------------------------------------------------------------------------------------


def _funnel_chart(funnels: Sequence[JobFunnel]) -> ChartSpec:
    if len(funnels) == 1:
        f = funnels[0]
        stages = [s for s in f.stages if not s.removed]
        return ChartSpec(
            f"Funnel: {f.job}",
            tuple(s.stage for s in stages),
            (Series("reached", tuple(float(s.reached) for s in stages)),),
            "applications",
        )
    counted = [f for f in funnels if f.applications]
    top = sorted(counted, key=lambda f: (-f.applications, f.job))[:CHART_BARS]
    hired = [next((s.reached for s in reversed(f.stages) if not s.removed), 0) for f in top]
    return ChartSpec(
        _top("Funnel: the biggest jobs", len(top), len(counted)),
        tuple(f.job for f in top),
        (
            Series("applications", tuple(float(f.applications) for f in top)),
            Series("reached the last stage", tuple(float(h) for h in hired)),
        ),
        "applications",
    )


def _stages_chart(times: Sequence[StageTime]) -> ChartSpec:
    if len({t.job_id for t in times}) > 1:
        return _stages_by_name_chart(times)
    measured = [t for t in times if t.n]
    return ChartSpec(
        "Time in stage (completed stays)",
        tuple(t.stage for t in measured),
        (
            Series("median days", tuple(float(t.median_days or 0) for t in measured)),
            Series("mean days", tuple(float(t.mean_days or 0) for t in measured)),
        ),
        "days",
    )


def _stages_by_name_chart(times: Sequence[StageTime]) -> ChartSpec:
    """Every job: one bar per stage name, the mean over all their stays (means combine, weighted by n;
    medians do not, so the chart has none: the table has each job's). Names in their usual place in a
    pipeline (their mean relative position), the most-stayed-in when there are more than fit."""
    per_job: dict[int, list[StageTime]] = {}
    for t in times:
        per_job.setdefault(t.job_id, []).append(t)
    days: dict[str, float] = {}
    stays: dict[str, int] = {}
    places: dict[str, list[float]] = {}
    for stages in per_job.values():
        for i, t in enumerate(stages):
            places.setdefault(t.stage, []).append(i / max(len(stages) - 1, 1))
            if t.n and t.mean_days is not None:
                days[t.stage] = days.get(t.stage, 0.0) + t.mean_days * t.n
                stays[t.stage] = stays.get(t.stage, 0) + t.n
    names = sorted(stays, key=lambda name: -stays[name])[:CHART_BARS]
    names.sort(key=lambda name: (sum(places[name]) / len(places[name]), name))
    n = sum(stays[name] for name in names)
    title = f"Time in stage, every job (mean of {n:,} completed {'stay' if n == 1 else 'stays'})"
    return ChartSpec(
        _top(title, len(names), len(stays)),
        tuple(names),
        (Series("mean days", tuple(days[name] / stays[name] for name in names)),),
        "days",
    )


def _hiring_chart(h: HiringReport) -> ChartSpec:
    tth, ttf = h.time_to_hire_days, h.time_to_fill_days
    return ChartSpec(
        "Time to hire and to fill",
        ("time to hire", "time to fill"),
        (
            Series("median days", (float(tth.median or 0), float(ttf.median or 0))),
            Series("mean days", (float(tth.mean or 0), float(ttf.mean or 0))),
        ),
        "days",
    )


def _sources_chart(rows: Sequence[SourceRow]) -> ChartSpec:
    top = sorted(rows, key=lambda r: (-r.applications, r.source))[:CHART_BARS]
    return ChartSpec(
        _top("Applications and hires by source", len(top), len(rows)),
        tuple(r.source for r in top),
        (
            Series("applications", tuple(float(r.applications) for r in top)),
            Series("hired", tuple(float(r.hired) for r in top)),
        ),
        "applications",
    )


def _rejections_chart(rows: Sequence[RejectionRow]) -> ChartSpec:
    totals: dict[str, dict[str, int]] = {}
    for r in rows:
        by_kind = totals.setdefault(r.reason, {"rejected": 0, "withdrew": 0})
        by_kind[r.kind] = by_kind.get(r.kind, 0) + r.count
    top = sorted(totals, key=lambda reason: (-sum(totals[reason].values()), reason))[:CHART_BARS]
    return ChartSpec(
        _top("Rejections by reason", len(top), len(totals)),
        tuple(top),
        tuple(Series(kind, tuple(float(totals[r][kind]) for r in top)) for kind in ("rejected", "withdrew")),
        "applications",
    )


def _journey_chart(rows: Sequence[PoolJourney]) -> ChartSpec:
    totals = [sum(c) for c in zip(*(_journey_counts(r) for r in rows), strict=True)] if rows else []
    return ChartSpec(
        "Pool journey: every pool",
        _JOURNEY_STEPS if rows else (),
        (Series("people", tuple(float(t) for t in totals)),),
        "people",
    )


def _sequences_chart(rows: Sequence[SequenceStepRow]) -> ChartSpec:
    top = sorted(rows, key=lambda r: (-r.touches_done, r.sequence, r.step))[:CHART_BARS]
    return ChartSpec(
        _top("Touches and replies per step", len(top), len(rows)),
        tuple(f"{r.sequence} · {r.step}" for r in top),
        (
            Series("done", tuple(float(r.touches_done) for r in top)),
            Series("replies", tuple(float(r.replies) for r in top)),
        ),
        "touches",
    )


_TABLES = {
    ReportKind.FUNNEL: _funnel_table,
    ReportKind.STAGES: _stages_table,
    ReportKind.HIRING: _hiring_table,
    ReportKind.SOURCES: _sources_table,
    ReportKind.REJECTIONS: _rejections_table,
    ReportKind.JOURNEY: _journey_table,
    ReportKind.SEQUENCES: _sequences_table,
}
_CHARTS = {
    ReportKind.FUNNEL: _funnel_chart,
    ReportKind.STAGES: _stages_chart,
    ReportKind.HIRING: _hiring_chart,
    ReportKind.SOURCES: _sources_chart,
    ReportKind.REJECTIONS: _rejections_chart,
    ReportKind.JOURNEY: _journey_chart,
    ReportKind.SEQUENCES: _sequences_chart,
}
