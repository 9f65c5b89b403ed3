"""Two small questions the hiring keys ask: yes or no (one key), and one line of text (a reason, a path).

Both open at once, so a key typed right after the one that opened them answers them."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class YesNo(ModalScreen[bool]):
    """y or enter answers yes, n or escape no. The title is a Text: user text in it is already literal."""

    CSS_PATH = "ask.tcss"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: Text, body: Text | str = "", *, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(self.body, classes="dialog-body", markup=False)
            yield Static(f"y / enter {self.yes} · n / esc {self.no}", classes="dialog-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskText(ModalScreen[str | None]):
    """One line of text; enter gives it (stripped, may be empty), escape gives None."""

    CSS_PATH = "ask.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: Text, *, placeholder: str = "", value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text, self.placeholder, self.value, self.hint = title, placeholder, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="ask-text")
            yield Static(self.hint or "enter ok · esc cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#ask-text", Input).focus()

    @on(Input.Submitted, "#ask-text")
    def _given(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
