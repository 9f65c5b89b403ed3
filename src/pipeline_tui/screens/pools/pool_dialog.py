"""The shape every talent-pool dialog shares: a centred box, esc to cancel, an inline error line.

Dialogs that write call the store themselves (through `store_work`, off the UI thread), so a refused input
(a taken pool name, a bad e-mail) is shown in the dialog and the user can fix it without retyping everything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.screens.work import UNEXPECTED, StoreWork
from pipeline_tui.widgets.literal import literal, sentence

if TYPE_CHECKING:
    from pipeline_tui.store import Store

T = TypeVar("T")
R = TypeVar("R")


async def answer(node: StoreWork, work: Callable[[Store], R], *, key: str) -> R:
    """Await `work(store)` run by `node.store_work`: for code Textual calls as a coroutine (a Suggester)."""
    future: asyncio.Future[R] = asyncio.get_running_loop().create_future()

    def done(result: R) -> None:
        if not future.done():
            future.set_result(result)

    def failed(error: BaseException) -> None:
        if not future.done():
            future.set_exception(error)

    node.store_work(work, done, key=key, on_failed=failed)
    return await future


class PoolDialog(StoreWork, ModalScreen[T], Generic[T]):
    CSS_PATH = "pools.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, error: BaseException | str) -> None:
        """Put a refusal on the dialog's error line (user text inside it stays literal)."""
        line = self.query_one("#dialog-error", Static)
        line.update(literal(str(error) if isinstance(error, PipelineError | str) else UNEXPECTED))
        line.display = True

    def clear_error(self) -> None:
        line = self.query_one("#dialog-error", Static)
        line.update("")
        line.display = False

    @staticmethod
    def editable(value: str = "", **kwargs) -> Input:
        """An input holding a current value to edit (a pool's name, a tag): the cursor at its end and nothing
        selected, so typing adds to the value instead of replacing it."""
        return Input(value, select_on_focus=False, **kwargs)

    @staticmethod
    def error_line() -> Static:
        line = Static("", id="dialog-error", classes="dialog-error")
        line.display = False
        return line

    @staticmethod
    def dialog_title(*parts: tuple[str, bool]) -> Static:
        """A title from (text, is_user_text) parts: user text literal, ours bold."""
        return Static(sentence(*parts, style="bold"), classes="dialog-title")
