"""Opening a dialog or screen so that the keys typed right after the key that opened it reach it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen


async def push_focused(app: App, screen: Screen, callback: Callable[[Any], None] | None = None) -> None:
    """Push `screen` and wait until it is mounted, then focus its AUTO_FOCUS widget at once (not after the
    next refresh): a title typed in one burst after `n` lands in the form's first field."""
    await app.push_screen(screen, callback)
    focus = getattr(screen, "AUTO_FOCUS", None)
    target = screen.query(focus).first() if focus else None
    if target is not None:
        screen.set_focus(target)
