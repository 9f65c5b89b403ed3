"""Create a pool, rename it, or describe it: a name and/or description, checked by the store on save (a refusal
stays in the dialog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from pipeline_tui.core.records import PoolRecord
from pipeline_tui.screens.pools.pool_dialog import PoolDialog

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# (store, name, description) -> the saved pool; run off the UI thread, on the writer thread.
Submit = Callable[["Store", str, str], PoolRecord]


class PoolFormModal(PoolDialog[PoolRecord | None]):
    """Returns the saved pool, or None on esc. `fields` picks which inputs show ('name', 'description')."""

    def __init__(
        self,
        heading: str,
        submit: Submit,
        *,
        name: str = "",
        description: str = "",
        fields: tuple[str, ...] = ("name", "description"),
    ) -> None:
        super().__init__()
        self.heading = heading
        self.submit = submit
        self.initial_name = name
        self.initial_description = description
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="pool-form", classes="dialog"):
            yield self.dialog_title((self.heading, False))
            if "name" in self.fields:
                yield Label("Name")
                yield self.editable(self.initial_name, placeholder="e.g. Data Eng", id="pool-name")
            if "description" in self.fields:
                yield Label("Description")
                yield self.editable(
                    self.initial_description, placeholder="Who belongs here (optional)", id="pool-description"
                )
            yield self.error_line()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Static("enter save · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        name = self.query_one("#pool-name", Input).value if "name" in self.fields else self.initial_name
        description = (
            self.query_one("#pool-description", Input).value
            if "description" in self.fields
            else self.initial_description
        )
        submit = self.submit
        self.store_work(
            lambda store: submit(store, name, description),
            self.dismiss,
            key="pool-form",
            serial=True,
            on_failed=self.show_error,
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
