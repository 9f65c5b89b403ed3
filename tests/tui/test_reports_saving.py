"""Saving from the Reports screen: `e` writes the report shown as CSV or JSON, `h` all seven reports for the
job and days shown as one HTML file, each the same text `services.report_files` gives the CLI, into the
exports folder (made on first use) under a name that says the days; a file that cannot be written is one
message and no file."""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import burst, press, said, settle
from reports_helpers import LAST_30, LAST_365, expected, reports_app, seed_reports

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.export_dialog import ReportExportDialog
from pipeline_tui.screens.reports.screen import ReportsScreen
from pipeline_tui.services.report_files import report_text
from pipeline_tui.services.reports import run_report


@pytest.fixture
def seeded(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not where the files go: the exports folder is
    monkeypatch.setenv("PIPELINE_TUI_EXPORTS_DIR", str(tmp_path / "exports"))  # not there yet
    return store, seed_reports(store)


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".json", ".html"))


async def test_e_saves_the_report_shown_as_csv_then_as_json(seeded, tmp_path):
    store, _ = seeded
    exports = tmp_path / "exports"
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "down", "down", "down", "r", "r")  # sources, last 30 days
        await press(pilot, "e")
        assert isinstance(app.screen, ReportExportDialog)
        await press(pilot, "enter")
        assert isinstance(app.screen, ReportsScreen)
        name = "sources-all-jobs-last-30-days-2026-03-06.csv"
        assert files_in(exports) == [name] and files_in(tmp_path) == []
        written = (exports / name).read_bytes().decode("utf-8")
        assert written == report_text(expected(store, ReportKind.SOURCES, LAST_30), "csv")
        assert written.splitlines()[0] == "Source,Applications,Hired,Yield"
        assert said(app) == [f"Saved Sources as CSV to {exports / name}"]
        await press(pilot, "e")
        await burst(pilot, "sources.json\r")
        data = json.loads((exports / "sources.json").read_text(encoding="utf-8"))
        assert data == expected(store, ReportKind.SOURCES, LAST_30).json()
        assert {"source": "LinkedIn", "applications": 1, "hired": 0, "yield": 0.0} in data


async def test_h_saves_all_seven_reports_of_the_job_and_days_shown_as_one_html_file(seeded, tmp_path):
    store, data = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "j")
        await burst(pilot, "backend\r")
        await press(pilot, "h")
        dialog = app.screen
        assert isinstance(dialog, ReportExportDialog)
        await press(pilot, "enter")
        name = "reports-backend-b-engineer-b-last-365-days-2026-03-06.html"
        exports = tmp_path / "exports"
        assert files_in(exports) == [name]
        page = (exports / name).read_text(encoding="utf-8")
        zone = user_zone()
        f = ReportFilter(job_id=data["backend"].id, start=LAST_365[0], end=LAST_365[1])
        for kind in ReportKind:
            assert kind.title in page
            wanted = f if kind is not ReportKind.SEQUENCES else f.model_copy(update={"job_id": None})
            result = run_report(store, kind, wanted, zone)
            for row in result.table.rows[:3]:
                for value in row:
                    if isinstance(value, str):
                        assert value.replace("&", "&amp;") in page, (kind, value)
        assert "Backend [b]Engineer[/b]" in page  # the job, literally
        assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
        assert (
            '<time datetime="2026-03-06T17:00:00+00:00">2026-03-06 17:00 UTC</time>' in page
        )  # the app's clock
        assert said(app) == [f"Saved the HTML report (7 reports) to {exports / name}"]


async def test_a_file_that_cannot_be_written_is_one_message_and_no_file(seeded, tmp_path, monkeypatch):
    store, _ = seeded

    def refused(*_args, **_kwargs):
        raise InvalidInput(f"cannot write {tmp_path / 'x.csv'}: Permission denied")

    monkeypatch.setattr("pipeline_tui.services.report_files.write_report", refused)
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "e", "enter")
        assert said(app) == [f"cannot write {tmp_path / 'x.csv'}: Permission denied"]
        assert isinstance(app.screen, ReportsScreen) and app.return_code is None
    assert files_in(tmp_path) == [] and files_in(tmp_path / "exports") == []


async def test_two_ranges_exported_the_same_day_get_two_names(seeded, tmp_path):
    """The try-out's second export of another range asked to replace the first: now each name says its days."""
    store, _ = seeded
    exports = tmp_path / "exports"
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5", "e", "enter")  # the funnel, last 365 days
        await press(pilot, "R", "ctrl+u")
        await burst(pilot, "2026-01-01\r")
        await press(pilot, "ctrl+u")
        await burst(pilot, "2026-01-31\r")
        await press(pilot, "e", "enter")
        await press(pilot, "r", "e", "enter")  # after a typed range: the first preset, last 30 days
        await press(pilot, "r", "r", "r", "e", "enter")  # 90, 365, then all time
        assert files_in(exports) == [
            "funnel-all-jobs-2026-01-01-to-2026-01-31.csv",
            "funnel-all-jobs-all-time.csv",
            "funnel-all-jobs-last-30-days-2026-03-06.csv",
            "funnel-all-jobs-last-365-days-2026-03-06.csv",
        ]
        january = (date(2026, 1, 1), date(2026, 1, 31))
        written = (exports / "funnel-all-jobs-2026-01-01-to-2026-01-31.csv").read_bytes().decode("utf-8")
        assert written == report_text(expected(store, ReportKind.FUNNEL, january), "csv")
        assert len(said(app)) == 4
