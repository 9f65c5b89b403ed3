"""`R` on the Reports screen: the days of the cohort typed as from–to (YYYY-MM-DD each, either may be left
empty). Read by `core.report_range.parse_range`, as the CLI's --from/--to are: a date that cannot be read or
a from after to is one line in the dialog, and nothing is applied until both read. `enter` in From goes on
to To (date, enter, date, enter needs no tab); `enter` with both empty applies nothing and says how to get
all time (`r`): keys typed in one fast burst can land in the other field or be lost, and an empty pair must
not silently mean "all time"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.report_range import parse_range

NOTHING_TYPED = "type a from or a to date (r on the Reports screen cycles the presets, all time too)"


@dataclass(frozen=True)
class DayRange:
    start: date | None
    end: date | None


class DayField(Input):
    """A day field that keeps a fast burst of keys in order. Textual queues a burst's keys on the field that
    had focus when they arrived, and runs bindings (enter, tab, ctrl+u) only once the key has bubbled up to
    the app, after the characters behind them: "2026-11-01 tab 2026-11-30" all landed in From. Here those
    keys act at once, in their place, and a key queued here after focus moved on goes to the field now
    focused."""

    ACTS = {"ctrl+u": "delete_left_all", "tab": "next", "shift+tab": "previous", "enter": "entered"}

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and isinstance(focused, DayField):
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        act = self.ACTS.get(event.key)
        if act is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        if act == "delete_left_all":
            self.action_delete_left_all()
        elif act == "entered":
            self.post_message(self.Submitted(self, self.value))
            dialog = self.screen
            if isinstance(dialog, ReportRangeDialog):
                dialog.entered(self)
        else:
            self.screen.focus_next(DayField) if act == "next" else self.screen.focus_previous(DayField)


class ReportRangeDialog(ModalScreen[DayRange | None]):
    """Returns the days typed (one may be empty: open-ended), or None on esc."""

    CSS_PATH = "reports.tcss"
    AUTO_FOCUS = "#report-from"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: date | None, end: date | None) -> None:
        super().__init__()
        self.start, self.end = start, end
        self._said_for: tuple[str, str] | None = None  # the days the error line is about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Report on the days from – to", style="bold"), classes="dialog-title")
            with Horizontal(classes="range-row"):
                yield Label("From", classes="range-label")
                yield DayField(self._shown(self.start), placeholder="YYYY-MM-DD", id="report-from")
            with Horizontal(classes="range-row"):
                yield Label("To", classes="range-label")
                yield DayField(self._shown(self.end), placeholder="YYYY-MM-DD", id="report-to")
            yield Static("", id="report-range-error", markup=False)
            yield Static(
                "Applications made on these days, both included (empty: open-ended)\n"
                "enter From → To → apply · tab next field · esc cancel",
                classes="dialog-hint",
                markup=False,
            )

    @staticmethod
    def _shown(day: date | None) -> str:
        return day.isoformat() if day is not None else ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # acted on already, in the key's place (DayField.entered)

    def entered(self, field: Input) -> None:
        """`enter` in From: on to To (once From reads); in To: apply both."""
        if self.is_attached and self.app.screen is not self:
            return  # dismissed already: a key of the burst after the last enter
        typed_from = self.query_one("#report-from", Input).value.strip() or None
        typed_to = self.query_one("#report-to", Input).value.strip() or None
        try:
            if field.id == "report-from":
                parse_range(typed_from, None)  # a from that cannot be read is said here, not after To
                self.set_focus(self.query_one("#report-to", Input))  # now, not once idle: a burst follows
                return
            if typed_from is None and typed_to is None:
                raise InvalidInput(NOTHING_TYPED)
            start, end = parse_range(typed_from, typed_to)
        except InvalidInput as error:
            self.query_one("#report-range-error", Static).update(str(error))
            self._said_for = self._typed()
            return
        self.dismiss(DayRange(start, end))

    def _typed(self) -> tuple[str, str]:
        return (self.query_one("#report-from", Input).value, self.query_one("#report-to", Input).value)

    @on(Input.Changed)
    def _typing(self) -> None:
        """The line goes once the days differ from those it was about (a change handled after the enter
        that judged it, as in a burst, leaves it)."""
        if self._typed() != self._said_for:
            self.query_one("#report-range-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
