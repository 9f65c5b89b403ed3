"""`R` on the Reports screen: the days of the cohort typed as from–to (YYYY-MM-DD each, either may be left
empty). Read by `core.report_range.parse_range`, as the CLI's --from/--to are: a date that cannot be read or
a from after to is one line in the dialog, and nothing is applied until both read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.report_range import parse_range


@dataclass(frozen=True)
class DayRange:
    start: date | None
    end: date | None


class ReportRangeDialog(ModalScreen[DayRange | None]):
    """Returns the days typed (both empty: all time), or None on esc."""

    CSS_PATH = "reports.tcss"
    AUTO_FOCUS = "#report-from"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: date | None, end: date | None) -> None:
        super().__init__()
        self.start, self.end = start, end

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Report on the days from – to", style="bold"), classes="dialog-title")
            with Horizontal(classes="range-row"):
                yield Label("From", classes="range-label")
                yield Input(self._shown(self.start), placeholder="YYYY-MM-DD", id="report-from")
            with Horizontal(classes="range-row"):
                yield Label("To", classes="range-label")
                yield Input(self._shown(self.end), placeholder="YYYY-MM-DD", id="report-to")
            yield Static("", id="report-range-error", markup=False)
            yield Static(
                "Applications made on these days, both included (empty: open-ended)\n"
                "enter apply · tab next field · esc cancel",
                classes="dialog-hint",
                markup=False,
            )

    @staticmethod
    def _shown(day: date | None) -> str:
        return day.isoformat() if day is not None else ""

    @on(Input.Submitted)
    def _apply(self, event: Input.Submitted) -> None:
        event.stop()
        typed_from = self.query_one("#report-from", Input).value
        typed_to = self.query_one("#report-to", Input).value
        try:
            start, end = parse_range(typed_from.strip() or None, typed_to.strip() or None)
        except InvalidInput as error:
            self.query_one("#report-range-error", Static).update(str(error))
            return
        self.dismiss(DayRange(start, end))

    @on(Input.Changed)
    def _typing(self) -> None:
        self.query_one("#report-range-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
