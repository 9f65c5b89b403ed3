"""The stage editor's dialogs: a stage's name (and, for a new stage, its kind), and where the applications
of a removed stage go. Each returns what was chosen; the editor makes the one store call."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.records import StageCount
from pipeline_tui.core.vocabulary import StageKind
from pipeline_tui.widgets.literal import literal
from pipeline_tui.widgets.stage_draft import KIND_STYLE

KIND_HELP = {
    StageKind.ACTIVE: "active: a step of the pipeline",
    StageKind.OFFER: "offer: an offer is out",
    StageKind.HIRED: "hired: the job's one hired stage (the former one turns active)",
}


class StageNameDialog(ModalScreen[tuple[str, str] | None]):
    """A name for a new stage (with its kind: tab to the list) or a new name for a stage; enter keeps it."""

    CSS_PATH = "stage_editor.tcss"
    AUTO_FOCUS = "#stage-name"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: Text, name: str = "", *, with_kind: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.name_now = name
        self.with_kind = with_kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(self.name_now, placeholder="Stage name", id="stage-name", select_on_focus=False)
            if self.with_kind:
                yield Static("Kind (tab, then ↑↓):", classes="dialog-label")
                yield OptionList(
                    *(Option(help_, id=str(kind)) for kind, help_ in KIND_HELP.items()), id="stage-kind"
                )
            yield Static("enter keep · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.with_kind:
            self.query_one("#stage-kind", OptionList).highlighted = 0

    @property
    def kind(self) -> str:
        if not self.with_kind:
            return ""
        index = self.query_one("#stage-kind", OptionList).highlighted or 0
        return str(list(KIND_HELP)[index])

    @on(Input.Submitted, "#stage-name")
    @on(OptionList.OptionSelected, "#stage-kind")
    def _keep(self) -> None:
        self.dismiss((self.query_one("#stage-name", Input).value, self.kind))

    def action_cancel(self) -> None:
        self.dismiss(None)


def stage_line(stage: StageCount) -> Text:
    line = literal(stage.name)
    line.append(f"  {stage.kind}", style=KIND_STYLE.get(stage.kind, "dim"))
    line.append(f"  {stage.count} active", style="dim")
    return line


class MoveToDialog(ModalScreen[int | None]):
    """Where the applications of a stage being removed go: another stage of the job (not the hired one,
    where each hire is made from the board). Returns that stage's id."""

    CSS_PATH = "stage_editor.tcss"
    AUTO_FOCUS = "#move-to"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, stage: StageCount, held: int, stages: tuple[StageCount, ...]) -> None:
        super().__init__()
        self.stage = stage
        self.held = held
        self.index = [s.id for s in stages].index(stage.id) if stage in stages else 0
        self.targets = [s for s in stages if s.id != stage.id and s.kind != StageKind.HIRED]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Remove ", style="bold")
            title.append_text(literal(self.stage.name, "bold"))
            yield Static(title, classes="dialog-title")
            people = "1 application" if self.held == 1 else f"{self.held} applications"
            question = literal(f"It holds {people} (active or closed). Move them to:")
            yield Static(question, classes="dialog-label")
            yield OptionList(*(Option(stage_line(s), id=str(s.id)) for s in self.targets), id="move-to")
            yield Static("enter move them and remove · esc keep the stage", classes="dialog-hint")

    def on_mount(self) -> None:
        """The stage before the removed one, as if its applicants went one step back (else the next)."""
        if self.targets:
            self.query_one("#move-to", OptionList).highlighted = max(
                0, min(self.index - 1, len(self.targets) - 1)
            )

    @on(OptionList.OptionSelected, "#move-to")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(str(event.option.id)))

    def action_cancel(self) -> None:
        self.dismiss(None)
