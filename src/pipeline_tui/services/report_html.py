"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no script, no URL) to send to a
hiring manager, who can open it offline, print it or read it on a phone.

Each report is drawn from its `ReportResult`'s table and chart, the same ones the Reports screen and the CSV
show, so the figures agree. The template runs in Jinja's sandbox with autoescape on: user text (job titles,
stage and pool names, sources, reasons) is shown literally, with control and bidi characters removed; the
page's Content-Security-Policy forbids every request and script besides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo

from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from pipeline_tui.core.local_time import to_local
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.core.report_tables import cell_text
from pipeline_tui.services.report_chart_svg import SERIES_COLORS, chart_label, chart_svg, clean, horizontal
from pipeline_tui.services.reports import ReportResult

TEMPLATE = "report.html.j2"
NOTHING_TO_CHART = "Nothing to chart in this range"


@dataclass(frozen=True)
class CellView:
    text: str
    kind: str  # text | count | days | rate: numbers are right-aligned


@dataclass(frozen=True)
class ReportView:
    """One report's section, as the template draws it: every string already cleaned."""

    kind: str
    title: str
    chart_title: str
    svg: Markup | None  # None: nothing to chart
    across: bool  # horizontal bars (labels above them): drawn narrower than a vertical chart
    legend: tuple[str, ...]  # the series' names, in SERIES_COLORS order; none for a single series
    columns: tuple[CellView, ...]
    rows: tuple[tuple[CellView, ...], ...]
    scope: str  # the job and days, when they differ from the page's; or a note that they do not apply


def render_html(
    results: ReportResult | Sequence[ReportResult], *, title: str, generated_at: datetime, zone: ZoneInfo
) -> str:
    """The page for `results` (one report or several, in the order given). `generated_at` is an instant
    (aware, or naive UTC as the store keeps it), shown in `zone`, the user's zone the days were read in."""
    reports = [results] if isinstance(results, ReportResult) else list(results)
    page_filter = reports[0].filter if reports else ReportFilter()
    page_job = reports[0].job if reports else None
    local = to_local(generated_at, zone)
    return _template().render(
        title=clean(title),
        job=clean(page_job) if page_job else "every job",
        days=days_text(page_filter.start, page_filter.end),
        zone=zone.key,
        generated_at=f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip(),
        generated_iso=local.isoformat(timespec="seconds"),
        reports=[_view(r, i, page_filter, page_job) for i, r in enumerate(reports, 1)],
        nothing_to_chart=NOTHING_TO_CHART,
        stays=any(r.kind is ReportKind.STAGES for r in reports),
        colors=SERIES_COLORS,
    )


def days_text(start: date | None, end: date | None) -> str:
    """The cohort's days as a reader says them: both ends included."""
    if start is None and end is None:
        return "all time"
    if end is None:
        return f"from {start:%-d %b %Y}"
    if start is None:
        return f"until {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def _view(result: ReportResult, index: int, page_filter: ReportFilter, page_job: str | None) -> ReportView:
    table, spec = result.table, result.chart
    return ReportView(
        kind=result.kind.value,
        title=result.kind.title,
        chart_title=clean(spec.title),
        svg=None if spec.empty else Markup(chart_svg(spec, f"{index}-{result.kind.value}")),
        across=horizontal(spec),
        legend=tuple(chart_label(s.name) for s in spec.series) if len(spec.series) > 1 else (),
        columns=tuple(CellView(clean(c.name), c.kind) for c in table.columns),
        rows=tuple(
            tuple(
                CellView(clean(cell_text(v, c.kind)), c.kind) for v, c in zip(row, table.columns, strict=True)
            )
            for row in table.rows
        ),
        scope=_scope(result, page_filter, page_job),
    )


def _scope(result: ReportResult, page_filter: ReportFilter, page_job: str | None) -> str:
    f = result.filter
    if result.kind is ReportKind.SEQUENCES and f.job_id is not None:
        return "Sequences are not per job: every sequence's touches in these days."
    if (f.start, f.end, result.job) == (page_filter.start, page_filter.end, page_job):
        return ""
    job = clean(result.job) if result.job else "every job"
    return f"{job}, {days_text(f.start, f.end)}"


@lru_cache(maxsize=1)
def _template() -> Template:
    env = SandboxedEnvironment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    source = files("pipeline_tui.services").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
    return env.from_string(source)
