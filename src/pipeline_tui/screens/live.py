"""Others' changes as they happen: the messages the app gets from the change log, and what screens do.

The app follows the log (store `watch()`, a thread) and posts `ChangesArrived` for each batch of others'
changes; it says what happened in a short literal notice ("Ann moved Bob Ng to Onsite") and hands the
batch to every screen of the current stack, top first, that has `changes_arrived(batch)`. Each such screen
reloads only what the batch touches, keeping the cursor, marks, filter and scroll position; on an overflow
batch (a burst of a thousand, a catch-up, a trimmed log) it reloads what it shows, once. Screens of the
other tools reload when they are shown again, as they always did. `LiveStatus` says when the link to the
database is lost and back (the header shows it).
"""

from __future__ import annotations

from textual.message import Message

from pipeline_tui.core.change_records import ChangeBatch

# More changes than this in one batch are said in one notice, not one each.
NOTICES_EACH = 3


class ChangesArrived(Message):
    """Others changed the database (posted from the watch's thread)."""

    def __init__(self, batch: ChangeBatch) -> None:
        super().__init__()
        self.batch = batch


class LiveStatus(Message):
    """The link to the database was lost (`connected` False, with why) or is back."""

    def __init__(self, connected: bool, why: str) -> None:
        super().__init__()
        self.connected = connected
        self.why = why


def notices(batch: ChangeBatch) -> list[str]:
    """What the user is told about a batch: each change of a few, else one sentence for all of them."""
    if not batch.overflow and len(batch.changes) <= NOTICES_EACH:
        return [change.text for change in batch.changes]
    who = list(batch.actors) or ["Others"]
    names = who[0] if len(who) == 1 else f"{who[0]} and others"
    count = batch.count or len(batch.changes)
    return [f"{names} made {count:,} changes; reloaded what is shown"]


def changed_under_me(
    batch: ChangeBatch, *, application_id: int | None = None, candidate_id: int | None = None
):
    """The change of someone else to the thing I am acting on (a card, a person), or None."""
    for change in reversed(batch.changes):
        if (
            application_id is not None
            and change.entity == "application"
            and change.entity_id == application_id
        ):
            return change
        if candidate_id is not None and change.candidate_id == candidate_id:
            return change
    return None
