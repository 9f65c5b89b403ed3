"""The line a board dialog about one card shows when someone else changes that card while it is open.

The dialog stays (what was typed in it is kept); the board has already put the card's new state in place,
so confirming acts on what the line describes, never on what the dialog was opened on.
"""

from __future__ import annotations

from textual.widgets import Static

CHECK = "meanwhile; reloaded: check before you confirm"


def changed_line() -> Static:
    """Hidden until the card changes under the dialog."""
    line = Static("", id="changed-under", classes="changed-under", markup=False)
    line.display = False
    return line


class ChangedUnderYou:
    """Mixin for a dialog acting on one board card (it yields `changed_line()` in its compose)."""

    def changed_under_you(self, text: str) -> None:
        line = self.query_one("#changed-under", Static)  # type: ignore[attr-defined]
        line.update(text)
        line.display = True
