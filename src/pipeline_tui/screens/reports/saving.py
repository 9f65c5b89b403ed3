"""`e` and `h` on the Reports screen: the save dialog (export_dialog.py) asks where (and CSV or JSON), then
the file is written in a worker through `services.report_files.write_report`, as the CLI's `-o` writes it.
`h` reads all seven reports for the job and days shown and saves them as one HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.export_dialog import ExportChoice, ReportExportDialog, range_name
from pipeline_tui.screens.reports.reading import read_every_report
from pipeline_tui.services.reports import ReportResult

if TYPE_CHECKING:
    from pipeline_tui.screens.reports.screen import ReportsScreen

NOT_YET = "The report is still being read: save it once it is shown."


class ReportSaving:
    """Mixin of the Reports screen: the two ways a report leaves the terminal."""

    def action_export(self) -> None:
        screen = cast("ReportsScreen", self)
        read = screen.shown
        if read is None or read.selection != screen.selection:
            screen.notify(NOT_YET, severity="warning")
            return
        result = read.result
        job = None if result.kind is ReportKind.SEQUENCES else read.selection.job_title

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._write_one(result, choice)

        dialog = ReportExportDialog(result.kind, job=job, **_where(screen, read.selection))
        screen.app.push_screen(dialog, chosen)

    def action_save_html(self) -> None:
        screen = cast("ReportsScreen", self)
        selection, today, zone, now = screen.selection, screen.today, screen.zone, screen.pipeline.clock()

        def chosen(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            screen.store_work(
                lambda store: _write(
                    read_every_report(store, selection, today, zone), choice, generated_at=now, zone=zone
                ),
                lambda written: screen.notify(f"Saved the HTML report (7 reports) to {written}"),
                key="report-html",
            )

        dialog = ReportExportDialog(
            None, job=selection.job_title, formats=("html",), **_where(screen, selection)
        )
        screen.app.push_screen(dialog, chosen)

    def _write_one(self, result: ReportResult, choice: ExportChoice) -> None:
        screen = cast("ReportsScreen", self)
        screen.store_work(
            lambda _store: _write(result, choice),
            lambda written: screen.notify(f"Saved {result.kind.title} as {choice.fmt.upper()} to {written}"),
            key="report-export",
        )


def _where(screen: ReportsScreen, selection: Any) -> dict[str, Any]:
    """The dialog's folder (the exports folder) and the days its file name says."""
    today = screen.today
    days = range_name(selection.preset, selection.start, selection.end, today)
    return {"today": today, "days": days, "folder": screen.pipeline.settings.exports_dir}


def _write(results: Any, choice: ExportChoice, **html: Any) -> Path:
    """In the worker: the file written atomically (a failure is one line and leaves nothing half-written);
    the exports folder is made on first use (the dialog let only that folder be missing)."""
    from pipeline_tui.core.errors import InvalidInput
    from pipeline_tui.services.report_files import write_report

    try:
        choice.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot make the folder {choice.path.parent}: {exc.strerror or exc}") from None
    return write_report(results, choice.fmt, choice.path.resolve(), **html)
