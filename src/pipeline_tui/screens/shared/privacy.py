"""Privacy requests about one candidate from the TUI: export their data to a file, or erase them.

Erasing cannot be undone, so it asks for the word ERASE to be typed, not just a key press. Both dialogs
take a candidate id; the detail screens push them. Every read and write goes through `store_work`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import CandidateRecord, ErasureRecord
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.privacy import write_privacy_export
from pipeline_tui.widgets.literal import literal

if TYPE_CHECKING:
    from pipeline_tui.store import Store

CONFIRM_WORD = "ERASE"


def in_exports(exports: Path, typed: str) -> Path:
    """A bare name or relative path goes into the exports folder (created on first use), not into whatever
    folder the app was started in; an absolute path (or ~/...) is used as typed."""
    target = Path(typed).expanduser()
    if not target.is_absolute():
        target = exports / target
    if target.parent == exports:
        try:
            exports.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"cannot create the exports folder {exports}: {exc.strerror or exc}") from None
    return target


class _PrivacyModal(StoreWork, ModalScreen):
    CSS_PATH = "privacy.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, candidate_id: int) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.person: CandidateRecord | None = None
        self.busy = False

    def _load(self) -> None:
        """Read the person (and what `_extra` needs); `_loaded` draws them, a person gone closes the dialog."""
        candidate_id, extra = self.candidate_id, self._extra
        self.store_work(
            lambda store: (store.candidates.get(candidate_id), extra(store)),
            lambda got: self._loaded(*got),
            key="privacy-person",
            on_failed=lambda _error: self.dismiss(None),
        )

    def _extra(self, store: Store) -> int | None:
        return None

    def _loaded(self, person: CandidateRecord, extra: int | None) -> None:
        self.person = person

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
                "Everything held about this person: record, applications with stage history, pools, tags, "
                "activities and attached files (base64), as one JSON file.",
                classes="privacy-text",
            )
            yield Input(id="privacy-path")
            yield Static(
                "enter write (a bare file name goes to the exports folder) · esc cancel",
                classes="privacy-hint",
            )

    def on_mount(self) -> None:
        path = self.query_one("#privacy-path", Input)
        path.value = str(self.pipeline.settings.exports_dir / f"candidate-{self.candidate_id}-data.json")
        path.focus()
        self._load()

    def _loaded(self, person: CandidateRecord, extra: int | None) -> None:
        self.person = person
        title = Text("Export the data of ", style="bold")
        title.append_text(self._who())
        self.query_one("#privacy-title", Static).update(title)

    @on(Input.Submitted, "#privacy-path")
    def _write(self, event: Input.Submitted) -> None:
        target = event.value.strip()
        if not target:
            self.app.notify("Type the path of the file to write.", severity="warning")
            return
        candidate_id, exports = self.candidate_id, self.pipeline.settings.exports_dir
        self.store_work(
            lambda store: write_privacy_export(store, candidate_id, in_exports(exports, target)),
            self._written,
            key="privacy-export",
        )

    def _written(self, path: Path) -> None:
        self.app.notify(f"Wrote the data of candidate #{self.candidate_id} to {path.resolve()}")
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
        self.query_one("#privacy-confirm", Input).focus()
        self._load()

    def _extra(self, store: Store) -> int | None:
        return len(store.candidates.applications(self.candidate_id))

    def _loaded(self, person: CandidateRecord, extra: int | None) -> None:
        self.person = person
        title = Text("Erase ", style="bold red")
        title.append_text(self._who())
        self.query_one("#privacy-title", Static).update(title)
        self.query_one("#privacy-text", Static).update(
            Text(
                "Their name, contact details, links, summary, notes, activity text and attached files are removed "
                "everywhere; their active applications are withdrawn (Data erased) and leave the board, and "
                f"consent reads withdrawn. Their {extra} application(s) and stage history stay as anonymous "
                "counts, so reports stay true. This cannot be undone.",
            )
        )

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

    def _erase(self) -> None:
        candidate_id = self.candidate_id
        self.store_work(
            lambda store: store.privacy.erase(candidate_id),
            self._done,
            key="privacy-erase",
            serial=True,
            on_failed=self._failed,
        )

    def _failed(self, _error: BaseException) -> None:
        self.busy = False
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
