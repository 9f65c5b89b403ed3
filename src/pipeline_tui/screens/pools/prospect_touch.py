"""Log a touch with the selection: contacted today by e-mail, a call, a meeting, a LinkedIn or text message, or
another way, with an optional note (the channels are the vocabulary's touch kinds)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from pipeline_tui.core.vocabulary import TOUCH_KINDS
from pipeline_tui.screens.pools.pool_dialog import PoolDialog

CHANNELS = tuple((kind.label, kind.value) for kind in TOUCH_KINDS)


@dataclass(frozen=True)
class Touch:
    channel: str
    note: str


class TouchModal(PoolDialog[Touch | None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        who = f"{self.count} {'person' if self.count == 1 else 'people'}"
        with Vertical(id="touch", classes="dialog"):
            yield self.dialog_title((f"Log a touch · {who}", False))
            yield Label("Channel")
            yield Select(CHANNELS, value="email", allow_blank=False, id="channel")
            yield Label("Note")
            yield Input(placeholder="What was said (optional)", id="note")
            yield self.error_line()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Log", variant="primary", id="log")
                yield Button("Cancel", id="cancel")
            yield Static("enter log · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    @on(Button.Pressed, "#log")
    def _log(self) -> None:
        channel = self.query_one("#channel", Select).value
        self.dismiss(Touch(channel=str(channel), note=self.query_one("#note", Input).value))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
