"""The key-hint footer, rebuilt only when the keys it shows actually change.

Textual's Footer recomposes (unmounts and mounts every key widget, then lays out the whole screen) on every
bindings signal, and focus moving between two widgets with the same keys sends one, often two. On the board
that happens on each move (the focus follows the card into the next column) and each column change; the
benchmark (`python -m bench`) showed two footer recomposes per move and about half the move's redraw time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips the rebuild when the shown keys, their labels and their enabled state are as before."""

    _shown: tuple | None = None

    def _signature(self) -> tuple | None:
        try:
            active = self.screen.active_bindings
        except Exception:  # noqa: BLE001 - not attached yet: let Footer decide
            return None
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return (
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in active.values()
                if binding.show or binding.key == palette
            ),
        )

    def compose(self) -> ComposeResult:
        # Remember what this build shows, so a later signal with the same keys can be ignored.
        self._shown = self._signature() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        # Footer's own handler, except that the rebuild decides after the refresh, when focus has settled.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        signature = self._signature()
        if signature is not None and signature == self._shown:
            return
        await self.recompose()
