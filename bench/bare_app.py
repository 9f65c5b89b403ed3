"""The start-up baseline: the smallest Textual app that draws something, one label.

Run as a script (`python bench/bare_app.py`) in the same pseudo-terminal set-up as `pipeline-tui`, so the
difference between the two is what pipeline-tui itself adds: its imports, opening the database, the board.
"""

from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "Bare Textual app ready"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Label(READY)


if __name__ == "__main__":
    BareApp().run()
