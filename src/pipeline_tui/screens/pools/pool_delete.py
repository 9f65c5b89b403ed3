"""Confirm before deleting a pool: the memberships go, the people stay. The question counts the pool afresh
(off the UI thread), so it never quotes a count the side list has not caught up with."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from pipeline_tui.core.records import PoolRecord
from pipeline_tui.screens.pools.pool_dialog import PoolDialog


class PoolDeleteModal(PoolDialog[bool]):
    """Returns True to delete, False (or None on esc) to keep."""

    BINDINGS = [Binding("y", "confirm", "Delete"), Binding("n", "cancel", "Keep")]

    def __init__(self, pool: PoolRecord) -> None:
        super().__init__()
        self.pool = pool

    def compose(self) -> ComposeResult:
        with Vertical(id="pool-delete", classes="dialog"):
            yield self.dialog_title(("Delete pool ", False), (self.pool.name, True), ("?", False))
            yield Static(self._question(self.pool.member_count), id="pool-delete-body", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", variant="error", id="delete")
                yield Button("Keep", id="keep")
            yield Static("y delete · n / esc keep", classes="dialog-hint")

    @staticmethod
    def _question(n: int) -> str:
        return (
            f"Its {n} {'membership goes' if n == 1 else 'memberships go'}; "
            "the people stay in All candidates with their tags, notes and applications."
        )

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()
        pool_id = self.pool.id
        self.store_work(lambda store: store.pools.get(pool_id), self._counted, key="pool-count")

    def _counted(self, pool: PoolRecord) -> None:
        self.query_one("#pool-delete-body", Static).update(self._question(pool.member_count))

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(False)
