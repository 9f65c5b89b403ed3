"""The Activity screen (mode "activity", key `6`): who did what, when, newest first, from the change log.

The header says what is shown ("Activity · all jobs · everyone · every kind · 200 shown"); `m` picks a team
member, `k` a kind, `j` a job, `esc` clears them. Rows are read 200 at a time below the last one shown (a
keyset page), the next page as the cursor nears the end. Others' changes arrive live (screens/live.py): the
ones the filters let through are put on top, the cursor staying on its row and the view where it was; a
burst too big for one batch re-reads the first page, keeping the cursor's row if it is still there. Shown
again after another screen, it reads again (changes of this user are not sent live). `enter` opens the
person a row is about, else its job's board. On the jobs screen `a` shows one job's activity over it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Static

from pipeline_tui.core.change_records import ChangeBatch, ChangeRecord
from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.screens.activity.filters import PAGE, ActivityFilter
from pipeline_tui.screens.activity.pickers import ActivityJobPicker, Choice, kind_picker, member_picker
from pipeline_tui.screens.activity.rows import COLUMNS, column_widths, row_cells
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from pipeline_tui.screens.reports.job_picker import PickedJob
    from pipeline_tui.store import Store

READING = "reading…"
NOT_READ = "not read (ctrl+r reads again)"
NEAR_END = 20  # the next page is read once the cursor is this close to the last row
NOTHING_YET = "Nothing done yet: what everyone changes (moves, rejections, edits) is listed here."
NOTHING_MATCHES = "No activity matches: esc clears the filters."


def job_titles(store: Store, job_ids: set[int]) -> dict[int, str]:
    """The titles of jobs a live batch names (the batch carries their ids only)."""
    titles: dict[int, str] = {}
    for job_id in job_ids:
        try:
            titles[job_id] = store.jobs.get(job_id).title
        except PipelineError:
            continue  # gone meanwhile: the row says "job N"
    return titles


class ActivityTable(DataTable):
    """The changes, newest first (row key: the change's sequence number)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", tooltip="The person, or else the job's board"),
        # A row table: home and end go to the first and last row (the DataTable's go left and right).
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row (reads the next page)", show=False),
    ]


