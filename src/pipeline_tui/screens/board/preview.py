"""The board's start-up preview: the first cards of each column, drawn before the store is open.

`pipeline-tui --db FILE` reads them without SQLAlchemy (store/board_preview.py) and the app hands them to the
board, which draws them at once, asks the app to open the store once they are on the screen, and lets the
full board replace them in place: the same column widgets get every card, so nothing moves, the focus stays,
and the keys typed meanwhile (held by the app) act on the full board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.screens.board.cards import BoardCards
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.stage_column import LANE, ColumnKey, ColumnStrip, StageColumn

if TYPE_CHECKING:
    from textual.screen import Screen

    from pipeline_tui.screens.board.board_data import BoardData
    from pipeline_tui.store import BoardPreview


class BoardPreviewing(StoreWork):
    """Mixin for BoardScreen (whose methods it calls): the preview shown until the full board arrives."""

    _preview: BoardPreview | None
    _columns: dict[ColumnKey, StageColumn]
    cards: BoardCards
    hiring: dict

    def _show_preview(self, preview: BoardPreview) -> None:
        """Draw the preview's cards now; the store is opened (SQLAlchemy imported) once they are drawn."""
        from pipeline_tui.screens.board.board_data import BoardData

        self._preview = preview
        self._draw_board(BoardData(preview.job, preview.stages, preview.cards), None)
        # Subscribed as the strip: unsubscribing the screen itself would drop Textual's own subscription.
        self.screen_layout_refresh_signal.subscribe(self.query_one("#columns"), self._open_when_drawn)

    def _open_when_drawn(self, _screen: Screen) -> None:
        """Textual signals each layout after painting it: once a column's cards have a place on the screen,
        they are on it, and the store can be opened without slowing that first frame down."""
        lists = [c.cards for k, c in self._columns.items() if k != LANE and c.cards.cards]
        if not lists or lists[0].region:
            self.screen_layout_refresh_signal.unsubscribe(self.query_one("#columns"))
            self.pipeline.begin_opening()

    def _end_preview(self) -> None:
        """The preview is gone (replaced, or its board could not be read): held keys act now."""
        self._preview = None
        self.pipeline.release_keys()

    def _replace_preview(self, data: BoardData) -> bool:
        """The full board over its preview: the same columns keep their widgets, focus and cursor, and get
        every card; False when the job or its stages changed meanwhile (the board is then drawn anew)."""
        preview = self._preview
        self._end_preview()
        if preview is None or data.job.id != preview.job.id or data.stages != preview.stages:
            return False
        self.job, self.stages = data.job, data.stages
        self.pipeline.state.set(self.pipeline.db_key, "last_job", data.job.id)
        self.cards = BoardCards(data.stages, data.cards)
        self.hiring = data.hiring
        for column in self._columns.values():
            column.cards.hiring = data.hiring
        self._forget_versions()
        # The preview left the closed lane out (a board opens with it hidden): it joins, still hidden.
        lane = self._columns[LANE] = self._new_column(LANE, "Rejected / withdrawn", None)
        self.query_one("#columns", ColumnStrip).mount(lane)
        self.refresh_columns(list(self._columns), keep=self.current_card)
        self._tidy_heap()
        return True

    def _column_total(self, key: ColumnKey) -> int:
        """How many cards the column holds: the preview knows the true count of the cards it has not read."""
        if self._preview is None:
            return len(self.cards.column(key))
        return self._preview.totals()[2] if key == LANE else self._preview.counts.get(key, 0)
