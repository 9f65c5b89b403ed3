"""The stage board: one job's pipeline as columns, one card per applicant, moved by keyboard or mouse.

The screen keeps each column's cards in memory (sorted as the store orders them: who entered the stage first
is on top) and writes every change through the store at once. A change replaces the one card it touched
from the record the store returns and redraws only the columns involved; the board is never reloaded for a
move. A failed write (someone else changed the card, or a rule refused it) is announced and that card is
reloaded from the database.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from pipeline_tui.core.errors import NotFound, PipelineError
from pipeline_tui.core.records import ApplicationRecord, BoardCard, JobRecord, StageRecord
from pipeline_tui.screens.board.applicant import ApplicantScreen
from pipeline_tui.screens.board.applicant_form import ApplicantForm
from pipeline_tui.screens.board.job_switcher import JobSwitcher
from pipeline_tui.screens.board.reject import RejectChoice, RejectModal
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
    card_order,
)

CLOSED = ("rejected", "withdrawn")
STATUS_LABEL = {"open": "Open", "on_hold": "On hold", "draft": "Draft", "closed": "Closed"}


@dataclass(frozen=True)
class Done:
    """One undoable change made in this session: which application, on which job's board."""

    application_id: int
    job_id: int
    name: str
    what: str


def _haystack(card: BoardCard) -> str:
    parts = [card.full_name, card.current_company, card.current_title, card.application.source, *card.tags]
    return "\n".join(p for p in parts if p).casefold()


