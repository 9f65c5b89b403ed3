"""Pick one item from a list by typing a few letters: pools (add to / remove from), jobs, statuses.

A picker of things in the database opens at once and reads its choices itself, off the UI thread: what is
typed meanwhile filters them when they arrive, and an enter typed ahead picks the first match then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.records import PoolRecord
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.widgets.literal import literal, plain

if TYPE_CHECKING:
    from pipeline_tui.store import Store


@dataclass(frozen=True)
class Choice:
    key: str
    label: Text
    # What the filter matches against (the plain label by default).
    search: str = ""
    disabled: bool = False


Choices = list[Choice] | Callable[["Store"], list[Choice]]


class PickerModal(PoolDialog[str | None]):
    """Returns the chosen key, or None on esc."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
    ]

    def __init__(
        self,
        heading: Static,
        choices: Choices,
        *,
        body: str = "",
        filter_placeholder: str = "Type to filter",
        empty: str = "Nothing to pick from.",
        dialog_id: str = "picker",
        preselect: bool = True,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.load = None if isinstance(choices, list) else choices
        self.choices: list[Choice] = choices if isinstance(choices, list) else []
        self.submitted_early = False
        self.body = body
        self.filter_placeholder = filter_placeholder
        self.empty = empty
        self.dialog_id = dialog_id
        # False where a pick cannot be undone (a handoff): `enter` alone picks nothing until the user moves
        # to a choice or types to filter.
        self.preselect = preselect

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog picker"):
            yield self.heading
            if self.body:
                yield Static(self.body, classes="dialog-body", markup=False)
            yield Input(placeholder=self.filter_placeholder, id="picker-filter", classes="compact")
            yield OptionList(id="picker-options")
            yield self.error_line()
            yield Static("enter pick · ↑↓ move · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()
        if self.load is None:
            self._fill("")
        else:
            self.store_work(self.load, self._arrived, key="picker")

    def _arrived(self, choices: list[Choice]) -> None:
        self.load = None
        self.choices = choices
        self._fill(self.query_one("#picker-filter", Input).value)
        if self.submitted_early:
            self._submit()

    def _fill(self, needle: str) -> None:
        needle = needle.strip().casefold()
        shown = [c for c in self.choices if needle in (c.search or c.label.plain).casefold()]
        options = self.query_one("#picker-options", OptionList)
        options.set_options([Option(c.label, id=c.key, disabled=c.disabled) for c in shown])
        first = next((i for i, c in enumerate(shown) if not c.disabled), None)
        options.highlighted = first if (self.preselect or needle) else None
        if not self.choices:
            self.show_error(self.empty)

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        if self.load is None:
            self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if step < 0:
            options.action_cursor_up()
        else:
            options.action_cursor_down()

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        if self.load is not None:
            self.submitted_early = True  # picked when the choices arrive
            return
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is None:
            if self.choices:
                self.show_error("Choose one first: type to filter, or ↑↓ to pick.")
            return
        option = options.get_option_at_index(options.highlighted)
        if not option.disabled:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#picker-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def pool_choices(pools: list[PoolRecord], *, exclude: int | None = None) -> list[Choice]:
    out = []
    for p in pools:
        if p.id == exclude:
            continue
        label = literal(p.name)
        label.append(f"  {p.member_count:,}", style="dim")
        out.append(Choice(str(p.id), label, plain(p.name)))
    return out


def pool_picker(heading: str, choices: Choices, *, body: str = "") -> PickerModal:
    """`choices`: pool_choices(pools), or a function of the store returning them (read by the picker)."""
    return PickerModal(
        PoolDialog.dialog_title((heading, False)),
        choices,
        body=body,
        filter_placeholder="Type to filter pools",
        empty="There are no pools yet: N creates one.",
        dialog_id="pool-picker",
    )
