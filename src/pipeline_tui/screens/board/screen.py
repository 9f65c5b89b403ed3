"""The stage board: one job's pipeline as columns, one card per applicant, moved by keyboard or mouse.

The frame (header, job bar, footer) is drawn at once; the job's cards are read in a worker and drawn when
they arrive. At start-up the app may hold a preview (the first cards of each column, read without
SQLAlchemy): it is drawn at once, and the full board replaces it in place, card for card. The screen keeps each column's cards in memory (`BoardCards`, in the store's board order: who
entered the stage first is on top); a change replaces the one card it touched from the record the store
returns and redraws only the columns involved (see actions.py); the board is never reloaded for a move.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.records import BoardCard, JobRecord, StageRecord
from pipeline_tui.screens.board.actions import BoardActions
from pipeline_tui.screens.board.board_data import BoardData, read_board, read_first_board
from pipeline_tui.screens.board.cards import BoardCards, column_of
from pipeline_tui.screens.board.hiring_keys import BoardHiring
from pipeline_tui.screens.board.live import BoardLive
from pipeline_tui.screens.board.preview import BoardPreviewing
from pipeline_tui.screens.board.stages_key import BoardStages
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.stage_column import (
    CARD_HEIGHT,
    LANE,
    CardList,
    ColumnKey,
    ColumnStrip,
    StageColumn,
    TextLine,
)

if TYPE_CHECKING:
    from pipeline_tui.store import BoardPreview

TIDY_AFTER = 0.05  # seconds without a layout after a board is drawn: then the collector runs (_tidy_heap)
NO_JOBS = (
    "This database has no jobs yet. Press 3 for the jobs screen, then n to create a job with its team and "
    "stages (or `pipeline-tui job add TITLE`). To try the board on demo data, run `pipeline-tui demo`."
)


class BoardScreen(BoardPreviewing, BoardLive, BoardActions, BoardHiring, BoardStages, Screen):
    """Mode "board" of the app. Holds the open job, its cards per column and the session's undo stack."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        # This tool's own key stays (it closes a person screen over it) but leaves the footer to the others.
        Binding("1,b", "app.show_tool('board')", "Board", show=False),
        Binding("greater_than_sign,shift+right", "move(1)", "Move →"),
        Binding("less_than_sign,shift+left", "move(-1)", "Move ←", show=False),
        Binding("x", "reject", "Reject"),
        Binding(
            "enter",
            "open",
            "Open",
            key_display="enter",
            tooltip="Open the person: contact, applications, files, timeline",
        ),
        Binding("u,ctrl+z", "undo", "Undo"),
        # Priority: handled as the app reads the key, before the letters typed after it are handed to the
        # focused card list, so `/ab` typed in one burst filters by "ab".
        Binding("slash", "filter", "Filter", priority=True),
        Binding("o", "jobs", "Switch job"),
        Binding("c", "toggle_lane", "Closed lane"),
        Binding("question_mark", "app.toggle_keys", "Keys", key_display="?"),
        Binding("left,h", "column(-1)", "Column left", show=False),
        Binding("right,l", "column(1)", "Column right", show=False),
        Binding("r", "reopen", "Reopen", show=False),
        Binding("s", "rate", "Rate (0-3 stars)", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("n", "add", "Add applicant", show=False),
        Binding("i", "import_file", "Import applicants (CSV/JSON)", show=False),
        Binding("p", "stages", "Stages of this job", show=False),
        Binding("v", "interview_plan", "Interview plan of this job", show=False),
        Binding("e", "edit_job", "Edit job", show=False),
        Binding("I", "schedule_interview", "Schedule an interview", show=False),
        Binding("F", "my_scorecard", "My scorecard", show=False),
        Binding("O", "new_offer", "New offer", show=False),
    ]

    # Screen.focused repaints the whole screen on every focus change; on the board the focus follows each
    # moved card into the next column, and the two lists involved (and their headers) restyle and redraw
    # themselves. Without the full repaint a move redraws only what changed.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        self.job: JobRecord | None = None
        self.wanted_job: int | None = None  # the job last asked for (shown, or on its way)
        self.stages: list[StageRecord] = []
        self.show_lane = False
        self.query_text = ""
        self.cards = BoardCards()
        self.hiring: dict[int, CardHiring] = {}  # each card's hiring line (widgets/card_hiring.py)
        self._init_writes()
        self._init_live()
        self._columns: dict[ColumnKey, StageColumn] = {}
        self._current: CardList | None = None
        self._own_overlay = False  # a dialog or the detail screen of this board is on top
        self._left = False  # another screen (pools, palette) was shown over this board since it was drawn
        self._frozen = False  # the heap after the first board is out of the cyclic collector's sight
        self._preview: BoardPreview | None = None  # shown until the full board arrives (preview.py)
        self._column_width = 0  # of each column, as last laid out
        self._tidy_timer: Timer | None = None  # the collector's pass after a board is drawn (_tidy_heap)

    # -- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextLine(id="job-bar")
        # Hidden and disabled until `/`: keys typed while a big job loads must reach the board, not the field.
        field = Input(
            placeholder="Filter: name, company, title, tag, source (esc clears)",
            id="board-filter",
            disabled=True,
        )
        field.display = False
        yield field
        yield ColumnStrip(id="columns")
        empty = Static("", id="board-empty", markup=False)
        empty.display = False  # shown only for a database without jobs
        yield empty
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        app = self.pipeline
        remembered = app.state.get(app.db_key, "last_job")
        preview, app.preview = app.preview, None
        if preview is not None:
            remembered = preview.job.id
            self._show_preview(preview)
        self.store_work(
            lambda store: read_first_board(store, remembered),
            self._show_first,
            key="board",
            on_failed=lambda _: self._end_preview(),
        )

    def _show_first(self, data: BoardData | None) -> None:
        if data is None:
            self._end_preview()
            self._show_empty(NO_JOBS)
        else:
            self._show_board(data, None)

    def on_screen_suspend(self) -> None:
        if not self._own_overlay:
            self._left = True

    def on_screen_resume(self) -> None:
        """Back from the pools screen (or the palette): others may have changed the pipeline, so reload.
        Back from this board's own dialogs: nothing else changed, keep everything as it is. Textual resumes
        a screen more than once while it starts; only a resume after a suspension reloads."""
        if self._own_overlay:
            self._own_overlay = False
            return
        if self._left and self.job is not None:
            card = self.current_card
            # The job asked for last: another screen may have chosen one meanwhile (app.show_board).
            self.open_job(
                self.wanted_job or self.job.id, focus_application=card.application.id if card else None
            )
        self._left = False

    def _push(self, screen, callback=None, *, card: BoardCard | None = None) -> None:  # noqa: ANN001
        """Open a screen of this board (with its result's callback); `card`: the card it acts on, so it is
        told when someone else changes that card meanwhile (live.py)."""
        self._own_overlay = True
        self.acting_on(card.application.id if card is not None else None, screen)
        self.app.push_screen(screen, callback)

    def _show_empty(self, message: str) -> None:
        empty = self.query_one("#board-empty", Static)
        empty.update(message)
        empty.display = True
        self.query_one("#columns").display = False
        self.query_one("#job-bar", TextLine).set_text(Text("No job"))

    # -- loading ----------------------------------------------------------------------------------------

    def open_job(self, job_id: int, *, focus_application: int | None = None) -> None:
        """Show a job's board (read in a worker; a newer request wins) and remember it as the last job."""
        self.wanted_job = job_id
        self.store_work(
            lambda store: read_board(store, job_id),
            lambda data: self._show_board(data, focus_application),
            key="board",
            exclusive=True,
        )

    def _show_board(self, data: BoardData, focus_application: int | None) -> None:
        if self._preview is None or not self._replace_preview(data):
            self._draw_board(data, focus_application)

    def _draw_board(self, data: BoardData, focus_application: int | None) -> None:
        job, stages = data.job, data.stages
        self.job, self.stages = job, stages
        if self._preview is None:
            self.pipeline.state.set(self.pipeline.db_key, "last_job", job.id)
        self.sub_title = plain(job.title)
        self.cards = BoardCards(stages, data.cards)
        self.hiring = data.hiring
        self._forget_versions()
        self.query_one("#board-empty").display = False
        holder = self.query_one("#columns", ColumnStrip)
        holder.display = True
        holder.remove_children()
        # Widths set before mounting: the first layout is the right one (no second pass to fit them).
        self._column_width = holder.column_width(len(stages) + (1 if self.show_lane else 0))
        self._columns = {stage.id: self._new_column(stage.id, stage.name, stage) for stage in stages}
        if self._preview is None:  # a preview has no closed lane (see preview.py)
            self._columns[LANE] = self._new_column(LANE, "Rejected / withdrawn", None)
        self._current = None
        self.refresh_columns(list(self._columns))
        holder.mount_all(self._columns.values())
        self.call_after_refresh(self._focus_initial, focus_application)
        if self._preview is None:
            self._tidy_heap()

    def _new_column(self, key: ColumnKey, title: str, stage: StageRecord | None) -> StageColumn:
        column = StageColumn(key, title, stage=stage)
        column.display = key != LANE or self.show_lane
        column.cards.clock = self.pipeline.clock
        settings = self.pipeline.settings
        column.cards.stale_days = (settings.stale_warn_days, settings.stale_alert_days)
        column.cards.hiring = self.hiring
        column.styles.width = self._column_width
        return column

    def _tidy_heap(self) -> None:
        """Once a board is drawn, settle the cyclic collector's debt now rather than at a random key.

        The first board's cards live as long as the session: moved out of the collector's sight, its
        passes during moves scan only what is new (a full pass over them cost several ms per key). Every
        board after it brings thousands of new records, and drawing it thousands of lines, which make the
        collector due for a full pass over the heap (75 ms on the largest job): run once the board is on
        the screen, it does not land on the move or undo typed next (it did, at three times their budget).
        Not frozen too: frozen objects that die later (this board's widgets, once another job is opened)
        could never be collected."""
        if not self._frozen:
            self._frozen = True
            self.call_after_refresh(gc.freeze)
            return
        # Subscribed as the job bar: the strip's own subscription belongs to the preview (preview.py).
        self.screen_layout_refresh_signal.subscribe(self.query_one("#job-bar"), self._tidy_when_drawn)

    def _tidy_when_drawn(self, _screen: Screen) -> None:
        """Textual signals each layout after painting it. Once every shown column has its place, the pass
        waits for the layouts that follow (scroll bars, focus) to stop: a key typed meanwhile goes first."""
        if not all(c.cards.region for c in self._columns.values() if c.display):
            return
        if self._tidy_timer is not None:
            self._tidy_timer.stop()
        self._tidy_timer = self.set_timer(TIDY_AFTER, self._tidy_now)

    def _tidy_now(self) -> None:
        self._tidy_timer = None
        self.screen_layout_refresh_signal.unsubscribe(self.query_one("#job-bar"))
        gc.collect()

    def _focus_initial(self, application_id: int | None) -> None:
        if application_id is not None and self._focus_card(application_id):
            return
        for key, column in self._columns.items():
            if key != LANE and column.cards.cards:
                self._focus_list(column.cards)
                return
        first = next(iter(self._columns.values()), None)
        if first is not None:
            self._focus_list(first.cards)

    def refresh_columns(self, keys: list[ColumnKey], keep: BoardCard | None = None) -> None:
        """Show each of these columns' matching cards (the cursor stays on `keep`) and update the counts."""
        for key in dict.fromkeys(keys):
            column = self._columns.get(key)
            if column is None:
                continue
            visible = self.cards.visible(key, self.query_text)
            column.cards.empty_text = "No matches" if self.query_text else "No applicants"
            column.cards.set_cards(
                visible, keep=keep if keep is not None and column_of(keep) == key else None
            )
            column.set_count(len(visible), self._column_total(key), bool(self.query_text))
        self._update_bar()

    def show_card(self, card: BoardCard, *, follow: bool) -> None:
        """Replace (or add) one card and redraw only the columns it left and entered."""
        app_id = card.application.id
        current = self.current_card
        focused_here = current is not None and current.application.id == app_id
        old_key, new_key = self.cards.put(card)
        keys = [new_key] if old_key is None else [old_key, new_key]
        self.refresh_columns(keys, keep=card if (follow or focused_here) else None)
        if follow and not self._focus_card(app_id) and old_key is not None:
            column = self._columns.get(old_key)
            if column is not None and column.display:
                self._focus_list(column.cards)

    def job_changed(self) -> None:
        self._update_bar()

    def _update_bar(self) -> None:
        if self.job is None:
            return
        active, hired, closed = (self._preview or self.cards).totals()
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append_text(literal(self.job.title, "bold"))
        bar.append(f"  {self.job.status.replace('_', ' ').capitalize()}", style="italic")  # "On hold"
        bar.append(f"  ·  {active} active · {hired} hired · {closed} rejected/withdrawn")
        if self.query_text:
            shown = sum(len(c.cards.cards) for k, c in self._columns.items() if k != LANE or self.show_lane)
            bar.append("  ·  filter ")
            bar.append_text(literal(self.query_text, "reverse"))
            bar.append(f" {shown} match{'' if shown == 1 else 'es'}")
        self.query_one("#job-bar", TextLine).set_text(bar)

    # -- the focused card -------------------------------------------------------------------------------

    def on_card_list_focused(self, message: CardList.Focused) -> None:
        self._current = message.card_list
        column = message.card_list.parent
        if isinstance(column, StageColumn):
            self.query_one("#columns", ColumnStrip).scroll_to_widget(column, animate=False)

    def column(self, key: ColumnKey) -> StageColumn:
        """The column of a stage id (or LANE)."""
        return self._columns[key]

    @property
    def current_card(self) -> BoardCard | None:
        return self._current.current if self._current is not None else None

    def _focus_list(self, cards: CardList) -> None:
        """Focus a column's list now, not after the next refresh: the next key typed ahead acts on it."""
        self.set_focus(cards, scroll_visible=False)
        self._current = cards

    def _focus_card(self, application_id: int) -> bool:
        card = self.cards.get(application_id)
        column = self._columns.get(column_of(card)) if card is not None else None
        if column is None or not column.display:
            return False
        index = column.cards.index_of(card)
        if index < 0:
            return False
        self._focus_list(column.cards)
        column.cards.move_cursor_to(index)
        return True

    def action_column(self, step: int) -> None:
        columns = [c for c in self._columns.values() if c.display]
        if not columns:
            return
        current = self._current.parent if self._current is not None else None
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + step))]
        if target is current:
            return
        row = self._current.cursor - int(self._current.scroll_offset.y) // CARD_HEIGHT if self._current else 0
        top = int(target.cards.scroll_offset.y) // CARD_HEIGHT
        target.cards.cursor = max(0, min(top + max(0, row), len(target.cards.cards) - 1))
        self._focus_list(target.cards)

    # -- filter, lane, jobs, detail, add -----------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#board-filter", Input)
        if self.focused is field:  # a `/` typed in the filter is part of it (after the keys before it)
            field.post_message(events.Key("slash", "/"))
            return
        field.disabled = False
        field.display = True
        self.set_focus(field)  # at once: letters typed right after `/` belong to the filter

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "board-filter":
            return
        self.query_text = event.value.strip().casefold()
        self.refresh_columns(list(self._columns), keep=self.current_card)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "board-filter":
            self._focus_back()

    def action_clear_filter(self) -> None:
        field = self.query_one("#board-filter", Input)
        had_filter = bool(field.value) or field.display
        field.value = ""
        field.display = False
        field.disabled = True
        if had_filter:
            self.query_text = ""
            self.refresh_columns(list(self._columns), keep=self.current_card)
        self._focus_back()

    def _focus_back(self) -> None:
        """Back from the filter field to the cards: the focused column while it shows a card, else the first
        column that does (so `>` and `enter` act on a match at once, never on "No matches")."""
        current = self._current
        if current is not None and current.parent is not None and current.parent.display and current.cards:
            self._focus_list(current)
            return
        first = next((c.cards for c in self._columns.values() if c.display and c.cards.cards), None)
        if first is not None:
            self._focus_list(first)
            first.move_cursor_to(0)
        else:
            self._focus_initial(None)

    def action_toggle_lane(self) -> None:
        lane = self._columns.get(LANE)
        if lane is None:
            return
        self.show_lane = not self.show_lane
        lane.display = self.show_lane
        strip = self.query_one("#columns", ColumnStrip)
        strip.fit_columns()
        if self.show_lane:
            self.refresh_columns([LANE])
            self._focus_list(lane.cards)
            self.call_after_refresh(strip.scroll_to_widget, lane, animate=False)
        else:
            if self._current is lane.cards:
                self._focus_initial(None)
            self._update_bar()

    def action_jobs(self) -> None:
        from pipeline_tui.screens.board.job_switcher import JobSwitcher

        def chosen(job_id: int | None) -> None:
            if job_id is not None:
                self.open_job(job_id)

        self._push(JobSwitcher(current=self.job.id if self.job else None), chosen)

    def action_open(self) -> None:
        card = self.current_card
        if card is not None:
            # Loaded on first use (with the dialogs it opens), not at start-up.
            from pipeline_tui.screens.person.screen import PersonScreen

            # The person screen can add notes, edit or erase the person: show the card as it is now.
            app_id = card.application.id
            self._push(PersonScreen(card.candidate_id, app_id), lambda _: self.reload_card(app_id), card=card)

    def action_import_file(self) -> None:
        """`i`: import applicants from a CSV/JSON file into this job, then show the board as it is now."""
        if self.job is None:
            self.notify("Open a job first (o)")
            return
        job_id = self.job.id
        # The import machinery (file sniffing, column mapping) is loaded on first use, not at start-up.
        from pipeline_tui.screens.shared.import_dialog import ImportDialog

        def imported(result: object | None) -> None:
            if result is not None and self.job is not None and self.job.id == job_id:
                self.open_job(job_id)

        self._push(ImportDialog("applicants", job_id=job_id), imported)

    def action_add(self) -> None:
        if self.job is None:
            self.notify("Open a job first (o)", markup=False)
            return
        from pipeline_tui.screens.board.applicant_form import ApplicantForm

        job = self.job

        def added(application_id: int | None) -> None:
            if application_id is None or self.job is None or self.job.id != job.id:
                return
            self.reload_card(application_id, focus=True)

        self._push(ApplicantForm(job), added)
