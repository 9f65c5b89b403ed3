"""The snooze dialog (`z` on a due touch): `enter` snoozes until tomorrow, or type the day (YYYY-MM-DD).

A day that is not after today is refused here, in one line under the field, before anything is asked of the
store (which refuses it too: "snooze until a day after today")."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.local_time import parse_day
from pipeline_tui.screens.today.due_rows import short_day
from pipeline_tui.widgets.literal import literal


def snooze_day(text: str, today: date) -> date:
    """The day typed (empty: tomorrow); InvalidInput with the one line the dialog shows."""
    if not text.strip():
        return today + timedelta(days=1)
    day = parse_day(text)
    if day <= today:
        raise InvalidInput(f"snooze until a day after today ({today:%Y-%m-%d}): {day:%Y-%m-%d} is not")
    return day


class SnoozeDialog(ModalScreen[date | None]):
    """Returns the day the touch is due again, or None on esc."""

    CSS_PATH = "snooze.tcss"
    AUTO_FOCUS = "#snooze-until"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, person: str, step: int, today: date) -> None:
        super().__init__()
        self.person, self.step, self.today = person, step, today

    def compose(self) -> ComposeResult:
        tomorrow = self.today + timedelta(days=1)
        with Vertical(classes="dialog"):
            title = Text("Snooze ", style="bold")
            title.append_text(literal(self.person, "bold"))
            title.append(f" · step {self.step}", style="bold")
            yield Static(title, classes="dialog-title")
            yield Input(placeholder=f"YYYY-MM-DD (empty: tomorrow, {short_day(tomorrow)})", id="snooze-until")
            yield Static("", id="snooze-error", markup=False)
            yield Static(
                f"enter tomorrow ({short_day(tomorrow)}) or the day typed · esc cancel",
                classes="dialog-hint",
                markup=False,
            )

    @on(Input.Submitted, "#snooze-until")
    def _given(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = snooze_day(event.value, self.today)
        except InvalidInput as error:
            self.query_one("#snooze-error", Static).update(str(error))
            return
        self.dismiss(day)

    @on(Input.Changed, "#snooze-until")
    def _typing(self) -> None:
        self.query_one("#snooze-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
