"""The interview plan's dialogs: a round's form (name, stage, minutes, focus attributes and questions, one per
line) and the question before a round is removed.

The form saves through `store.rounds` itself, in a worker: a refusal (a name the job already has, a stage
removed meanwhile) is one line in the form, which stays open with what was typed. `esc` with changes asks
first, so a round typed in full is never lost to one key.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import RoundRecord
from pipeline_tui.core.records import JobRecord, StageRecord
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal, plain, sentence

DEFAULT_MINUTES = 45
HINT = "ctrl+s save (or enter in a one-line field) · tab next field · esc close"


def lines_of(text: str) -> list[str]:
    """One entry per non-empty line, trimmed (a blank line between entries is not an entry)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _row(label: str, widget, *, classes: str = "form-row") -> ComposeResult:  # noqa: ANN001 - any field
    with Horizontal(classes=classes):
        yield Label(label, classes="form-label")
        yield widget


class RoundForm(StoreWork, ModalScreen[RoundRecord | None]):
    """A new round of a job's plan, or an existing one edited; dismissed with the round as saved."""

    CSS_PATH = "interview_plan.tcss"
    AUTO_FOCUS = "#round-name"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(
        self,
        job: JobRecord,
        stages: list[StageRecord],
        *,
        stage_id: int | None = None,
        editing: RoundRecord | None = None,
    ) -> None:
        super().__init__()
        self.job = job
        self.stages = stages
        self.editing = editing
        ids = [s.id for s in stages]
        wanted = editing.stage_id if editing is not None else stage_id
        self.stage_id = wanted if wanted in ids else ids[0]
        self._saving = False

    def compose(self) -> ComposeResult:
        one = self.editing
        with Vertical(id="round-form", classes="dialog"):
            if one is None:
                title = sentence(("New interview round for ", False), (self.job.title, True), style="bold")
            else:
                title = sentence(("Edit round ", False), (one.name, True), style="bold")
            yield Static(title, classes="dialog-title")
            name = plain(one.name) if one else ""
            field = Input(
                name, placeholder="e.g. System design", id="round-name", compact=True, select_on_focus=False
            )
            yield from _row("Name", field)
            options = [(literal(s.name), s.id) for s in self.stages]
            stage = Select(options, value=self.stage_id, allow_blank=False, id="round-stage", compact=True)
            yield from _row("Stage", stage)
            minutes = str(one.duration_min) if one else str(DEFAULT_MINUTES)
            yield from _row("Minutes", Input(minutes, type="integer", id="round-minutes", compact=True))
            yield Label("Focus attributes to rate (one per line)", classes="form-heading")
            yield TextArea("\n".join(one.attributes) if one else "", id="round-attributes", compact=True)
            yield Label("Questions / prep notes for the panel (one per line)", classes="form-heading")
            yield TextArea("\n".join(one.questions) if one else "", id="round-questions", compact=True)
            yield Static("", id="round-message", markup=False)
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self._initial = self._values()

    def _values(self) -> tuple[str, object, str, tuple[str, ...], tuple[str, ...]]:
        return (
            self.query_one("#round-name", Input).value.strip(),
            self.query_one("#round-stage", Select).value,
            self.query_one("#round-minutes", Input).value.strip(),
            tuple(lines_of(self.query_one("#round-attributes", TextArea).text)),
            tuple(lines_of(self.query_one("#round-questions", TextArea).text)),
        )

    @property
    def changed(self) -> bool:
        return self._values() != self._initial

    def _say(self, line: str) -> None:
        self.query_one("#round-message", Static).update(literal(line, "bold red"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        name, stage, minutes, attributes, questions = self._values()
        if not minutes.isdigit() or int(minutes) < 1:
            self._say("Minutes: type the round's length in whole minutes, e.g. 45.")
            return
        stage_id, duration, one = int(str(stage)), int(minutes), self.editing
        job_id = self.job.id

        def save(store: Store) -> RoundRecord | str:
            try:
                if one is None:
                    return store.rounds.add(
                        job_id,
                        stage_id,
                        name,
                        duration_min=duration,
                        attributes=attributes,
                        questions=questions,
                    )
                return store.rounds.update(
                    one.id, name=name, stage=stage_id, duration_min=duration, attributes=attributes,
                    questions=questions,
                )  # fmt: skip
            except PipelineError as refused:
                return str(refused)

        self._saving = True
        self.store_work(save, self._saved, key="round-save", serial=True, on_failed=self._failed)

    def _saved(self, result: RoundRecord | str) -> None:
        self._saving = False
        if isinstance(result, str):
            self._say(result[:1].upper() + result[1:])
            return
        self.dismiss(result)

    def _failed(self, _error: BaseException) -> None:
        self._saving = False

    async def action_close(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        await push_focused(self.app, DiscardRoundDialog(), answered)


class _OneKey(ModalScreen[bool]):
    """y answers yes; n or escape no (enter: the dialog's own default)."""

    CSS_PATH = "interview_plan.tcss"
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class RemoveRoundDialog(_OneKey):
    """Before a round is removed: y / enter removes it, n / esc keeps it."""

    BINDINGS = [Binding("enter", "answer(True)", "Yes")]

    def __init__(self, one: RoundRecord) -> None:
        super().__init__()
        self.round = one

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = sentence(("Remove round ", False), (self.round.name, True), ("?", False), style="bold")
            yield Static(title, classes="dialog-title")
            body = sentence(("It leaves the plan of ", False), (self.round.stage_name, True), (".", False))
            body.append(" Interviews already scheduled or held keep its name.")
            yield Static(body, classes="dialog-body")
            yield Static("y / enter remove · n / esc keep it", classes="dialog-hint", markup=False)


class DiscardRoundDialog(_OneKey):
    """esc in a changed round form: y drops the changes, n / esc / enter go back to them."""

    BINDINGS = [Binding("enter", "answer(False)", "No")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Discard your changes to this round?", style="bold"), classes="dialog-title")
            yield Static("y discard · n / esc / enter keep editing", classes="dialog-hint", markup=False)
