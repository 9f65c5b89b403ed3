"""The shape every talent-pool dialog shares: a centred box, esc to cancel, an inline error line.

Dialogs that write call the store themselves through a `submit` callback, so a refused input (a taken pool
name, a bad e-mail) is shown in the dialog and the user can fix it without retyping everything.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.widgets.literal import literal

T = TypeVar("T")


class PoolDialog(ModalScreen[T], Generic[T]):
    CSS_PATH = "pools.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, error: PipelineError | str) -> None:
        """Put a refusal on the dialog's error line (user text inside it stays literal)."""
        line = self.query_one("#dialog-error", Static)
        line.update(literal(str(error)))
        line.display = True

    def clear_error(self) -> None:
        line = self.query_one("#dialog-error", Static)
        line.update("")
        line.display = False

    @staticmethod
    def error_line() -> Static:
        line = Static("", id="dialog-error", classes="dialog-error")
        line.display = False
        return line

    @staticmethod
    def dialog_title(*parts: tuple[str, bool]) -> Static:
        """A title from (text, is_user_text) parts: user text literal, ours bold."""
        text = Text(style="bold")
        for value, user in parts:
            text.append_text(literal(value, "bold") if user else Text(value, style="bold"))
        return Static(text, classes="dialog-title")
