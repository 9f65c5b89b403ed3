"""The issue's "done when", on the TUI side: on the demo database every report is drawn on the Reports screen
with its chart, and its table shows the figures `pipeline-tui report KIND --format json` prints for the same
days (all time); the JSON is also `run_report(...).json()`, the result the screen draws."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from board_data import make_app
from click.testing import CliRunner
from helpers import press, said, settle
from reports_helpers import drawn, shown_rows

from pipeline_tui.cli import main
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.screen import ReportsScreen
from pipeline_tui.services.demo import build_demo
from pipeline_tui.services.reports import run_report
from pipeline_tui.store import Store
from pipeline_tui.widgets.report_chart import TOP

NOW = datetime(2026, 11, 20, 9, 30)  # the demo's "now" and the app's clock
DASH = "\u2014"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    st = Store.open(str(tmp_path / "demo.db"), actor="tester")
    build_demo(st.db, now=NOW)
    yield st
    st.close()


def cli_json(db: str, kind: ReportKind):
    printed = CliRunner().invoke(main, ["report", kind.value, "--format", "json", "--db", db])
    assert printed.exit_code == 0, printed.output
    return json.loads(printed.stdout)


def count(n) -> str:
    return str(n)


def days(value) -> str:
    return DASH if value is None else f"{value:.1f}"


def rate(value) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def json_rows(kind: ReportKind, data) -> list[list[str]]:
    """The rows a user should read for the CLI's JSON of `kind`, written from the JSON's own fields."""
    if kind is ReportKind.FUNNEL:
        return [
            [f["job"], s["stage"], count(s["reached"]), count(s["rejected"]), count(s["withdrawn"]),
             rate(s["conversion_to_next"])]
            for f in data for s in f["stages"]
        ]  # fmt: skip
    if kind is ReportKind.STAGES:
        return [
            [t["job"], t["stage"], days(t["median_days"]), days(t["mean_days"]), count(t["n"])] for t in data
        ]
    if kind is ReportKind.HIRING:
        hire, fill = data["time_to_hire_days"], data["time_to_fill_days"]
        return [
            ["Hires", count(data["hired"]), DASH, DASH],
            ["Time to hire (median days)", days(hire["median"]), days(hire["mean"]), count(hire["n"])],
            ["Time to fill (median days)", days(fill["median"]), days(fill["mean"]), count(fill["n"])],
        ]
    if kind is ReportKind.SOURCES:
        return [[r["source"], count(r["applications"]), count(r["hired"]), rate(r["yield"])] for r in data]
    if kind is ReportKind.REJECTIONS:
        return [[r["reason"], r["stage"], r["kind"], count(r["count"])] for r in data]
    if kind is ReportKind.JOURNEY:
        steps = ("members", "contacted", "engaged", "handed_off", "reached_offer", "hired")
        return [
            [r["pool"], *(count(r[s]) for s in steps), days(r["median_days_to_handoff"]),
             days(r["median_days_handoff_to_hire"])]
            for r in data
        ]  # fmt: skip
    return [
        [r["sequence"], count(r["step"]), r["channel"], count(r["touches_done"]), count(r["replies"]),
         count(r["opt_outs"]), rate(r["reply_rate"])]
        for r in data
    ]  # fmt: skip


async def test_every_report_of_the_demo_is_drawn_with_its_chart_and_the_clis_figures(demo):
    app = make_app(demo, now=NOW)
    zone = user_zone()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "r")  # all time
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        for number, kind in enumerate(ReportKind):
            if number:
                await press(pilot, "down")
            result = run_report(demo, kind, ReportFilter(), zone)
            printed = cli_json(demo.db.url, kind)
            assert printed == result.json()
            expected = json_rows(kind, printed)
            rows = shown_rows(screen)
            assert expected, f"the demo has no {kind.value} to show"
            if kind is ReportKind.HIRING:
                assert rows[: len(expected)] == expected
                assert rows[3][:2] == ["Offer acceptance rate", rate(printed["offer_acceptance_rate"])]
            else:
                assert rows == expected, kind
            chart = screen.query_one("#report-chart")
            assert not result.chart.empty, f"the demo's {kind.value} has nothing to chart"
            region = chart.region
            lines = drawn(app).splitlines()[region.y : region.bottom]
            picture = "\n".join(line[region.x : region.right] for line in lines)
            assert "Nothing to chart" not in picture
            title = TOP.sub("", result.chart.title)  # "top N of M" is drawn apart, for what fits
            assert picture.lstrip().startswith(title[:40]), picture  # its title, then its bars
            assert picture.count("█") > 20, picture
        assert not said(app)
