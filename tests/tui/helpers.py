"""Shared Pilot helpers for the TUI tests: wait for store work to finish, read what was said.

Screens read and write the database in thread workers (screens/work.py) and draw when the result comes back
as a message. `settle` waits for exactly that (workers finished, their messages handled, the screen
refreshed), never for a fixed time, so a test asserts on what the user would see once the app is idle.
"""

from __future__ import annotations

import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot


def _busy(app) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def settle(pilot: Pilot, *, rounds: int = 100) -> None:
    """Wait until no worker runs and the messages they posted (and what those started) are handled."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        if not _busy(app):
            await pilot.pause()  # a result handled just now may have started more work
            if not _busy(app):
                return
        await app.workers.wait_for_complete()
    raise AssertionError("the app's store work did not settle")


async def press(pilot: Pilot, *keys: str) -> None:
    """Type keys (in one burst, as a fast typist would), then wait for the work they started."""
    await pilot.press(*keys)
    await settle(pilot)


async def burst(pilot: Pilot, keys: str) -> None:
    """Type `keys` as one burst from the terminal: every key is queued before the first is handled (what
    `Pilot.press` never does: it waits for the app to go idle after each key). Then wait for the work."""
    app = pilot.app
    for char in keys:
        key = "enter" if char == "\r" else char if char.isalnum() else _character_to_key(char)
        try:
            character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            character = char
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)  # the driver's own path: as a terminal delivers keys
    await settle(pilot)


def said(app) -> list[str]:
    """Every notification's text so far (recorded by board_data.make_app), oldest first."""
    return app.said


async def settled_start(pilot: Pilot) -> None:
    """`run_before` for snapshot tests: take the picture once the board's cards have arrived."""
    await settle(pilot)


def keys(*press: str, before=None):
    """A snapshot's run_before: settle (then `before`), then each key followed by settle, so the picture
    is of the finished screen, not of whichever worker happened to be done."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        if before is not None:
            await before(pilot)
        for key in press:
            await pilot.press(key)
            await settle(pilot)

    return run_before
