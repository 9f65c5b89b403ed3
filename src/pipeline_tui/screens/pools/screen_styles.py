"""Showing the pool browser without restyling the whole app three times over.

Textual marks a new screen as having seen no CSS at all (generation -1), so switching to a mode's new screen
re-parses every stylesheet source of the app from scratch and restyles every node (the board's too) twice
more through `refresh_css`, after `_load_screen_css` has just done it once for the screen's own file: at
1,000,000 people ~55 ms of `t` spent on nothing. The new screen is styled with the current CSS as it is
registered and mounted, and that one restyle of the app covers the screens being left: so all of them carry
the app's current generation, the bookkeeping `refresh_css` would have done (without it the first `b` back
to the board would pay the re-parse instead). A theme change later still restyles them all, as it moves the
app's generation on."""

from __future__ import annotations

from textual._context import NoActiveAppError
from textual.screen import Screen


def adopt_current_styles(screen: Screen) -> None:
    """Call from the screen's __init__ (the running app builds it when it is first shown, and restyles the
    app once as its CSS file joins the stylesheet). Outside a running app nothing changes."""
    try:
        app = screen.app
    except NoActiveAppError:
        return
    generation = app._css_update_count
    for shown in (*app.screen_stack, screen):
        shown._css_update_count = generation
