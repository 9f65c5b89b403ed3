"""Reject (or record a withdrawal): pick a reason by its number or a few letters, add a note if useful, enter.

Nothing is picked for the user: `x` `enter` does not reject for the first reason in the list. A reason is
chosen by typing its number (`x` `3` `enter`), by typing letters until one reason is left, or with the arrows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.records import RejectionReasonRecord
from pipeline_tui.screens.board.changed_under import ChangedUnderYou, changed_line
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain

GROUPS = (("rejected", "We rejected"), ("withdrew", "They withdrew"))


@dataclass(frozen=True)
class RejectChoice:
    reason_id: int
    reason_name: str
    category: str  # "rejected" -> reject, "withdrew" -> withdraw
    note: str | None


SHORT = 30  # terminal lines under which the reject dialog drops its blank lines around the reasons


class RejectModal(ChangedUnderYou, StoreWork, ModalScreen[RejectChoice | None]):
    """Returns the chosen reason and note, or None on esc. Opens at once and reads the reasons in a worker:
    digits and letters typed right after `x` go into the filter, and pick or filter once the list arrives."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "highlight(-1)", "Previous reason", show=False),
        Binding("down", "highlight(1)", "Next reason", show=False),
    ]

    def __init__(self, applicant_name: str) -> None:
        super().__init__()
        self.applicant_name = applicant_name
        self.reasons: list[RejectionReasonRecord] = []
        self._listed_yet = False
        self._enter_pending = False  # enter typed before the reasons arrived: confirm once they have

    def compose(self) -> ComposeResult:
        with Vertical(id="reject-dialog", classes="dialog"):
            title = Text("Reject ", style="bold")
            title.append_text(literal(self.applicant_name, "bold"))
            yield Static(title, classes="dialog-title")
            yield changed_line()
            yield Input(placeholder="Type a reason's number, or letters to filter", id="reason-filter")
            yield _pick_list("reasons")
            yield Input(placeholder="Note (optional)", id="reject-note")
            yield Static(
                "number or letters pick · enter confirm · tab note · esc cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#reason-filter", Input).focus()
        self.store_work(lambda store: store.applications.rejection_reasons(), self._listed, key="reasons")

    def _listed(self, reasons: list[RejectionReasonRecord]) -> None:
        self.reasons, self._listed_yet = reasons, True
        self._fill(self.query_one("#reason-filter", Input).value)
        if self._enter_pending:
            self._confirm()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Keep the note field and hint on screen in a short terminal: the reason list gives way (to the
        line saying that someone else changed the card meanwhile too). Below SHORT lines (80x24) the blank
        lines around the list go first, so the reasons keep room to be read."""
        height = self.app.size.height
        short = height < SHORT
        reasons = self.query_one("#reasons", OptionList)
        self.query_one("#reject-dialog").styles.padding = (0, 2) if short else (1, 2)
        reasons.styles.margin = (0, 0) if short else (1, 0)
        told = 2 if self.query_one("#changed-under").display else 0
        around = 15 if short else 19  # the dialog's other lines and its border, within 90% of the screen
        reasons.styles.max_height = max(3, min(14, height - around - told))

    def changed_under_you(self, text: str) -> None:
        super().changed_under_you(text)
        self._fit()

    def _fill(self, typed: str) -> None:
        """Every reason carries its number (in list order, whatever the filter). Digits choose the reason with
        that number; letters filter by name, and choose the reason when one is left. Otherwise nothing is
        highlighted until an arrow key picks one."""
        needle = typed.strip().casefold()
        number = int(needle) if needle.isdigit() else None
        in_order = [r for category, _ in GROUPS for r in self.reasons if r.category == category]
        numbered = list(enumerate(in_order, start=1))
        options: list[Option] = []
        chosen: str | None = None
        for category, label in GROUPS:
            matching = [
                (n, r)
                for n, r in numbered
                if r.category == category and (number is not None or needle in plain(r.name).casefold())
            ]
            if not matching:
                continue
            options.append(Option(Text(label, style="bold dim"), id=f"group-{category}", disabled=True))
            for n, r in matching:
                prompt = Text(f"{n:>2}  ", style="dim")
                prompt.append_text(literal(r.name))
                options.append(Option(prompt, id=str(r.id)))
                if n == number:
                    chosen = str(r.id)
        shown = [o for o in options if not o.disabled]
        if number is None and needle and len(shown) == 1:
            chosen = shown[0].id
        reasons = self.query_one("#reasons", OptionList)
        reasons.set_options(options)
        reasons.highlighted = (
            next((i for i, o in enumerate(options) if o.id == chosen), None) if chosen else None
        )

    @on(Input.Changed, "#reason-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_highlight(self, step: int) -> None:
        reasons = self.query_one("#reasons", OptionList)
        if step > 0:
            reasons.action_cursor_down()
        else:
            reasons.action_cursor_up()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _confirm(self) -> None:
        if not self._listed_yet:
            self._enter_pending = True
            return
        reasons = self.query_one("#reasons", OptionList)
        option = reasons.highlighted_option
        if option is None or option.disabled or option.id is None:
            typed = self.query_one("#reason-filter", Input).value.strip()
            if typed.isdigit():
                why = f"No reason number {typed}: type one of the numbers listed"
            elif typed and not any(not o.disabled for o in reasons.options):
                why = "No reason matches; change the filter"
            else:
                why = "Choose a reason first: type its number or letters of it, or pick one with ↑↓"
            self.notify(why, severity="warning", markup=False)
            return
        reason = next(r for r in self.reasons if str(r.id) == option.id)
        note = self.query_one("#reject-note", Input).value.strip() or None
        self.dismiss(RejectChoice(reason.id, reason.name, reason.category, note))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _pick_list(list_id: str) -> OptionList:
    """The list is driven from the filter field (arrows, enter), so tab goes straight to the next field."""
    options = OptionList(id=list_id)
    options.can_focus = False
    return options
