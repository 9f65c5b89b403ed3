"""A new job's stages as the job form shows them, adjusted before saving: add, rename, remove, move, kind.

Only a list of (name, kind): the store checks it when the job is saved (one active stage at least, exactly
one hired stage, names unique), so the form never keeps rules of its own.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.vocabulary import StageKind
from pipeline_tui.widgets.literal import literal

KINDS = tuple(StageKind)
KIND_STYLE = {"offer": "yellow", "hired": "bold green"}
HINT = "a add · enter rename · k kind · shift+↑↓ move · x remove"


class StageList(OptionList):
    """The stages, one line each; its keys edit the list (the field below takes the names)."""

    BINDINGS = [
        Binding("a", "add", "Add stage", show=False),
        Binding("enter", "rename", "Rename stage", show=False),
        Binding("k", "kind", "Stage kind", show=False),
        Binding("x,delete", "remove", "Remove stage", show=False),
        Binding("shift+up", "move(-1)", "Stage up", show=False),
        Binding("shift+down", "move(1)", "Stage down", show=False),
    ]

    def action_add(self) -> None:
        self._draft.begin_edit(adding=True)

    def action_rename(self) -> None:
        self._draft.begin_edit(adding=False)

    def action_kind(self) -> None:
        self._draft.cycle_kind()

    def action_remove(self) -> None:
        self._draft.remove()

    def action_move(self, step: int) -> None:
        self._draft.move(step)

    @property
    def _draft(self) -> StageDraft:
        parent = self.parent
        assert isinstance(parent, StageDraft)
        return parent


class StageDraft(Vertical):
    """Holds `stages`; the name field shows while a stage is being added or renamed."""

    def __init__(self, stages: tuple[tuple[str, str], ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, classes="stage-draft")
        self.stages: list[tuple[str, str]] = list(stages)
        self._adding = False

    def compose(self) -> ComposeResult:
        yield StageList(classes="stage-list")
        field = Input(placeholder="Stage name (enter keeps, esc drops)", compact=True, classes="stage-name")
        field.display = False
        yield field
        yield Static(HINT, classes="stage-hint", markup=False)

    def on_mount(self) -> None:
        self._redraw(0)

    @property
    def listed(self) -> StageList:
        return self.query_one(StageList)

    @property
    def name_field(self) -> Input:
        return self.query_one(".stage-name", Input)

    @property
    def editing(self) -> bool:
        return self.name_field.display

    def set_stages(self, stages: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
        self.stages = list(stages)
        self._redraw(0)

    def _redraw(self, highlight: int | None) -> None:
        options = []
        for number, (name, kind) in enumerate(self.stages, 1):
            line = Text(f"{number}. ")
            line.append_text(literal(name))
            line.append(f"  {kind}", style=KIND_STYLE.get(kind, "dim"))
            options.append(Option(line))
        listed = self.listed
        listed.set_options(options)
        if options and highlight is not None:
            listed.highlighted = max(0, min(highlight, len(options) - 1))

    @property
    def _current(self) -> int | None:
        return self.listed.highlighted if self.stages else None

    def begin_edit(self, *, adding: bool) -> None:
        if not adding and self._current is None:
            return
        self._adding = adding
        field = self.name_field
        field.value = "" if adding else self.stages[self._current or 0][0]
        field.display = True
        self.screen.set_focus(field)

    def end_edit(self) -> None:
        self.name_field.display = False
        self.screen.set_focus(self.listed)

    @on(Input.Submitted, ".stage-name")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        index = self._current
        if name and self._adding:
            at = 0 if index is None else index + 1
            self.stages.insert(at, (name, StageKind.ACTIVE))
            self._redraw(at)
        elif name and index is not None:
            self.stages[index] = (name, self.stages[index][1])
            self._redraw(index)
        self.end_edit()

    def cycle_kind(self) -> None:
        index = self._current
        if index is None:
            return
        name, kind = self.stages[index]
        after = KINDS[(KINDS.index(kind) + 1) % len(KINDS)] if kind in KINDS else KINDS[0]
        self.stages[index] = (name, after)
        self._redraw(index)

    def remove(self) -> None:
        index = self._current
        if index is not None:
            del self.stages[index]
            self._redraw(index)

    def move(self, step: int) -> None:
        index = self._current
        if index is None or not 0 <= index + step < len(self.stages):
            return
        self.stages[index], self.stages[index + step] = self.stages[index + step], self.stages[index]
        self._redraw(index + step)
