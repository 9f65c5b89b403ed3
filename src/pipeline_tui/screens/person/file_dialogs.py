"""Attach a file to a person (a path typed, read and checked off the UI thread) and remove one (asks first).

Over the size limit, a folder or a path that cannot be read: one line in the dialog, nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.person_view import FileRecord, size_text
from pipeline_tui.core.records import CandidateRecord
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.files import attach_file
from pipeline_tui.widgets.literal import literal

if TYPE_CHECKING:
    from pipeline_tui.store import Store


class AttachDialog(StoreWork, ModalScreen[bool]):
    """Returns True once a file is attached."""

    CSS_PATH = "person.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, person: CandidateRecord) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        limit = size_text(self.pipeline.settings.max_file_bytes)
        with Vertical(classes="dialog"):
            title = Text("Attach a file to ", style="bold")
            title.append_text(literal(self.person.full_name, "bold"))
            yield Static(title, classes="dialog-title")
            yield Static(
                f"A CV, a portfolio, any file up to {limit}; it is kept in the database.", markup=False
            )
            yield Input(placeholder="Path of the file, e.g. ~/Downloads/cv.pdf", id="attach-path")
            yield Static("", id="attach-message", classes="dialog-message", markup=False)
            yield Static("enter attach · esc cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#attach-path", Input).focus()

    @on(Input.Submitted, "#attach-path")
    def _attach_file(self, event: Input.Submitted) -> None:
        candidate_id, path = self.person.id, event.value
        limit = self.pipeline.settings.max_file_bytes

        def attach(store: Store) -> FileRecord | str:
            try:
                return attach_file(store, candidate_id, path, max_size=limit)
            except PipelineError as exc:
                return str(exc)

        self.store_work(attach, self._attached, key="attach", serial=True)

    def _attached(self, result: FileRecord | str) -> None:
        if isinstance(result, str):
            self.query_one("#attach-message", Static).update(literal(result))
            return
        self.notify(f"Attached {result.name} ({size_text(result.size)})")
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class RemoveFileDialog(StoreWork, ModalScreen[bool]):
    """Asks before removing a file (y / enter removes, n / esc keeps it); returns True once removed."""

    CSS_PATH = "person.tcss"
    BINDINGS = [
        Binding("y,enter", "remove", "Remove"),
        Binding("n,escape", "cancel", "Keep"),
    ]

    def __init__(self, file: FileRecord) -> None:
        super().__init__()
        self.file = file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Remove ", style="bold")
            title.append_text(literal(self.file.name, "bold"))
            title.append(f" ({size_text(self.file.size)})?", style="bold")
            yield Static(title, classes="dialog-title")
            yield Static("The file is deleted from the database; this cannot be undone.", markup=False)
            yield Static("y / enter remove · n / esc keep", classes="dialog-hint", markup=False)

    def action_remove(self) -> None:
        file_id, name = self.file.id, self.file.name

        def removed(_: None) -> None:
            self.notify(f"Removed {name}")
            self.dismiss(True)

        self.store_work(lambda store: store.files.remove(file_id), removed, key="remove-file", serial=True)

    def action_cancel(self) -> None:
        self.dismiss(False)
