"""`e` and `h` on the Reports screen: the export dialog asks where (and CSV or JSON), then the file is
written in a worker through `services.report_files.write_report`, as the CLI's `-o` writes it. `h` reads all
seven reports for the job and days shown and saves them as one HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pipeline_tui.screens.reports.reading import read_every_report
from pipeline_tui.screens.reports.stand_ins import ask_where
from pipeline_tui.services.reports import ReportResult

if TYPE_CHECKING:
    from pipeline_tui.screens.reports.screen import ReportsScreen

NOT_YET = "The report is still being read: export it once it is shown."


class ReportSaving:
    """Mixin of the Reports screen: the two ways a report leaves the terminal."""

    def action_export(self) -> None:
        screen = cast("ReportsScreen", self)
        read = screen.shown
        if read is None or read.selection != screen.selection:
            screen.notify(NOT_YET, severity="warning")
            return
        result = read.result
        ask_where(screen, result, html=False, chosen=lambda fmt, path: self._write_one(result, fmt, path))

    def action_save_html(self) -> None:
        screen = cast("ReportsScreen", self)
        selection, today, zone = screen.selection, screen.today, screen.zone
        shown = screen.shown.result if screen.shown is not None else None

        def chosen(_fmt: str, path: Path) -> None:
            screen.store_work(
                lambda store: _write(read_every_report(store, selection, today, zone), "html", path),
                lambda written: screen.notify(f"Saved the HTML report (7 reports) to {written}"),
                key="report-html",
            )

        ask_where(screen, shown, html=True, chosen=chosen)

    def _write_one(self, result: ReportResult, fmt: str, path: Path) -> None:
        screen = cast("ReportsScreen", self)
        screen.store_work(
            lambda _store: _write(result, fmt, path),
            lambda written: screen.notify(f"Saved {result.kind.title} as {fmt.upper()} to {written}"),
            key="report-export",
        )


def _write(results: Any, fmt: str, path: Path) -> Path:
    """In the worker: the file written atomically (a failure says one line, leaves nothing half-written)."""
    from pipeline_tui.services.report_files import write_report

    write_report(results, fmt, path)
    return path
