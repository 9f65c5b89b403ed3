"""Privacy requests about one candidate from the TUI: export their data to a file, or erase them.

Erasing cannot be undone, so it asks for the word ERASE to be typed, not just a key press. Both dialogs
take a candidate id; the detail screens push them (the lead binds the keys).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.records import CandidateRecord, ErasureRecord
from pipeline_tui.services.privacy import write_privacy_export
from pipeline_tui.widgets.literal import literal

CONFIRM_WORD = "ERASE"


class _PrivacyModal(ModalScreen):
    CSS_PATH = "privacy.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, candidate_id: int) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.person: CandidateRecord | None = None
        self.busy = False

    def _load(self) -> bool:
        try:
            self.person = self.app.store.candidates.get(self.candidate_id)  # type: ignore[attr-defined]
        except PipelineError as exc:
            self.app.notify(str(exc), severity="error")
            self.dismiss(None)
            return False
        return True

    def _who(self) -> Text:
        assert self.person is not None
        who = literal(self.person.full_name, "bold")
        if self.person.email:
            who.append(" <")
            who.append_text(literal(self.person.email))
            who.append(">")
        return who

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


class PrivacyExportDialog(_PrivacyModal):
    """Writes everything held about the candidate as JSON to a path; returns the Path, or None."""

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-dialog", classes="privacy-export"):
            yield Static(id="privacy-title")
            yield Static(
                "Everything held about this person: record, applications with stage history, pools, tags "
                "and activities, as one JSON file.",
                classes="privacy-text",
            )
            yield Input(id="privacy-path")
            yield Static("enter write · esc cancel", classes="privacy-hint")

    def on_mount(self) -> None:
        if not self._load():
            return
        title = Text("Export the data of ", style="bold")
        title.append_text(self._who())
        self.query_one("#privacy-title", Static).update(title)
        path = self.query_one("#privacy-path", Input)
        path.value = str(Path.cwd() / f"candidate-{self.candidate_id}-data.json")
        path.focus()

    @on(Input.Submitted, "#privacy-path")
    def _write(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.app.notify("Type the path of the file to write.", severity="warning")
            return
        try:
            path = write_privacy_export(self.app.store, self.candidate_id, event.value.strip())  # type: ignore[attr-defined]
        except PipelineError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.app.notify(f"Wrote the data of candidate #{self.candidate_id} to {path}")
        self.dismiss(path)


class PrivacyEraseDialog(_PrivacyModal):
    """Anonymises the candidate after ERASE is typed; returns the ErasureRecord, or None when cancelled."""

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-dialog", classes="privacy-erase"):
            yield Static(id="privacy-title")
            yield Static(id="privacy-text", classes="privacy-text")
            yield Input(placeholder=f"Type {CONFIRM_WORD} to confirm", id="privacy-confirm")
            yield Static(
                f"type {CONFIRM_WORD} then enter · esc cancel", classes="privacy-hint", id="privacy-hint"
            )

    def on_mount(self) -> None:
        if not self._load():
            return
        title = Text("Erase ", style="bold red")
        title.append_text(self._who())
        self.query_one("#privacy-title", Static).update(title)
        try:
            apps = len(self.app.store.candidates.applications(self.candidate_id))  # type: ignore[attr-defined]
        except PipelineError:
            apps = 0
        self.query_one("#privacy-text", Static).update(
            Text(
                "Their name, contact details, links, summary, notes and activity text are removed everywhere. "
                f"Their {apps} application(s) and stage history stay as anonymous counts, so reports stay true. "
                "This cannot be undone.",
            )
        )
        self.query_one("#privacy-confirm", Input).focus()

    @on(Input.Submitted, "#privacy-confirm")
    def _confirm(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        if event.value.strip() != CONFIRM_WORD:
            self.app.notify(f"Type {CONFIRM_WORD} (in capitals) to erase, or press esc.", severity="warning")
            return
        self.busy = True
        self.query_one("#privacy-hint", Static).update("erasing and scrubbing the database file…")
        self._erase()

    @work(thread=True, exclusive=True, group="privacy-erase")
    def _erase(self) -> None:
        try:
            done = self.app.store.privacy.erase(self.candidate_id)  # type: ignore[attr-defined]
        except PipelineError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # the file could not be scrubbed (e.g. busy): one message
            self.app.call_from_thread(self._failed, f"erase failed: {exc}")
            return
        self.app.call_from_thread(self._done, done)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.app.notify(message, severity="error")
        self.query_one("#privacy-hint", Static).update(f"type {CONFIRM_WORD} then enter · esc cancel")

    def _done(self, done: ErasureRecord) -> None:
        self.busy = False
        scrub = (
            "" if done.file_scrubbed else " (the file scrub is pending: another program holds the database)"
        )
        self.app.notify(
            f"Erased candidate #{done.candidate_id}; {done.applications_kept} application(s) kept anonymously{scrub}"
        )
        self.dismiss(done)
