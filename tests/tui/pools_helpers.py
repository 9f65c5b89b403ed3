"""Pilot helpers for the pool browser and its dialogs: wait for store work, type text, read what is shown."""

from __future__ import annotations

from textual.worker import WorkerState

KEYS = {
    " ": "space",
    "/": "slash",
    '"': "quotation_mark",
    ":": "colon",
    "-": "minus",
    "+": "plus",
    "@": "at",
    ".": "full_stop",
    ",": "comma",
    "_": "underscore",
}
UNFINISHED = (WorkerState.PENDING, WorkerState.RUNNING)


async def settle(pilot, rounds: int = 50) -> None:
    """Until no worker is left and every message is handled: each `store_work` result, and the work its
    result started (a bulk action's reload, the preview after a page), is on screen."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in UNFINISHED for w in app.workers):
            return
    raise AssertionError("the app never settled: workers kept starting")


async def typed(pilot, text: str) -> None:
    """Type `text` key by key (as a user would, each key through the bindings)."""
    for ch in text:
        await pilot.press(KEYS.get(ch, ch))


def record_notifications(app) -> list[str]:
    """Every message `app.notify` is called with from now on (what the user was told), in order."""
    said: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return said
