"""The key-hint footer: the keys that fit in one line, `?` and `q` always among them, rebuilt only when the
keys it shows change.

Textual's Footer lays every key out in a row and lets the ones past the edge fall off (the app's `?` and `q`
come last, so they went first) or run under the command-palette key ("b Boar▏^p palettep"). This footer
measures each key and shows, in binding order, those that fit beside `?`, `q` and the palette key.

Textual's Footer also recomposes (unmounts and mounts every key widget, then lays out the whole screen) on
every bindings signal, and focus moving between two widgets with the same keys sends one, often two. On the
board that happens on each move (the focus follows the card into the next column); a profile showed each
recompose costing about 35 ms. Here the footer compares what it would show (the fitted keys, their labels and
their enabled state) with what it shows, and rebuilds only when they differ.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS = ("question_mark", "q")  # every key of the screen, and quit: shown at any width


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class KeyFooter(Footer):
    """A Footer that shows what fits (always `?` and `q`) and skips the rebuild when that is as before."""

    _shown: tuple | None = None

    def _width_of(self, key: ShownKey) -> int:
        """Cells one key takes: "k Label" plus the gap after it (compact), or " k Label " (regular)."""
        return cell_len(key.display) + cell_len(key.description) + (2 if self.compact else 3)

    def _palette(self) -> ShownKey | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _node, binding, enabled, tooltip = found
        display = self.app.get_key_display(binding)
        return ShownKey(binding.key, display, binding.description, binding.action, not enabled, tooltip)

    def _fitted(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The keys to show, in binding order: `?` and `q` always; the others while they fit."""
        keys: dict[str, ShownKey] = {}
        for key_name, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if key_name == self.app.COMMAND_PALETTE_BINDING or not binding.show:
                continue
            if binding.action not in {k.action for k in keys.values()}:
                display = self.app.get_key_display(binding)
                keys.setdefault(
                    binding.key,
                    ShownKey(binding.key, display, binding.description, binding.action, not enabled, tooltip),
                )
        palette = self._palette()
        width = self.size.width or self.app.size.width
        room = width - (self._width_of(palette) + 2 if palette is not None else 0)
        room -= sum(self._width_of(k) for k in keys.values() if k.key in ALWAYS)
        shown: list[ShownKey] = []
        full = False
        for key in keys.values():
            if key.key in ALWAYS:
                shown.append(key)
            elif not full and self._width_of(key) <= room:
                shown.append(key)
                room -= self._width_of(key)
            else:
                full = True  # later keys matter less: none jumps the queue into a gap
        return tuple(shown), palette

    def _signature(self) -> tuple | None:
        try:
            return self._fitted()
        except Exception:  # noqa: BLE001 - not attached yet: build when the bindings are ready
            return None

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown, palette = fitted = self._fitted()
        self._shown = fitted  # a later signal with the same keys is then ignored
        for key in shown:
            yield FooterKey(
                key.key, key.display, key.description, key.action, disabled=key.disabled, tooltip=key.tooltip
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            yield FooterKey(
                palette.key,
                palette.display,
                palette.description,
                palette.action,
                classes="-command-palette",
                disabled=palette.disabled,
                tooltip=palette.tooltip or palette.description,
            )

    def bindings_changed(self, screen: Screen) -> None:
        # Footer's own handler, except that the rebuild decides after the refresh, when focus has settled.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    def on_resize(self, _event: events.Resize) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        signature = self._signature()
        if signature is not None and signature == self._shown:
            return
        await self.recompose()