class ActivityScreen(StoreWork, Screen):
    """The activity feed of everyone, or of what `start` names; the filters can be changed from there."""

    CSS_PATH = "activity.tcss"
    AUTO_FOCUS = "#activity-table"
    BINDINGS = [
        Binding("6", "app.show_tool('activity')", "Activity", show=False),
        Binding("m", "pick_member", "Member", tooltip="One team member's changes, or everyone's"),
        Binding("k", "pick_kind", "Kind", tooltip="One kind of change (moved, rejected, …), or every kind"),
        Binding("j", "pick_job", "Job", tooltip="One job's activity, or all jobs"),
        Binding("escape", "clear", "Clear", tooltip="Clear the filters"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Read the activity again"),
    ]

    def __init__(self, start: ActivityFilter | None = None) -> None:
        super().__init__()
        self.start = start or ActivityFilter()
        self.filter = self.start
        self.rows: list[ChangeRecord] = []  # newest first, as shown
        self.zone = user_zone()
        self._asked = 0  # the number of the latest first-page read; an older one's result is dropped
        self._read = False  # the first page of this filter has arrived
        self._failed = False
        self._paging = False  # the next page is being read
        self._exhausted = False  # the last page read was the last one
        self._left = False  # suspended for another screen, not for one of this screen's pickers
        self._titles: dict[int, str] = {}
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="activity-bar")
        yield ActivityTable(id="activity-table", cursor_type="row", zebra_stripes=True)
        empty = Static("", id="activity-empty", markup=False)
        empty.display = False
        yield empty
        yield KeyFooter()

    @property
    def table(self) -> ActivityTable:
        return self.query_one("#activity-table", ActivityTable)

    def on_mount(self) -> None:
        self._width = self.size.width
        self._draw()
        self.load()

    def on_resize(self) -> None:
        if self.size.width != self._width and self.rows:
            self._draw(self.cursor_seq)
        self._width = self.size.width

    def on_screen_suspend(self) -> None:
        self._left = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        if self._left:
            self._left = False
            self.load(keep=self.cursor_seq)  # this user's own changes are not sent live: read them now

    @property
    def cursor_seq(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    # -- reading ------------------------------------------------------------------------------------------

    def load(self, *, keep: int | None = None) -> None:
        """Read the first page of the filter (a newer read wins); the rows shown stay until it arrives."""
        self._asked += 1
        number, wanted = self._asked, self.filter
        self._paging = False
        self.store_work(
            lambda store: store.activity_feed.feed(wanted.query()),
            lambda got: self._first_page(got, number, keep),
            key="activity",
            exclusive=True,
            on_failed=lambda _error: self._not_read(number),
        )

    def _first_page(self, got: list[ChangeRecord], number: int, keep: int | None) -> None:
        if number != self._asked:
            return
        top = got[0].seq if got else 0
        newer = [r for r in self.rows if r.seq > top]  # arrived live while the page was read
        self.rows = newer + list(got)
        self._remember_titles(got)
        self._read, self._failed, self._exhausted = True, False, len(got) < PAGE
        self._draw(keep)

    def _not_read(self, number: int) -> None:
        """The one message has been shown (screens/work.py); the header says nothing new was read."""
        if number == self._asked:
            self._failed = True
            self._draw_bar()

    def _more(self) -> None:
        """The next page below the last row shown, once (the cursor is near the end)."""
        if self._paging or self._exhausted or not self._read or not self.rows:
            return
        self._paging = True
        number, wanted, before = self._asked, self.filter, self.rows[-1].seq
        self.store_work(
            lambda store: store.activity_feed.feed(wanted.query(before)),
            lambda got: self._next_page(got, number),
            key="activity-more",
            on_failed=lambda _error: self._page_failed(number),
        )

    def _next_page(self, got: list[ChangeRecord], number: int) -> None:
        if number != self._asked:
            return  # the first page was read again meanwhile
        self._paging = False
        last = self.rows[-1].seq if self.rows else None
        fresh = [r for r in got if last is None or r.seq < last]
        self._exhausted = len(got) < PAGE
        self._remember_titles(fresh)
        self.rows.extend(fresh)
        now, table = self.pipeline.clock(), self.table
        for change in fresh:
            table.add_row(*self._cells(change, now), key=str(change.seq))
        self._draw_bar()

    def _page_failed(self, number: int) -> None:
        if number == self._asked:
            self._paging = False

    def _remember_titles(self, changes: list[ChangeRecord]) -> None:
        for change in changes:
            if change.job_id is not None and change.job_title is not None:
                self._titles[change.job_id] = change.job_title

    # -- others' changes, live ----------------------------------------------------------------------------

    def changes_arrived(self, batch: ChangeBatch) -> None:
        """Put the batch's changes that the filters let through on top; a burst (or a trim) reads again."""
        if batch.overflow or any(change.is_trim for change in batch.changes):
            self.load(keep=self.cursor_seq)
            return
        fresh = [change for change in batch.changes if self.filter.matches(change)]
        if not fresh:
            return
        wanted = self.filter
        unknown = {c.job_id for c in fresh if c.job_id is not None and c.job_id not in self._titles}
        self.store_work(
            lambda store: job_titles(store, unknown),
            lambda titles: self._prepend(fresh, titles, wanted),
            key="activity-live",
        )

    def _prepend(self, fresh: list[ChangeRecord], titles: dict[int, str], wanted: ActivityFilter) -> None:
        if wanted != self.filter:
            return  # another filter was picked meanwhile: its read lists what it should
        self._titles.update(titles)
        shown = {r.seq for r in self.rows}
        new = [
            replace(c, job_title=self._titles.get(c.job_id) if c.job_id is not None else None)
            for c in fresh
            if c.seq not in shown
        ]
        if new:
            self.rows = sorted(new + self.rows, key=lambda r: r.seq, reverse=True)
            self._draw(self.cursor_seq)

    # -- drawing ------------------------------------------------------------------------------------------

    def _draw(self, keep: int | None = None) -> None:
        """Rebuild the table from `rows`, the cursor on `keep`'s row (if shown) at the same height in view:
        at the very top the view stays on top (new rows show), else it moves with the cursor's row."""
        table = self.table
        was_at, was_scroll = table.cursor_row, table.scroll_y
        now = self.pipeline.clock()
        table.clear(columns=True)
        with_job = self.filter.job_id is None
        widths = column_widths(self.rows, now, self.zone, self.size.width, with_job=with_job)
        for title, width in zip(COLUMNS, widths, strict=False):
            table.add_column(title, key=title.lower(), width=width)
        for change in self.rows:
            table.add_row(*self._cells(change, now), key=str(change.seq))
        if keep is not None and str(keep) in table.rows:
            at = table.get_row_index(str(keep))
            table.move_cursor(row=at, scroll=False)
            target = 0 if was_scroll == 0 else max(was_scroll + at - was_at, 0)
            table.call_after_refresh(table.scroll_to, y=target, animate=False)
        empty = self.query_one("#activity-empty", Static)
        empty.update(NOTHING_MATCHES if self.filter.narrowed else NOTHING_YET)
        empty.display = self._read and not self.rows
        table.display = not empty.display
        if table.display and self.focused is None:
            table.focus()  # hidden while nothing matched, it lost the focus: the keys would reach nothing
        self._draw_bar()

    def _cells(self, change: ChangeRecord, now: datetime) -> tuple[Text, ...]:
        cells = row_cells(change, now, self.zone)
        return cells if self.filter.job_id is None else cells[:-1]  # one job's: no Job column

    def _draw_bar(self) -> None:
        if self._read:
            bar = self.filter.header(f"{len(self.rows):,} shown")
        else:
            bar = self.filter.header(NOT_READ if self._failed else READING, dim=True)
        self.query_one("#activity-bar", Static).update(bar)

    @on(DataTable.RowHighlighted, "#activity-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - NEAR_END:
            self._more()

    # -- keys ---------------------------------------------------------------------------------------------

    def choose(self, wanted: ActivityFilter) -> None:
        """Show `wanted`: its header at once (reading…), its rows once read."""
        if wanted == self.filter:
            return
        self.filter, self.rows = wanted, []
        self._read = self._failed = self._exhausted = False
        self._draw()
        self.load()

    async def action_pick_member(self) -> None:
        def picked(choice: Choice | None) -> None:
            if choice is not None:
                value = choice.value if isinstance(choice.value, int) else None
                self.choose(self.filter.for_member(value, choice.label))

        await push_focused(self.app, member_picker(self.filter.member_id), picked)

    async def action_pick_kind(self) -> None:
        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.choose(self.filter.for_kind(choice.value if isinstance(choice.value, str) else None))

        await push_focused(self.app, kind_picker(self.filter.kind), picked)

    async def action_pick_job(self) -> None:
        def picked(job: PickedJob | None) -> None:
            if job is not None:
                self.choose(self.filter.for_job(job.job_id, job.title))

        await push_focused(self.app, ActivityJobPicker(self.filter.job_id), picked)

    def action_clear(self) -> None:
        """`esc`: back to what the screen started with (everything)."""
        self.choose(self.start)

    def action_reload(self) -> None:
        self.load(keep=self.cursor_seq)

    @on(DataTable.RowSelected, "#activity-table")
    async def _chosen(self, event: DataTable.RowSelected) -> None:
        seq = int(event.row_key.value) if event.row_key.value is not None else None
        change = next((r for r in self.rows if r.seq == seq), None)
        if change is None:
            return
        if change.candidate_id is not None:
            from pipeline_tui.screens.person.screen import PersonScreen

            await push_focused(self.app, PersonScreen(change.candidate_id))
        elif change.job_id is not None:
            await self.pipeline.show_board(change.job_id)
        else:
            self.notify("Nothing to open: this change is about neither a person nor a job")


class JobActivityScreen(ActivityScreen):
    """`a` on the jobs screen: one job's activity over it; `esc` clears other filters, then goes back."""

    BINDINGS = [Binding("escape", "clear", "Back", tooltip="Clear the filters, then back to the jobs")]

    def __init__(self, job_id: int, title: str) -> None:
        super().__init__(ActivityFilter(job_id=job_id, job_title=title))

    def action_clear(self) -> None:
        if self.filter != self.start:
            self.choose(self.start)
        else:
            self.dismiss()
