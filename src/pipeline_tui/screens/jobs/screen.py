"""The jobs screen (mode "jobs", key `3`): every job with its team and pipeline counts.

The store lists the jobs of the chosen statuses in a worker; the screen sorts them (a handful to a few
thousand rows) and redraws the table. `enter` opens the job's board.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from pipeline_tui.core.records import JobSummary, StatusChange, TeamMemberRecord
from pipeline_tui.screens.jobs.listing import (
    COLUMN_KEYS,
    COLUMNS,
    NARROW,
    NARROW_WIDTHS,
    STATUS_WORD,
    Column,
    JobFilter,
    detail_line,
    row_cells,
    sort_key,
)
from pipeline_tui.screens.jobs.live import JobsLive
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal

SEARCH_DELAY = 0.15  # seconds without a key before the typed search is read
NO_JOBS = "No jobs yet. Press n to create one: its title, team and stages (from a template)."
NO_MATCH = "No job matches. f changes the status filter, esc clears the search."


def read_jobs(store: Store, listing: JobFilter) -> tuple[list[JobSummary], bool]:
    """The jobs of this listing, and whether the database holds any job at all (for the empty state)."""
    jobs = store.jobs.list_jobs(statuses=listing.statuses, text=listing.text, member_id=listing.member_id)
    return jobs, bool(jobs) or bool(store.jobs.list_jobs())


class JobTable(DataTable):
    """The jobs, one row each (row key: the job id); enter opens the board."""

    BINDINGS = [Binding("enter", "select_cursor", "Open board", tooltip="Open this job's stage board")]


class JobsScreen(JobsLive, StoreWork, Screen):
    """Lists, filters and sorts jobs; opens a job's board."""

    CSS_PATH = "jobs.tcss"
    AUTO_FOCUS = "#jobs-table, #jobs-empty"
    BINDINGS = [
        # This tool's own key stays but leaves the footer to the others.
        Binding("3", "app.show_tool('jobs')", "Jobs", show=False),
        # Priority, as on the board: handled as the app reads the key, so `/ab` typed in one burst searches "ab".
        # Priority, like `/`: the dialog is mounted before the next key is handed on, so a title typed
        # right after `n` lands in it (in the search field these letters are typed, not acted on).
        Binding("n", "new_job", "New job", priority=True, tooltip="Create a job: details, team, stages"),
        Binding("e", "edit_job", "Edit", priority=True, tooltip="Edit the focused job's details and team"),
        Binding("s", "set_status", "Status", priority=True, tooltip="Open, hold, fill, close or reopen"),
        Binding("p", "stages", "Stages", priority=True, tooltip="Add, rename, reorder, remove its stages"),
        Binding(
            "i",
            "interview_plan",
            "Plan",
            priority=True,
            tooltip="Interview plan: rounds, focus attributes, questions",
        ),
        Binding("m", "my_jobs", "My jobs", tooltip="Only the jobs you are on the team of (again: all)"),
        Binding("slash", "search", "Search", priority=True, tooltip="Filter by title, department, team"),
        Binding("f", "cycle_status", "Status filter", tooltip="open, on hold, draft, closed + filled, all"),
        Binding("o", "cycle_sort", "Sort", tooltip="Sort by the next column (or click a header)"),
        Binding("O", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Leave, then clear the search"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Re-read the jobs from the database"),
        Binding("a", "activity", "Activity", priority=True, tooltip="Who did what on the focused job, when"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing = JobFilter()
        self.sort = "status"
        self.descending = False
        self.jobs: list[JobSummary] = []
        self.any_jobs = False
        self._loaded = False
        self._narrow = False  # the table was drawn with the narrow columns
        self._search_timer: Timer | None = None
        self._board_job: object = None  # the board's job when this screen last showed (see on_screen_resume)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="jobs-bar", markup=False)
        yield Input(placeholder="/ search: title, department, location, team (esc leaves)", id="jobs-query")
        table = JobTable(id="jobs-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="jobs-detail", markup=False)
        empty = Static("", id="jobs-empty", markup=False)
        empty.can_focus = True  # holds the focus while no job is listed (not the search field: `n` acts)
        empty.display = False
        yield empty
        yield KeyFooter()

    @property
    def table(self) -> JobTable:
        return self.query_one("#jobs-table", JobTable)

    def on_mount(self) -> None:
        self._board_job = self.pipeline.state.get(self.pipeline.db_key, "last_job")
        self.load(focus_job=self._board_job if isinstance(self._board_job, int) else None)

    def on_resize(self, event: events.Resize) -> None:
        if self._loaded and (event.size.width < NARROW) != self._narrow:
            self._draw(self.current_job_id)

    @property
    def shown_columns(self) -> list[Column]:
        return [c for c in COLUMNS if c.narrow or not self._narrow]

    def on_screen_resume(self) -> None:
        """Reload (the board or the pools may have changed counts meanwhile), on the job the board showed
        last if it changed since: `3` after switching boards acts on the job just looked at."""
        board_job = self.pipeline.state.get(self.pipeline.db_key, "last_job")
        moved = isinstance(board_job, int) and board_job != self._board_job
        self._board_job = board_job
        if self._loaded:
            self.load(focus_job=board_job if moved else None)

    # -- loading ----------------------------------------------------------------------------------------

    def load(self, *, focus_job: int | None = None) -> None:
        """Read the jobs of the current listing in a worker (a newer listing wins), then draw them."""
        listing = self.listing
        keep = focus_job if focus_job is not None else self.current_job_id
        self.store_work(
            lambda store: read_jobs(store, listing),
            lambda got: self._arrived(listing, keep, *got),
            key="jobs",
            exclusive=True,
        )

    def _arrived(self, listing: JobFilter, keep: int | None, jobs: list[JobSummary], any_jobs: bool) -> None:
        if listing != self.listing:
            return
        self.jobs, self.any_jobs, self._loaded = jobs, any_jobs, True
        self._draw(keep)

    def _draw(self, keep: int | None) -> None:
        """Rebuild the table, columns included (their headers carry the sort arrow; the narrow terminal
        shows fewer), keeping the cursor on `keep`."""
        now = self.pipeline.clock()
        rows = sorted(self.jobs, key=sort_key(self.sort, now), reverse=self.descending)
        self._narrow = self.size.width < NARROW
        columns = self.shown_columns
        table = self.table
        table.clear(columns=True)
        for column in columns:
            arrow = (" ▼" if self.descending else " ▲") if column.key == self.sort else ""
            width = NARROW_WIDTHS.get(column.key) if self._narrow else None
            table.add_column(Text(column.title + arrow), key=column.key, width=width)
        for summary in rows:
            cells = row_cells(summary, now)
            table.add_row(*(cells[c.key] for c in columns), key=str(summary.job.id))
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        empty = self.query_one("#jobs-empty", Static)
        empty.update(NO_JOBS if not self.any_jobs else NO_MATCH)
        empty.display = not rows
        table.display = bool(rows)
        if self.focused is (empty if rows else table) or self.focused is None:
            self.set_focus(table if rows else empty)
        self.query_one("#jobs-detail").display = bool(rows)
        self._update_bar(len(rows))
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one("#jobs-detail", Static).update(detail_line(self.current_job))

    @on(DataTable.RowHighlighted, "#jobs-table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _update_bar(self, shown: int) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append("Jobs", style="bold")
        bar.append(f"  status: {self.listing.status_label}")
        if self.listing.member_id is not None:
            bar.append("  ·  my jobs", style="bold")
        if self.listing.text:
            bar.append("  ·  search ")
            bar.append_text(literal(self.listing.text, "reverse"))
        bar.append(f"  ·  {shown} job{'' if shown == 1 else 's'}")
        title = next(c.title for c in COLUMNS if c.key == self.sort).lower()
        bar.append(f"  ·  sort {title} {'▼' if self.descending else '▲'}", style="dim")
        self.query_one("#jobs-bar", Static).update(bar)

    @property
    def current_job_id(self) -> int | None:
        table = self.table
        if not table.row_count or not table.display:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    @property
    def current_job(self) -> JobSummary | None:
        job_id = self.current_job_id
        return next((s for s in self.jobs if s.job.id == job_id), None)

    # -- filter and sort --------------------------------------------------------------------------------

    def _typed_in_search(self, key: str, character: str) -> bool:
        """A priority key typed in the search field is part of the search: handed on to it, in order."""
        field = self.query_one("#jobs-query", Input)
        if self.focused is not field:
            return False
        field.post_message(events.Key(key, character))
        return True

    async def _open_dialog(self, dialog: Screen, callback=None) -> None:  # noqa: ANN001 - its result
        """Push a dialog and wait until it is mounted and focused: keys typed meanwhile go to it."""
        await push_focused(self.app, dialog, callback)

    def action_search(self) -> None:
        if self._typed_in_search("slash", "/"):
            return
        self.set_focus(self.query_one("#jobs-query", Input))  # at once: the letters typed after `/` go there

    @on(Input.Changed, "#jobs-query")
    def _query_changed(self, event: Input.Changed) -> None:
        """Searched once typing pauses: each key re-reading and redrawing 2,000 jobs took 0.5 s."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._search(event.value))

    @on(Input.Submitted, "#jobs-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self._search(event.value)
        self.set_focus(self.table)

    def _search(self, value: str) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self._set_listing(JobFilter(self.listing.status_index, value.strip(), self.listing.member_id))

    def action_clear(self) -> None:
        """`esc`: out of the search to the jobs; with no job to go to (or from the table), clear it."""
        query = self.query_one("#jobs-query", Input)
        if query.has_focus and self.table.display:
            self.set_focus(self.table)
        elif query.value:
            query.value = ""
            self._search("")

    def action_cycle_status(self) -> None:
        self._set_listing(self.listing.next_status())

    def _set_listing(self, listing: JobFilter) -> None:
        if listing != self.listing:
            self.listing = listing
            self.load()

    def action_cycle_sort(self) -> None:
        index = COLUMN_KEYS.index(self.sort)
        self.sort, self.descending = COLUMN_KEYS[(index + 1) % len(COLUMN_KEYS)], False
        self._draw(self.current_job_id)

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self._draw(self.current_job_id)

    @on(DataTable.HeaderSelected, "#jobs-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = column, False
        self._draw(self.current_job_id)

    def action_reload(self) -> None:
        self.load()

    # -- opening a board --------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#jobs-table")
    async def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            await self.pipeline.show_board(int(event.row_key.value))

    # -- the job form, status, my jobs -----------------------------------------------------------------

    async def action_new_job(self) -> None:
        from pipeline_tui.screens.jobs.job_form import JobForm

        if not self._typed_in_search("n", "n"):
            await self._open_dialog(JobForm(), self._created)

    def _created(self, job_id: int | None) -> None:
        if job_id is None:
            return
        if self.listing.statuses is not None and "open" not in self.listing.statuses:
            self.listing = JobFilter(0, "", self.listing.member_id)  # the new job is open: show it
            self.query_one("#jobs-query", Input).value = ""
        self.load(focus_job=job_id)

    async def action_edit_job(self) -> None:
        from pipeline_tui.screens.jobs.job_form import JobForm

        await self._open_for_current(
            "e", lambda s: JobForm(s.job), lambda job_id: self.load(focus_job=job_id)
        )

    async def action_set_status(self) -> None:
        from pipeline_tui.screens.jobs.job_status import StatusDialog

        await self._open_for_current("s", StatusDialog, self._status_changed)

    async def _open_for_current(self, key: str, make, callback) -> None:  # noqa: ANN001 - dialog, result
        """`e` / `s` / `p` / `i`: the focused job's dialog (typed in the search, the letter is part of it)."""
        if self._typed_in_search(key, key):
            return
        summary = self.current_job
        if summary is None:
            self.notify("No job here: n creates one")
            return
        await self._open_dialog(make(summary), callback)

    def _status_changed(self, change: StatusChange | None) -> None:
        if change is None:
            return
        said = f"‘{change.job.title}’ is now {STATUS_WORD.get(change.job.status, change.job.status)}"
        if change.rejected:
            said += f"; {change.rejected} active applicant{'' if change.rejected == 1 else 's'} rejected"
        self.notify(said)
        self.load(focus_job=change.job.id)

    async def action_stages(self) -> None:
        from pipeline_tui.screens.jobs.stage_editor import StageEditor

        # Back here, the jobs are read again (on_screen_resume): their stage names and counts.
        await self._open_for_current("p", lambda s: StageEditor(s.job.id), None)

    async def action_interview_plan(self) -> None:
        from pipeline_tui.screens.jobs.interview_plan import InterviewPlanScreen

        await self._open_for_current("i", lambda s: InterviewPlanScreen(s.job.id), None)

    async def action_activity(self) -> None:
        from pipeline_tui.screens.activity.screen import JobActivityScreen

        await self._open_for_current("a", lambda s: JobActivityScreen(s.job.id, s.job.title), None)

    def action_my_jobs(self) -> None:
        if self.listing.member_id is not None:
            self._set_listing(JobFilter(self.listing.status_index, self.listing.text, None))
            return
        self.store_work(lambda store: (store.team.current(), store.actor), self._me)

    def _me(self, found: tuple[TeamMemberRecord | None, str]) -> None:
        member, name = found
        if member is None:
            self.notify(f"{name} is not on the team yet: nobody's jobs to show (e adds you to a job's team)")
            return
        self._set_listing(JobFilter(self.listing.status_index, self.listing.text, member.id))
