"""Set-up the person-screen, find-anyone and duplicates tests share: what a widget or the screen draws, opening
Ada's person screen from the seeded board, typing into a form field, and the possible-duplicates segment."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from pools_helpers import typed


def text_of(screen, selector: str) -> str:
    """What the widget draws, line by line (tables and groups included)."""
    from textual.geometry import Region

    widget = screen.query_one(selector)
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def screen_text(app) -> str:
    """Everything the screen draws, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def board_app(store):
    """The seeded board (tests/board_data.py) and an app on it: (data, app)."""
    data = seed_board(store)
    return data, make_app(store)


async def open_ada(pilot) -> None:
    """From the seeded board: Ada Lovelace's card (the third), enter opens her person screen."""
    await settle(pilot)
    await pilot.press("j", "j", "enter")
    await settle(pilot)


async def retype(pilot, form, field: str, text: str) -> None:
    """Empty a form field and type `text` into it with real keys."""
    box = form.query_one(f"#f-{field}")
    box.value = ""
    box.focus()
    await typed(pilot, text)


async def open_duplicates(pilot) -> None:
    """In the pool browser: down the side list to "Possible duplicates" with the arrow keys, then the table."""
    await settle(pilot)
    side = pilot.app.screen.query_one("#pool-list")
    side.focus()
    await pilot.press("home", "down", "down", "down")
    await settle(pilot)
    pilot.app.screen.query_one("#prospects").focus()
    await settle(pilot)


async def open_merge(pilot) -> None:
    """The possible-duplicates segment, then `m` on its first person: the merge dialog with their pair."""
    await open_duplicates(pilot)
    await pilot.press("m")
    await settle(pilot)
