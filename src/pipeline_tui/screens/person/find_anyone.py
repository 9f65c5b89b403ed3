"""Find anyone (`ctrl+f`, from every screen): type part of a name, any e-mail or a company; each hit says
whether they are an applicant and where (job, stage), or a prospect and in which pools; enter opens them.

Each keystroke asks the full-text index for at most 20 people in an exclusive worker: a newer keystroke
drops the older search's result, so fast typing never piles up work or shows stale hits. Enter typed before
the hits for the latest text arrived opens the first of those once they do.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.person_view import PersonHit, find_words
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal

HINT = "name, e-mail or company · up/down choose · enter open · esc close"


def hit_line(hit: PersonHit) -> Text:
    line = literal(hit.full_name, "bold")
    for extra in (hit.email, hit.current_company):
        if extra:
            line.append("  ")
            line.append_text(literal(extra, "dim"))
    for part in hit.where_parts:
        line.append("\n  ")
        line.append_text(literal(part, "italic"))
    return line


class FindAnyoneDialog(StoreWork, ModalScreen[int | None]):
    """Returns the chosen person's candidate id, or None."""

    CSS_PATH = "person.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[PersonHit] = []
        self.hits_for = ""  # the text the hits shown were found for
        self.open_when_found = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Find anyone", classes="dialog-title", markup=False)
            yield Input(placeholder="Name, e-mail or company", id="find-input")
            yield OptionList(id="find-hits")
            yield Static("", id="find-status", markup=False)
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#find-hits").display = False
        self.query_one("#find-input", Input).focus()

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        typed = event.value
        if not typed.strip():
            self._show(typed, [])
            return
        self.store_work(
            lambda store: store.person_detail.find(typed),
            lambda hits: self._show(typed, hits),
            key="find",
            exclusive=True,
        )

    def _show(self, typed: str, hits: list[PersonHit]) -> None:
        if typed != self.query_one("#find-input", Input).value:
            return  # an older keystroke's answer
        self.hits, self.hits_for = hits, typed
        listing = self.query_one("#find-hits", OptionList)
        listing.clear_options()
        listing.add_options(Option(hit_line(h), id=str(h.candidate_id)) for h in hits)
        listing.display = bool(hits)
        if hits:
            listing.highlighted = 0
        status = "" if hits or not typed.strip() else "No one found."
        if not find_words(typed) and typed.strip():
            status = "Type one more letter."
        if len(hits) >= 20:
            status = "The first 20 people found: type more to narrow."
        self.query_one("#find-status", Static).update(status)
        if self.open_when_found:
            self.open_when_found = False
            self._open()

    def action_cursor(self, step: int) -> None:
        listing = self.query_one("#find-hits", OptionList)
        if self.hits:
            current = listing.highlighted or 0
            listing.highlighted = max(0, min(len(self.hits) - 1, current + step))

    @on(Input.Submitted, "#find-input")
    def _submitted(self) -> None:
        if self.hits_for != self.query_one("#find-input", Input).value:
            self.open_when_found = True  # the hits for what was typed last are on their way
            return
        self._open()

    @on(OptionList.OptionSelected, "#find-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#find-hits", OptionList).highlighted = event.option_index
        self._open()

    def _open(self) -> None:
        if not self.hits:
            return
        index = self.query_one("#find-hits", OptionList).highlighted or 0
        self.dismiss(self.hits[min(index, len(self.hits) - 1)].candidate_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
