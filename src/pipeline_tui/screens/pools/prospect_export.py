"""Export the selection to a CSV or JSON file the user names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from pipeline_tui.screens.pools.pool_dialog import PoolDialog

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# (store, path, format) -> how many people were written; run off the UI thread.
Submit = Callable[["Store", str, str], int]


class ExportModal(PoolDialog[str | None]):
    """Writes through `submit(path, format)`; returns the message to show, or None on esc."""

    def __init__(self, count: int, default_path: str, submit: Submit) -> None:
        super().__init__()
        self.count = count
        self.default_path = default_path
        self.submit = submit

    def compose(self) -> ComposeResult:
        who = f"{self.count} {'person' if self.count == 1 else 'people'}"
        with Vertical(id="export", classes="dialog"):
            yield self.dialog_title((f"Export {who}", False))
            yield Label("File")
            yield Input(self.default_path, id="export-path")
            yield Label("Format")
            yield Select(
                (("CSV", "csv"), ("JSON", "json")), value="csv", allow_blank=False, id="export-format"
            )
            yield self.error_line()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="cancel")
            yield Static("enter export · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _guess_format(self, event: Input.Changed) -> None:
        lower = event.value.strip().lower()
        fmt = "json" if lower.endswith(".json") else "csv" if lower.endswith(".csv") else None
        if fmt:
            self.query_one("#export-format", Select).value = fmt

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _export(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        fmt = str(self.query_one("#export-format", Select).value)
        submit = self.submit

        def written(n: int) -> None:
            self.dismiss(f"exported {n} {'person' if n == 1 else 'people'} to {path}")

        self.store_work(
            lambda store: submit(store, path, fmt), written, key="export", on_failed=self.show_error
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
