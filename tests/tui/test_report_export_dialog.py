"""The Reports screen's save dialog (screens/reports/export_dialog.py), driven by real keys in a small app:
the name it starts with, a typed name and a chosen format come back as the choice, esc gives nothing, a file
that is there is replaced only after a yes, a missing folder is one line in the dialog; nothing is written
by the dialog itself (the screen writes in a worker). Snapshots at 120x40 and 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import burst
from textual.app import App
from textual.widgets import Input, Select, Static

from pipeline_tui.core.report_range import RangePreset
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.export_dialog import (
    ExportChoice,
    ReportExportDialog,
    export_name,
    range_name,
    slug,
)
from pipeline_tui.screens.shared.ask import YesNo

TODAY = date(2026, 12, 3)
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
NOT_SET = object()


class DialogHost(App[None]):
    """Opens the dialog at once and keeps what it returned (NOT_SET while it is open)."""

    def __init__(self, folder: Path, report: ReportKind | None = ReportKind.FUNNEL, **kwargs) -> None:
        super().__init__()
        self.folder, self.report, self.kwargs = folder, report, kwargs
        self.result: object = NOT_SET

    def on_mount(self) -> None:
        kwargs = {"job": "Backend Engineer", "today": TODAY} | self.kwargs
        dialog = ReportExportDialog(self.report, folder=self.folder, **kwargs)
        self.push_screen(dialog, self._returned)

    def _returned(self, result: ExportChoice | None) -> None:
        self.result = result


def field(app: App) -> Input:
    return app.screen.query_one("#export-path", Input)


def error_line(app: App) -> str:
    return str(app.screen.query_one("#export-error", Static).render())


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def test_enter_saves_to_the_name_it_starts_with_in_the_folder(tmp_path):
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert field(app).value == "funnel-backend-engineer-2026-12-03.csv"
        assert app.focused is field(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ExportChoice("csv", tmp_path / "funnel-backend-engineer-2026-12-03.csv")
        assert not isinstance(app.screen, ReportExportDialog)
    assert files_in(tmp_path) == []  # the dialog chose; the screen writes


async def test_a_typed_name_and_a_chosen_format_are_what_it_returns(tmp_path):
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "hires-q4")  # the name starts selected: typing replaces it
        await pilot.press("tab")  # to the format
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "enter")  # CSV -> JSON
        await pilot.pause()
        assert app.screen.query_one("#export-format", Select).value == "json"
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert app.result == ExportChoice("json", tmp_path / "hires-q4.json")  # the extension is added


async def test_choosing_a_format_changes_the_extension_and_typing_one_changes_the_format(tmp_path):
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.pause()
        assert field(app).value == "funnel-backend-engineer-2026-12-03.json"
        await pilot.press("shift+tab")
        await burst(pilot, "sources.csv")
        assert app.screen.query_one("#export-format", Select).value == "csv"
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ExportChoice("csv", tmp_path / "sources.csv")


async def test_escape_and_cancel_return_nothing(tmp_path):
    for keys in (("escape",), ("tab", "tab", "tab", "enter")):  # esc; or tab to Cancel, enter
        app = DialogHost(tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.result is None, keys
    assert files_in(tmp_path) == []


async def test_an_existing_file_is_replaced_only_after_yes(tmp_path):
    there = tmp_path / "funnel-backend-engineer-2026-12-03.csv"
    there.write_text("kept\n")
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, YesNo)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReportExportDialog) and app.result is NOT_SET
        assert "funnel-backend-engineer-2026-12-03.csv kept" in error_line(app)
        assert app.focused is field(app)
        await pilot.press("enter")  # asked again for the same file
        await pilot.pause()
        assert isinstance(app.screen, YesNo)
        await pilot.press("y")
        await pilot.pause()
        assert app.result == ExportChoice("csv", there)
    assert there.read_text() == "kept\n"


async def test_a_missing_folder_is_one_line_in_the_dialog_and_not_made(tmp_path):
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "nowhere/funnel.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportExportDialog) and app.result is NOT_SET
        assert error_line(app) == f"no folder {tmp_path / 'nowhere'}: save into a folder that exists"
        await burst(pilot, "x")  # typing again clears the line
        assert error_line(app) == ""
    assert files_in(tmp_path) == []


async def test_a_folder_or_no_name_is_refused_in_the_dialog(tmp_path):
    (tmp_path / "out").mkdir()
    app = DialogHost(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "out")
        await pilot.press("enter")
        await pilot.pause()
        assert error_line(app) == f"{tmp_path / 'out'} is a folder: add a file name"
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert error_line(app) == "type a file name to save to" and app.result is NOT_SET
        await burst(pilot, str(tmp_path / "out" / "all.json"))  # a whole path works too
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ExportChoice("json", tmp_path / "out" / "all.json")


async def test_the_html_report_offers_html_for_every_report(tmp_path):
    app = DialogHost(tmp_path, report=None, job=None, formats=("html",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert field(app).value == "reports-all-jobs-2026-12-03.html"
        assert not app.screen.query(Select)
        assert "HTML" in str(app.screen.query_one("#export-format-only", Static).render())
        assert "Save the HTML report · All jobs" in str(
            app.screen.query_one(".dialog-title", Static).render()
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ExportChoice("html", tmp_path / "reports-all-jobs-2026-12-03.html")


async def test_a_job_title_is_shown_literally_and_slugified_in_the_name(tmp_path):
    app = DialogHost(tmp_path, job="[b]Ingeniería[/b] / Berlin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one(".dialog-title", Static).render())
        assert title == "Save Funnel · [b]Ingeniería[/b] / Berlin"
        assert field(app).value == "funnel-b-ingenieria-b-berlin-2026-12-03.csv"


def test_file_names_say_the_days_they_hold():
    """Two ranges exported the same day never share a name; a preset says the day it ends."""
    names = {
        range_name(RangePreset.LAST_30, None, None, TODAY),
        range_name(RangePreset.ALL, None, None, TODAY),
        range_name(RangePreset.CUSTOM, date(2026, 9, 1), date(2026, 11, 30), TODAY),
        range_name(RangePreset.CUSTOM, date(2026, 9, 1), None, TODAY),
        range_name(RangePreset.CUSTOM, None, date(2026, 11, 30), TODAY),
    }
    assert names == {
        "last-30-days-2026-12-03",
        "all-time",
        "2026-09-01-to-2026-11-30",
        "from-2026-09-01",
        "until-2026-11-30",
    }
    days = range_name(RangePreset.CUSTOM, date(2026, 9, 1), date(2026, 11, 30), TODAY)
    assert export_name(ReportKind.FUNNEL, "Backend Engineer", days, "csv") == (
        "funnel-backend-engineer-2026-09-01-to-2026-11-30.csv"
    )


async def test_a_missing_exports_folder_is_offered_and_left_to_be_made(tmp_path):
    """The dialog's own folder (the exports folder) may not be there yet: it is made when the file is
    written; a name in another missing folder is still refused."""
    exports = tmp_path / "exports"
    app = DialogHost(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert f"in {exports}" in str(app.screen.query_one(".export-folder", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ExportChoice("csv", exports / "funnel-backend-engineer-2026-12-03.csv")
    app = DialogHost(exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field(app).value = str(tmp_path / "nowhere" / "x.csv")
        await pilot.pause()
        assert f"in {tmp_path / 'nowhere'}" in str(app.screen.query_one(".export-folder", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert error_line(app) == f"no folder {tmp_path / 'nowhere'}: save into a folder that exists"
        assert app.result is NOT_SET


def test_file_names_say_what_they_hold():
    assert export_name(ReportKind.STAGES, "Backend Engineer (Berlin)", TODAY, "json") == (
        "stages-backend-engineer-berlin-2026-12-03.json"
    )
    assert export_name(ReportKind.SOURCES, None, TODAY, "csv") == "sources-all-jobs-2026-12-03.csv"
    assert export_name(ReportKind.FUNNEL, "???", TODAY, "csv") == "funnel-all-jobs-2026-12-03.csv"
    assert len(slug("Senior " * 20)) <= 40 and not slug("Senior " * 20).endswith("-")


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog_snapshot(size, snap_compare):
    app = DialogHost(Path("/home/recruiter/reports"))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog_missing_folder_snapshot(size, snap_compare):
    app = DialogHost(Path("/home/recruiter/reports"), report=None, formats=("html",))

    async def missing(pilot) -> None:
        await pilot.pause()
        field(pilot.app).value = "/home/recruiter/nowhere/reports.html"  # no such folder
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=missing)
