"""The pool browser follows others' changes (screens/live.py): people or pools changed by someone else are
re-read where the user stands, and nothing of theirs moves.

A batch that touches people (`candidate_ids`) or pools re-reads the side list's counts and, in one worker,
the table's count, the rows around the cursor and the cursor's preview. Kept: the query and the view, the
sort, the scroll offset, the cursor on the same person (found in the rows around it when others' changes
shifted them; else the same row number) and the marks, less the marked people who are no longer listed
(deleted, merged away, or out of this pool or filter now). Batches arriving while that read runs are
folded into one more read after it, so a burst repaints once. A batch about neither (a job's stage renamed)
reads nothing. Left for another tool, the browser hears nothing (the app calls only the shown stack's
screens), so it reads the same way when it is shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline_tui.core.change_records import ChangeBatch
from pipeline_tui.core.change_vocabulary import ChangeEntity
from pipeline_tui.core.records import ProspectRow
from pipeline_tui.screens.pools.preview_data import Ahead, preview_ahead
from pipeline_tui.screens.pools.query_hints import no_match_text
from pipeline_tui.widgets.prospect_table import PAGE

if TYPE_CHECKING:
    from pipeline_tui.screens.pools.screen import Listing
    from pipeline_tui.store import Store

EVERYONE = None  # "check every mark": an overflow batch, or a visit to another tool


@dataclass(frozen=True)
class Reread:
    """What a live re-read found: the count, the rows around the cursor (from `start`), where the cursor's
    person is now, the marked people no longer listed, and the preview of whoever the cursor is on."""

    total: int
    start: int
    window: list[ProspectRow]
    cursor: int
    gone: frozenset[int]
    no_match: str
    ahead: Ahead | None


def reread(
    store: Store, listing: Listing, cursor: int, person: int | None, check: frozenset[int] | None
) -> Reread:
    """In the worker: the pages before, at and after the cursor's (one read), the person's new row number
    when it is among them, and which of the marks in `check` (None: all of them) are listed no more."""
    total = store.prospects.count(listing.view, listing.query)
    empty = no_match_text(store, listing.query) if not total and not listing.query.is_empty else ""
    start = max(0, (cursor // PAGE - 1) * PAGE)
    window = listing.page(store, start, 3 * PAGE)
    found = next((i for i, row in enumerate(window) if row.id == person), None)
    index = start + found if found is not None else max(0, min(cursor, total - 1))
    gone: frozenset[int] = frozenset()
    if check:
        listed = set(store.prospects.matching_ids(listing.view, listing.query))
        gone = frozenset(check - listed)
    at = index - start
    ahead = preview_ahead(store, window[at].id) if 0 <= at < len(window) else None
    return Reread(total, start, window, index, gone, empty, ahead)


class PoolsLive:
    """Mixed into PoolsScreen: its table, side list, listing and preview, re-read in place."""

    _live_running = False  # a live re-read is on its way
    _live_waiting = False  # batches came meanwhile: one more re-read when it is in
    _live_again: set[int] | None = set()  # the people those batches changed (None: anyone)
    _live_left = False  # suspended for another tool (not for a dialog or a person screen over it)

    def changes_arrived(self: Any, batch: ChangeBatch) -> None:
        people = batch.candidate_ids
        if not (people or batch.touches(ChangeEntity.POOL)):
            return  # a job's stages, an interview plan: nothing this screen shows
        self.live_reread(EVERYONE if batch.overflow else set(people))

    def on_screen_suspend(self: Any) -> None:
        # The stack shown now: without this screen when another tool's mode is, with it under a dialog.
        self._live_left = self not in self.app.screen_stack

    def on_screen_resume(self: Any) -> None:
        if self._live_left:
            self._live_left = False
            self.live_reread(EVERYONE)

    def live_reread(self: Any, people: set[int] | None) -> None:
        """Re-read what is shown for a change of `people` (None: anyone), keeping the user's place."""
        if self._live_running:
            again = self._live_again if self._live_waiting else set()
            self._live_again = EVERYONE if people is None or again is None else again | people
            self._live_waiting = True
            return
        self._live_running, self._live_waiting = True, False
        self._load_side()
        table = self.table
        from pipeline_tui.screens.pools.screen import Listing

        listing = Listing(self.view, self.parsed, table.sort, table.descending)
        row = table.cursor_row
        cursor, person = table.cursor, row.id if row is not None else None
        marks = frozenset(table.selected)
        check = marks if people is EVERYONE else marks & people
        self._listing = listing
        table.hold("load")
        self.store_work(
            lambda store: reread(store, listing, cursor, person, check),
            lambda got: self._live_arrived(listing, got),
            key="table",
            exclusive=True,
            on_failed=lambda _error: self._live_failed(listing),
        )

    def _live_arrived(self: Any, listing: Listing, got: Reread) -> None:
        if listing is self._listing:
            table = self.table
            table.cursor = got.cursor
            if got.gone & table.selected:
                table.set_selection(table.selected - got.gone)
            offset = got.cursor // PAGE * PAGE
            at = offset - got.start
            page = got.window[at : at + PAGE] if at >= 0 else []
            self._table_arrived(listing, offset, True, None, got.total, page, got.no_match, got.ahead)
            for start in range(got.start, got.start + len(got.window), PAGE):
                if start != offset:
                    table.add_page(listing, start, got.window[start - got.start : start - got.start + PAGE])
            keep_in_view(table)
        self._live_done()

    def _live_failed(self: Any, listing: Listing) -> None:
        if listing is self._listing:
            self._table_arrived(listing, 0, True, None, 0, [], "", None)
        self._live_done()

    def _live_done(self: Any) -> None:
        self._live_running = False
        if self._live_waiting:
            self.live_reread(self._live_again)


def keep_in_view(table: Any) -> None:
    """The scroll offset stays; only when the cursor's person moved out of sight does it scroll, just
    enough to show them."""
    body = max(1, table.size.height - 1)
    top = int(table.scroll_offset.y)
    if table.cursor < top:
        table.scroll_to(y=table.cursor, animate=False, immediate=True)
    elif table.cursor >= top + body:
        table.scroll_to(y=table.cursor - body + 1, animate=False, immediate=True)
