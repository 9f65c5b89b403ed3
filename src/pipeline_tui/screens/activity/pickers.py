"""The Activity screen's pickers: `m` a team member (Everyone first), `k` a kind (Every kind first), `j` a
job (the Reports screen's job picker, asked about activity). Type to filter, `enter` picks, `esc` keeps
what is shown. Each picker reads its choices in a worker when it opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.screens.activity.filters import kind_label
from pipeline_tui.screens.reports.job_picker import ReportJobPicker
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain

if TYPE_CHECKING:
    from pipeline_tui.store import Store

EVERY_ID = "every"


@dataclass(frozen=True)
class Choice:
    """One choice: `value` is what the filter keeps (None: every one), `label` how the header says it."""

    value: int | str | None
    label: str
    hint: str = ""


def read_members(store: Store) -> list[Choice]:
    return [Choice(m.id, m.name, m.email or "") for m in store.activity_feed.members()]


def read_kinds(store: Store) -> list[Choice]:
    """The kinds in the log (the repository may name them by value or by label: both are read)."""
    kinds = (kind.replace(" ", "_") for kind in store.activity_feed.kinds())
    return [Choice(kind, kind_label(kind)) for kind in kinds]


class ChoicePicker(StoreWork, ModalScreen[Choice | None]):
    """A question, "every" first, then the choices read by `read`; the one shown is highlighted."""

    CSS_PATH = "activity.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "highlight(-1)", "Previous", show=False),
        Binding("down", "highlight(1)", "Next", show=False),
    ]

    def __init__(
        self, question: str, every: str, read: Callable[[Store], list[Choice]], current: object = None
    ) -> None:
        super().__init__()
        self.question, self.every, self.read, self.current = question, every, read, current
        self.choices: list[Choice] = []
        self._listed = False
        self._enter_pending = False  # enter typed before the choices arrived: pick once they have

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            yield Input(placeholder="Type to filter", id="activity-choice-filter")
            options = OptionList(id="activity-choices")
            options.can_focus = False  # driven from the filter field
            yield options
            yield Static("enter pick · ↑↓ move · esc cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#activity-choice-filter", Input).focus()
        self._fill("")
        self.store_work(self.read, self._arrived, key="activity-choices")

    def _arrived(self, choices: list[Choice]) -> None:
        self.choices, self._listed = choices, True
        self._fill(self.query_one("#activity-choice-filter", Input).value)
        if self._enter_pending:
            self._pick()

    def _fill(self, needle: str) -> None:
        words = needle.casefold().split()
        every = not words or all(w in self.every.casefold() for w in words)
        options = [Option(Text(self.every, style="bold"), id=EVERY_ID)] if every else []
        for number, choice in enumerate(self.choices):
            hay = f"{plain(choice.label)} {plain(choice.hint)}".casefold()
            if all(w in hay for w in words):
                line = literal(choice.label, "bold")
                if choice.hint:
                    line.append_text(literal(f"  {choice.hint}", "dim"))
                options.append(Option(line, id=str(number)))
        listed = self.query_one("#activity-choices", OptionList)
        listed.set_options(options)
        if options:
            ids = [o.id for o in options]
            at = next((str(n) for n, c in enumerate(self.choices) if c.value == self.current), EVERY_ID)
            listed.highlighted = ids.index(at) if at in ids and not words else 0

    @on(Input.Changed, "#activity-choice-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_highlight(self, step: int) -> None:
        listed = self.query_one("#activity-choices", OptionList)
        listed.action_cursor_down() if step > 0 else listed.action_cursor_up()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _pick(self) -> None:
        if not self._listed:
            self._enter_pending = True
            return
        option = self.query_one("#activity-choices", OptionList).highlighted_option
        if option is None or option.id is None:
            self.notify("Nothing matches", severity="warning")
            return
        self.dismiss(Choice(None, self.every) if option.id == EVERY_ID else self.choices[int(option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)


def member_picker(current: int | None) -> ChoicePicker:
    return ChoicePicker("Whose activity?", "Everyone", read_members, current)


def kind_picker(current: str | None) -> ChoicePicker:
    return ChoicePicker("Which kind of change?", "Every kind", read_kinds, current)


class ActivityJobPicker(ReportJobPicker):
    """The Reports screen's job picker (All jobs, then every job; type to filter), asked about activity."""

    CSS_PATH = "activity.tcss"

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".dialog-title", Static).update(Text("Activity of which job?", style="bold"))
