"""Stage board (being built: see the Stage board issue)."""

from textual.screen import Screen


class BoardScreen(Screen):
    pass
