"""Today follows others' changes (screens/live.py): a touch, an enrollment, an interview, a scorecard or an
offer changed by someone else re-reads the due queue and the sections, keeping the user's place.

The read is the screen's own (read_today, as many due touches as were paged in); each table then has its
cursor on the same row when it is still listed. In the due queue a touch someone else just did (or skipped,
snoozed, stopped) is no longer due: its row goes (the app has said who did it) and the cursor goes to the
next touch still due, as it does after the user's own `d`. Every table keeps its scroll offset. Batches
about anything else (a tag, a card moved on a board) read nothing. Left for another tool, the screen hears
nothing; it reads everything again when shown (TodayScreen.on_screen_resume).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline_tui.core.change_records import ChangeBatch
from pipeline_tui.core.change_vocabulary import ChangeEntity
from pipeline_tui.screens.shared.table_place import TablePlace
from pipeline_tui.screens.today.due_queue import DueQueue

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from pipeline_tui.screens.today.screen import TodayRead

TODAY_ENTITIES = (
    ChangeEntity.TOUCH,
    ChangeEntity.ENROLLMENT,
    ChangeEntity.INTERVIEW,
    ChangeEntity.SCORECARD,
    ChangeEntity.OFFER,
)


class TodayLive:
    """Mixed into TodayScreen: its read, `_arrived` and tables."""

    def changes_arrived(self: Any, batch: ChangeBatch) -> None:
        if batch.touches(*TODAY_ENTITIES):
            self.live_load()

    def live_load(self: Any) -> None:
        """The screen's read in a worker (the key of `load`: the newer read wins), then each table back
        where it was."""
        from pipeline_tui.screens.today.screen import read_today

        queue = self.query_one(DueQueue)
        places = [(table, TablePlace.of(table)) for table in self.query("DataTable").results()]
        now, zone = self.pipeline.clock(), self.zone
        token, limit = queue.begin_read()
        self.store_work(
            lambda store: read_today(store, now, zone, limit),
            lambda read: self._live_arrived(read, token, limit, places),
            key="today",
            exclusive=True,
        )

    def _live_arrived(
        self: Any, read: TodayRead, token: int, limit: int, places: list[tuple[DataTable, TablePlace]]
    ) -> None:
        self._arrived(read, token, limit)
        due = self.query_one(DueQueue).table
        for table, place in places:
            if table.display:
                place.back(table, next_listed=table is due)  # the queue's preview follows its cursor
