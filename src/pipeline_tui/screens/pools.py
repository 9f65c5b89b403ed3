"""Talent pools (being built: see the Talent-pool browser issue)."""

from textual.screen import Screen


class PoolsScreen(Screen):
    pass