class BoardScreen(Screen):
    """Mode "board" of the app. Holds the open job, its cards per column and the session's undo stack."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("greater_than_sign,shift+right", "move(1)", "Move →"),
        Binding("less_than_sign,shift+left", "move(-1)", "Move ←", show=False),
        Binding("x", "reject", "Reject"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("slash", "filter", "Filter"),
        Binding("o", "jobs", "Jobs"),
        Binding("c", "toggle_lane", "Closed lane"),
        Binding("question_mark", "app.toggle_keys", "Keys", key_display="?"),
        Binding("left,h", "column(-1)", "Column left", show=False),
        Binding("right,l", "column(1)", "Column right", show=False),
        Binding("r", "reopen", "Reopen", show=False),
        Binding("s", "rate", "Rate (0-3 stars)", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("enter", "open", "Open applicant", show=False),
        Binding("n", "add", "Add applicant", show=False),
        Binding("i", "import_file", "Import applicants (CSV/JSON)", show=False),
    ]

    # Screen.focused repaints the whole screen on every focus change; on the board the focus follows each
    # moved card into the next column, and the two lists involved (and their headers) restyle and redraw
    # themselves. Without the full repaint a move redraws only what changed.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        self.job: JobRecord | None = None
        self.stages: list[StageRecord] = []
        self.show_lane = False
        self.query_text = ""
        self.undo_stack: list[Done] = []
        self._cards: dict[ColumnKey, list[BoardCard]] = {}
        self._by_id: dict[int, BoardCard] = {}  # every card of the open job, by application id
        self._statuses: Counter[str] = Counter()
        self._hay: dict[int, str] = {}
        self._versions: dict[int, int] = {}  # version each application had after this session's last write
        self._columns: dict[ColumnKey, StageColumn] = {}
        self._current: CardList | None = None
        self._own_overlay = False  # a dialog or the detail screen of this board is on top
        self._left = False  # another screen (pools, palette) was shown over this board since it was drawn

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
        job_id = self.app.state.get(self.app.db_key, "last_job")
        job = None
        if isinstance(job_id, int):
            try:
                job = self.app.store.jobs.get(job_id)
            except PipelineError:
                job = None
        if job is None:
            jobs = self.app.store.jobs.list_jobs()
            job = jobs[0].job if jobs else None
        if job is None:
            self._show_empty(
                "This database has no jobs yet. Run `pipeline-tui demo` to try the board on demo data, "
                "or `pipeline-tui seed --demo --db FILE` to fill a database."
            )
            return
        self.open_job(job.id)

    def on_screen_suspend(self) -> None:
        if not self._own_overlay:
            self._left = True

    def on_screen_resume(self) -> None:
        """Back from the pools screen (or the palette): others may have changed the pipeline, so reload.
        Back from this board's own dialogs: nothing else changed, keep everything as it is. Textual resumes
        a screen more than once while it starts; only a resume after a suspension reloads (a 5,000-card job
        costs a quarter of a second to load)."""
        if self._own_overlay:
            self._own_overlay = False
            return
        if self._left and self.job is not None:
            card = self.current_card
            self.open_job(self.job.id, focus_application=card.application.id if card else None)
        self._left = False

    def _push(self, screen, callback=None) -> None:  # noqa: ANN001 - a screen of this board and its result
        self._own_overlay = True
        self.app.push_screen(screen, callback)

    def _show_empty(self, message: str) -> None:
        empty = self.query_one("#board-empty", Static)
        empty.update(message)
        empty.display = True
        self.query_one("#columns").display = False
        self.query_one("#job-bar", TextLine).set_text(Text("No job"))

    # -- loading ----------------------------------------------------------------------------------------

    def open_job(self, job_id: int, *, focus_application: int | None = None) -> None:
        """Show a job's board (all its applicants in one query) and remember it as the last job."""
        store = self.app.store
        try:
            job = store.jobs.get(job_id)
            stages = store.jobs.stages(job_id)
            cards = store.applications.board(job_id, include_closed=True)
        except PipelineError as exc:
            self.notify(plain(str(exc)), severity="error", title="Cannot open the job", markup=False)
            return
        self.job, self.stages = job, stages
        self.app.state.set(self.app.db_key, "last_job", job_id)
        self.sub_title = plain(job.title)
        self._cards = {stage.id: [] for stage in stages}
        self._cards[LANE] = []
        self._by_id = {card.application.id: card for card in cards}
        self._statuses = Counter(card.application.status for card in cards)
        self._hay.clear()  # filled in on the first filter: 6,500 cards cost ~40 ms to index at start-up
        columns = self._cards
        for card in cards:  # already in board order, so appending keeps every list sorted
            application = card.application
            key = LANE if application.status in CLOSED else application.stage_id
            column = columns.get(key)
            if column is None:
                column = columns[key] = []
            column.append(card)
        empty = self.query_one("#board-empty")
        if empty.display:
            empty.display = False
        holder = self.query_one("#columns", ColumnStrip)
        if not holder.display:
            holder.display = True
        holder.remove_children()
        self._columns = {stage.id: StageColumn(stage.id, stage.name, stage=stage) for stage in stages}
        self._columns[LANE] = StageColumn(LANE, "Rejected / withdrawn")
        self._columns[LANE].display = self.show_lane
        warn, alert = self.app.settings.stale_warn_days, self.app.settings.stale_alert_days
        # Widths set before mounting: the first layout is the right one (no second pass to fit them).
        width = holder.column_width(len(stages) + (1 if self.show_lane else 0))
        for column in self._columns.values():
            column.cards.clock = self._clock
            column.cards.stale_days = (warn, alert)
            column.styles.width = width
        self._current = None
        self._refresh_columns(list(self._columns))
        holder.mount_all(self._columns.values())
        self.call_after_refresh(self._focus_initial, focus_application)

    def _clock(self):  # noqa: ANN202 - datetime
        return self.app.clock()

    def _focus_initial(self, application_id: int | None) -> None:
        if application_id is not None and self._focus_card(application_id):
            return
        for key, column in self._columns.items():
            if key != LANE and column.cards.cards:
                column.cards.focus()
                return
        first = next(iter(self._columns.values()), None)
        if first is not None:
            first.cards.focus()

    def _key_for(self, card: BoardCard) -> ColumnKey:
        return LANE if card.application.status in CLOSED else card.application.stage_id

    def _visible(self, key: ColumnKey) -> list[BoardCard]:
        cards = self._cards.get(key, [])
        if not self.query_text:
            return cards
        needle = self.query_text
        hay = self._hay
        return [
            c
            for c in cards
            if needle in (hay.get(c.application.id) or hay.setdefault(c.application.id, _haystack(c)))
        ]

    def _refresh_columns(self, keys: list[ColumnKey], keep: BoardCard | None = None) -> None:
        for key in dict.fromkeys(keys):
            column = self._columns.get(key)
            if column is None:
                continue
            visible = self._visible(key)
            column.cards.empty_text = "No matches" if self.query_text else "No applicants"
            column.cards.set_cards(
                visible, keep=keep if keep is not None and self._key_for(keep) == key else None
            )
            column.set_count(len(visible), len(self._cards.get(key, [])), bool(self.query_text))
        self._update_bar()

    def _update_bar(self) -> None:
        if self.job is None:
            return
        active, hired = self._statuses["active"], self._statuses["hired"]
        closed = self._statuses["rejected"] + self._statuses["withdrawn"]
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append_text(literal(self.job.title, "bold"))
        bar.append(f"  {STATUS_LABEL.get(self.job.status, self.job.status)}", style="italic")
        bar.append(f"  ·  {active} active · {hired} hired · {closed} rejected/withdrawn")
        if self.query_text:
            shown = sum(len(c.cards.cards) for k, c in self._columns.items() if k != LANE or self.show_lane)
            bar.append("  ·  filter ")
            bar.append_text(literal(self.query_text, "reverse"))
            bar.append(f" {shown} match{'' if shown == 1 else 'es'}")
        self.query_one("#job-bar", TextLine).set_text(bar)

    # -- the focused card -------------------------------------------------------------------------------

    @on(CardList.Focused)
    def _column_focused(self, message: CardList.Focused) -> None:
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

    def _focus_card(self, application_id: int) -> bool:
        card = self._by_id.get(application_id)
        column = self._columns.get(self._key_for(card)) if card is not None else None
        if column is None or not column.display:
            return False
        index = column.cards.index_of(card)
        if index < 0:
            return False
        column.cards.focus()
        column.cards.move_cursor_to(index)
        self._current = column.cards
        return True

    def _ordered_columns(self) -> list[StageColumn]:
        return [c for c in self._columns.values() if c.display]

    def action_column(self, step: int) -> None:
        columns = self._ordered_columns()
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
        target.cards.focus()

    # -- writing ----------------------------------------------------------------------------------------

    def _write(
        self,
        card: BoardCard,
        change: Callable[[], ApplicationRecord],
        *,
        undo: str | None,
        follow: bool = True,
    ) -> BoardCard | None:
        """Save one change; on success swap in the returned record, on failure say why and reload the card."""
        try:
            record = change()
        except PipelineError as exc:
            self.notify(plain(str(exc)), severity="warning", title="Not saved", markup=False)
            self.reload_card(card.application.id)
            return None
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not end the session
            self.notify(plain(f"could not save: {exc}"), severity="error", title="Not saved", markup=False)
            self.reload_card(card.application.id)
            return None
        self._versions[record.id] = record.version
        if undo is not None:
            self.undo_stack.append(Done(record.id, record.job_id, card.full_name, undo))
        new = card.model_copy(update={"application": record})
        self._put(new, follow=follow)
        return new

    def reload_card(self, application_id: int) -> None:
        """Bring one card back in line with the database (after someone else changed it)."""
        try:
            card = self.app.store.applications.card(application_id)
        except NotFound:
            old = self._by_id.get(application_id)
            if old is not None:
                self._refresh_columns([self._take(old)])
            return
        except PipelineError as exc:
            self.notify(plain(str(exc)), severity="error", markup=False)
            return
        if self.job is not None and card.application.job_id == self.job.id:
            self._put(card, follow=False)

    def _put(self, card: BoardCard, *, follow: bool) -> None:
        """Replace (or add) one card in memory and redraw only the columns it left and entered."""
        app_id = card.application.id
        old = self._by_id.get(app_id)
        focused_here = self.current_card is not None and self.current_card.application.id == app_id
        old_key = self._take(old) if old is not None else None
        new_key = self._key_for(card)
        insort(self._cards.setdefault(new_key, []), card, key=card_order)
        self._by_id[app_id] = card
        self._statuses[card.application.status] += 1
        self._hay.pop(app_id, None)  # indexed again when next filtered
        keys = [new_key] if old_key is None else [old_key, new_key]
        self._refresh_columns(keys, keep=card if (follow or focused_here) else None)
        if follow and not self._focus_card(app_id) and old_key is not None:
            column = self._columns.get(old_key)
            if column is not None and column.display:
                column.cards.focus()

    def _take(self, card: BoardCard) -> ColumnKey:
        """Remove one card from memory (found by binary search in its sorted column); returns its column."""
        key = self._key_for(card)
        cards = self._cards.get(key, [])
        index = bisect_left(cards, card_order(card), key=card_order)
        if not (index < len(cards) and cards[index].application.id == card.application.id):
            index = next(i for i, c in enumerate(cards) if c.application.id == card.application.id)
        del cards[index]
        del self._by_id[card.application.id]
        self._statuses[card.application.status] -= 1
        return key

    def _target_stage(self, card: BoardCard, step: int) -> StageRecord | None:
        ids = [s.id for s in self.stages]
        if card.application.stage_id not in ids:
            return None
        index = ids.index(card.application.stage_id) + step
        return self.stages[index] if 0 <= index < len(self.stages) else None

    def action_move(self, step: int) -> None:
        card = self.current_card
        if card is None:
            return
        if card.application.status in CLOSED:
            self.notify(
                f"{plain(card.full_name)} is {card.application.status}: press r to reopen first", markup=False
            )
            return
        target = self._target_stage(card, step)
        if target is None:
            self.notify("Already in the " + ("last" if step > 0 else "first") + " stage", markup=False)
            return
        self.move_card(card, target)

    def move_card(self, card: BoardCard, target: StageRecord) -> None:
        store = self.app.store
        self._write(
            card,
            lambda: store.applications.move_to_stage(
                card.application.id, target.id, card.application.version
            ),
            undo=f"move to {target.name}",
        )

    @on(CardList.Dropped)
    def _dropped(self, message: CardList.Dropped) -> None:
        card = self._by_id.get(message.application_id)
        if card is None:
            return
        if message.target == LANE:
            self.action_reject()
            return
        target = next((s for s in self.stages if s.id == message.target), None)
        if target is None:
            return
        if card.application.status in CLOSED:
            self.notify(
                f"{plain(card.full_name)} is {card.application.status}: press r to reopen first", markup=False
            )
            return
        self.move_card(card, target)

    def action_reject(self) -> None:
        card = self.current_card
        if card is None:
            return
        if card.application.status != "active":
            self.notify(f"{plain(card.full_name)} is already {card.application.status}", markup=False)
            return
        try:
            reasons = self.app.store.applications.rejection_reasons()
        except PipelineError as exc:
            self.notify(plain(str(exc)), severity="error", markup=False)
            return

        def done(choice: RejectChoice | None) -> None:
            if choice is None:
                return
            store = self.app.store
            version = card.application.version
            if choice.category == "withdrew":
                change = lambda: store.applications.withdraw(  # noqa: E731
                    card.application.id, choice.reason_id, version, note=choice.note
                )
                what = "withdrawn"
            else:
                change = lambda: store.applications.reject(  # noqa: E731
                    card.application.id, choice.reason_id, version, note=choice.note
                )
                what = "rejected"
            if self._write(card, change, undo=what, follow=False) is not None:
                self.notify(
                    f"{plain(card.full_name)} {what}: {plain(choice.reason_name)} (u undoes)", markup=False
                )

        self._push(RejectModal(card.full_name, reasons), done)

    def action_reopen(self) -> None:
        card = self.current_card
        if card is None:
            return
        if card.application.status == "active":
            self.notify(
                f"{plain(card.full_name)} is active; r reopens rejected, withdrawn or hired applicants",
                markup=False,
            )
            return
        store = self.app.store
        new = self._write(
            card,
            lambda: store.applications.reopen(card.application.id, card.application.version),
            undo="reopen",
        )
        if new is not None:
            self.notify(f"{plain(card.full_name)} reopened", markup=False)

    def action_rate(self) -> None:
        card = self.current_card
        if card is None:
            return
        store = self.app.store
        rating = (card.application.rating + 1) % 4
        self._write(
            card,
            lambda: store.applications.set_rating(card.application.id, rating, card.application.version),
            undo=None,
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo in this session", markup=False)
            return
        done = self.undo_stack.pop()
        if self.job is None or done.job_id != self.job.id:
            self.open_job(done.job_id, focus_application=done.application_id)
        store = self.app.store
        expected = self._versions.get(done.application_id)
        card = self._by_id.get(done.application_id)
        if card is None:
            try:
                card = store.applications.card(done.application_id)
            except PipelineError as exc:
                self.notify(plain(str(exc)), severity="warning", markup=False)
                return
        new = self._write(
            card, lambda: store.applications.undo_last_move(done.application_id, expected), undo=None
        )
        if new is not None:
            self._versions[done.application_id] = new.application.version
            self.notify(f"Undone: {plain(done.name)} {plain(done.what)}", markup=False)
            self.call_after_refresh(self._focus_card, done.application_id)

    # -- filter, lane, jobs, detail, add -----------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#board-filter", Input)
        field.disabled = False
        field.display = True
        field.focus()

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip().casefold()
        keep = self.current_card
        self._refresh_columns(list(self._columns), keep=keep)

    @on(Input.Submitted, "#board-filter")
    def _filter_done(self) -> None:
        self._focus_back()

    def action_clear_filter(self) -> None:
        field = self.query_one("#board-filter", Input)
        had_filter = bool(field.value) or field.display
        field.value = ""
        field.display = False
        field.disabled = True
        if had_filter:
            self.query_text = ""
            keep = self.current_card
            self._refresh_columns(list(self._columns), keep=keep)
        self._focus_back()

    def _focus_back(self) -> None:
        if self._current is not None and self._current.parent is not None and self._current.parent.display:
            self._current.focus()
        else:
            self._focus_initial(None)

    def action_toggle_lane(self) -> None:
        lane = self._columns.get(LANE)
        if lane is None:
            return
        self.show_lane = not self.show_lane
        lane.display = self.show_lane
        self.query_one("#columns", ColumnStrip).fit_columns()
        if self.show_lane:
            self._refresh_columns([LANE])
            lane.cards.focus()
            self.call_after_refresh(
                self.query_one("#columns", ColumnStrip).scroll_to_widget, lane, animate=False
            )
        else:
            if self._current is lane.cards:
                self._focus_initial(None)
            self._update_bar()

    def action_jobs(self) -> None:
        def chosen(job_id: int | None) -> None:
            if job_id is not None:
                self.open_job(job_id)

        self._push(JobSwitcher(current=self.job.id if self.job else None), chosen)

    def action_open(self) -> None:
        card = self.current_card
        if card is not None:
            # The detail screen can add notes or erase the person (privacy): show the card as it is now.
            self._push(ApplicantScreen(card.application.id), lambda _: self.reload_card(card.application.id))

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
        job = self.job

        def added(application_id: int | None) -> None:
            if application_id is None or self.job is None or self.job.id != job.id:
                return
            self.reload_card(application_id)
            self.call_after_refresh(self._focus_card, application_id)

        self._push(ApplicantForm(job), added)
