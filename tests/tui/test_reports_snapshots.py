"""Snapshots of the Reports screen: every report at 120x40 and 80x24 on a fixed history (reports_helpers.
seed_reports, the app's clock on 6 March 2026), a job picked, the job picker and the from–to dialog."""

from __future__ import annotations

import pytest
from helpers import keys
from reports_helpers import reports_app, seed_reports

from pipeline_tui.core.report_records import ReportKind

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
KINDS = [pytest.param(number, id=kind.value) for number, kind in enumerate(ReportKind)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("number", KINDS)
def test_each_report(store, size, number, snap_compare):
    seed_reports(store)
    assert snap_compare(reports_app(store), terminal_size=size, run_before=keys("5", *["down"] * number))


@pytest.mark.parametrize("size", SIZES)
def test_one_job_funnel(store, size, snap_compare):
    seed_reports(store)
    assert snap_compare(reports_app(store), terminal_size=size, run_before=keys("5", "j", "down", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_job_picker(store, size, snap_compare):
    seed_reports(store)
    assert snap_compare(reports_app(store), terminal_size=size, run_before=keys("5", "j"))


@pytest.mark.parametrize("size", SIZES)
def test_range_dialog_with_a_bad_day(store, size, snap_compare):
    seed_reports(store)

    async def typed(pilot) -> None:
        pilot.app.screen.query_one("#report-from").value = "2026-02-30"

    run = keys("5", "R", before=None)

    async def run_before(pilot) -> None:
        await run(pilot)
        await typed(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(reports_app(store), terminal_size=size, run_before=run_before)
