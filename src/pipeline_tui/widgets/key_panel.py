"""`?`'s panel of every key the screen has scrolls by keys, not only by the mouse wheel.

The panel (Textual's HelpPanel and its KeyPanel) never takes the focus: focused, it would list its own keys
instead of the screen's. So the app holds these keys as priority bindings; while the panel is shown and
longer than it is high they scroll it, else they do nothing here and go on to the focused widget (a table's
`down` moves its cursor as before).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import HelpPanel, KeyPanel

SCROLLS = {
    "pageup": "page_up",
    "pagedown": "page_down",
    "up": "up",
    "down": "down",
    "home": "home",
    "end": "end",
}

# system: not listed in the panel itself nor in the footer.
KEY_PANEL_BINDINGS = [
    Binding(key, f"scroll_keys('{how}')", show=False, priority=True, system=True)
    for key, how in SCROLLS.items()
]


def scroll_key_panel(screen: Screen, how: str) -> bool:
    """Scroll the screen's key panel (`how`: page_up, page_down, up, down, home, end); False when there is
    none shown, or all of it fits."""
    help_panel = next((child for child in screen.children if isinstance(child, HelpPanel)), None)
    if help_panel is None or how not in SCROLLS.values():
        return False
    panel = help_panel.query_one(KeyPanel)
    if panel.max_scroll_y <= 0:
        return False
    getattr(panel, f"scroll_{how}")(animate=False)
    return True
