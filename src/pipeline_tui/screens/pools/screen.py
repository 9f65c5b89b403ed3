"""The talent-pool browser: the sourcers' screen (the recruiting-CRM half).

Left, the pools with member counts and the built-in segments; in the middle, the query bar and a virtualised
table of the selected pool (pages fetched from the store as the user scrolls, so a million people cost no
more than a hundred); right, a preview of the focused person. Bulk actions work on the marked people, or on
the focused one when nobody is marked; each is one store call (one transaction) and says what it changed.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.query import ProspectQuery, parse_query
from pipeline_tui.core.records import BulkResult, PoolRecord, ProspectPreview, SegmentRecord
from pipeline_tui.core.segments import SEGMENTS, SORT_COLUMNS
from pipeline_tui.screens.pools.pool_delete import PoolDeleteModal
from pipeline_tui.screens.pools.pool_form import PoolFormModal
from pipeline_tui.screens.pools.pool_picker import pool_picker
from pipeline_tui.screens.pools.pool_status import status_picker
from pipeline_tui.screens.pools.prospect_export import ExportModal
from pipeline_tui.screens.pools.prospect_form import ProspectAdded, ProspectFormModal
from pipeline_tui.screens.pools.prospect_handoff import job_picker
from pipeline_tui.screens.pools.prospect_merge import MergeModal
from pipeline_tui.screens.pools.prospect_tag_manager import TagManagerModal
from pipeline_tui.screens.pools.prospect_tags import TagInputModal
from pipeline_tui.screens.pools.prospect_touch import Touch, TouchModal
from pipeline_tui.screens.shared.import_dialog import ImportDialog
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.services.export import export_selection
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.prospect_table import COLUMNS, ProspectTable

QUERY_DELAY = 0.25
# Up to about this many people the side list's counts are read with it; above, a worker fills them in.
SIDE_COUNTS_INLINE = 50_000
# Bulk actions and ctrl+a on at least this many people run in a worker (the screen stays responsive).
BACKGROUND_ABOVE = 2_000
NARROW = 110
SORT_TITLES = {c.key: c.title.lower() for c in COLUMNS}
QUERY_HELP = 'words · tag:x -tag:y · status:contacted · pool:"Data Eng" · source:referral'


class PoolsScreen(Screen):
    """Browse pools and segments, search, select, and act on prospects in bulk."""

    CSS_PATH = "pools.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search", tooltip="Focus the query bar"),
        Binding("ctrl+a", "select_all", "Select all", tooltip="Mark every person matching the filter"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear the marks, then the query"),
        Binding("plus", "add_tags", "+Tag", tooltip="Add tags to the marked people"),
        Binding("minus", "remove_tags", "-Tag", tooltip="Remove tags from the marked people"),
        Binding("p", "add_to_pool", "To pool", tooltip="Add the marked people to a pool"),
        Binding("P", "remove_from_pool", "Out of pool", show=False, tooltip="Remove the marked from a pool"),
        Binding("s", "set_status", "Status", tooltip="Set the pool status of the marked people"),
        Binding("c", "touch", "Touch", tooltip="Log a touch: contacted today, with channel and note"),
        Binding("a", "handoff", "Hand over", tooltip="Hand the marked people over to an open job"),
        Binding("n", "new_prospect", "New", tooltip="Add a prospect"),
        Binding("e", "export", "Export", show=False, tooltip="Export the marked people to CSV or JSON"),
        Binding("m", "merge", "Merge", show=False, tooltip="Merge two marked records of one person"),
        Binding("T", "manage_tags", "Tags", show=False, tooltip="Rename and merge tags"),
        Binding("o", "cycle_sort", "Sort", show=False, tooltip="Sort by the next column"),
        Binding("O", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("v", "toggle_preview", "Preview", show=False, tooltip="Show or hide the preview pane"),
        Binding("N", "new_pool", "New pool", show=False, tooltip="Create a pool"),
        Binding("R", "rename_pool", "Rename pool", show=False, tooltip="Rename the selected pool"),
        Binding("D", "describe_pool", "Describe pool", show=False, tooltip="Edit the pool's description"),
        Binding("X", "delete_pool", "Delete pool", show=False, tooltip="Delete the pool (people stay)"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Re-read everything from the database"),
        Binding(
            "i", "import_file", "Import", show=False, tooltip="Import prospects from CSV/JSON into this pool"
        ),
        Binding(
            "ctrl+e",
            "privacy_export",
            "Privacy export",
            show=False,
            tooltip="All data held on the focused person",
        ),
        Binding(
            "E", "privacy_erase", "Erase person", show=False, tooltip="Anonymise the focused person (privacy)"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: int | str = "all"
        self.query_text = ""
        self.parsed: ProspectQuery = ProspectQuery()
        self.pools: list[PoolRecord] = []
        self.segments: list[SegmentRecord] = []
        self.preview_choice: bool | None = None
        self._query_timer: Timer | None = None
        self._filling_side = False
        self._side_generation = 0
        self._counts_pending = False
        # Member counts last shown per side-list key ("seg:all", "pool:7"), kept while new ones are counted.
        self._known_counts: dict[str, int] = {}
        self._preview_id: int | None = -1
        self._busy = False  # a bulk action or ctrl+a is running in a worker
        self._summary_shape: tuple[int, int] | None = None

    # -- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="pools-body"):
            with Vertical(id="pools-side"):
                yield Static("Talent pools", classes="pane-title")
                yield OptionList(id="pool-list")
                yield Static("N new · R rename · D describe · X delete", id="side-hint")
            with Vertical(id="pools-main"):
                yield Input(placeholder=f"/ search: {QUERY_HELP}", id="query")
                yield Static("", id="pools-summary")
                yield ProspectTable(id="prospects")
            with VerticalScroll(id="preview"):
                yield Static("", id="preview-body")
        yield KeyFooter()

    @property
    def store(self):  # noqa: ANN201 - the app's Store
        return self.app.store

    @property
    def table(self) -> ProspectTable:
        return self.query_one("#prospects", ProspectTable)

    @property
    def current_pool(self) -> PoolRecord | None:
        if isinstance(self.view, int):
            return next((p for p in self.pools if p.id == self.view), None)
        return None

    def on_mount(self) -> None:
        remembered = self.app.state.get(self.app.db_key, "last_pool") if hasattr(self.app, "state") else None
        self.view = "all"
        self._load_side()
        if isinstance(remembered, int) and any(p.id == remembered for p in self.pools):
            self.view = remembered
        elif isinstance(remembered, str) and remembered in SEGMENTS:
            self.view = remembered
        self._highlight_view()
        self._load_table()
        self._apply_width(self.size.width)
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        visible = self.preview_choice if self.preview_choice is not None else width >= NARROW
        self.set_class(not visible, "no-preview")
        self.set_class(width < NARROW, "narrow")

    # -- loading ----------------------------------------------------------------------------------------

    def _load_side(self) -> None:
        """The side list. Below SIDE_COUNTS_INLINE people the counts come with it; above, the names are drawn
        at once and a worker fills in the counts (a million memberships take ~0.1-0.2 s to count)."""
        self._side_generation += 1
        if self.store.prospects.people_estimate() < SIDE_COUNTS_INLINE:
            self.pools = self.store.pools.list_pools()
            self.segments = self.store.prospects.segments()
            self._counts_pending = False
        else:
            self.pools = self.store.pools.list_pools(counts=False)
            self._counts_pending = True
            self._fill_side_counts(self._side_generation)
        self._draw_side()

    def _draw_side(self) -> None:
        """The side list's options; while counts are on their way the last known ones are shown, dimmed."""
        if not self._counts_pending:
            self._known_counts = {f"seg:{seg.key}": seg.member_count for seg in self.segments}
            self._known_counts.update({f"pool:{p.id}": p.member_count for p in self.pools})
        options: list[Option | None] = []
        for key, name in SEGMENTS.items():
            options.append(Option(self._side_label(Text(name), f"seg:{key}"), id=f"seg:{key}"))
        options.append(None)
        for pool in self.pools:
            options.append(
                Option(self._side_label(literal(pool.name), f"pool:{pool.id}"), id=f"pool:{pool.id}")
            )
        side = self.query_one("#pool-list", OptionList)
        self._filling_side = True
        try:
            side.set_options(options)
            self._highlight_view()
        finally:
            self._filling_side = False

    def _side_label(self, label: Text, key: str) -> Text:
        n = self._known_counts.get(key)
        if n is not None:
            label.append(f"  {n:,}", style="dim")
        elif self._counts_pending:
            label.append("  …", style="dim")
        return label

    @work(thread=True, exclusive=True, group="side-counts", exit_on_error=False)
    def _fill_side_counts(self, generation: int) -> None:
        """Count pool members and segments off the UI thread (SQLite lets the UI run meanwhile)."""
        try:
            pools = self.store.pools.list_pools()
            segments = self.store.prospects.segments()
        except PipelineError as exc:
            self.app.call_from_thread(self._side_counts_failed, generation, str(exc))
            return
        self.app.call_from_thread(self._side_counts_arrived, generation, pools, segments)

    def _side_counts_arrived(
        self, generation: int, pools: list[PoolRecord], segments: list[SegmentRecord]
    ) -> None:
        if generation != self._side_generation or not self.is_mounted:
            return  # a newer list was asked for meanwhile; its own worker brings its counts
        self.pools, self.segments, self._counts_pending = pools, segments, False
        self._draw_side()

    def _side_counts_failed(self, generation: int, message: str) -> None:
        if generation == self._side_generation and self.is_mounted:
            self._counts_pending = False
            self.notify(f"could not count the pools: {message}", severity="warning", markup=False)

    def _highlight_view(self) -> None:
        side = self.query_one("#pool-list", OptionList)
        key = f"pool:{self.view}" if isinstance(self.view, int) else f"seg:{self.view}"
        try:
            index = side.get_option_index(key)
        except Exception:  # the pool went away: fall back to everyone
            self.view = "all"
            index = side.get_option_index("seg:all")
        self._filling_side = True
        try:
            side.highlighted = index
        finally:
            self._filling_side = False

    def _fetch(self) -> Callable[[int, int], list]:
        view, parsed, table = self.view, self.parsed, self.table
        sort, descending = table.sort, table.descending
        store = self.store

        def fetch(offset: int, limit: int) -> list:
            try:
                return store.prospects.page(
                    view, parsed, sort=sort, descending=descending, offset=offset, limit=limit
                )
            except PipelineError:
                return []

        return fetch

    def _load_table(self, *, keep_cursor: bool = False) -> None:
        table = self.table
        try:
            total = self.store.prospects.count(self.view, self.parsed)
        except PipelineError as exc:
            self.notify(str(exc), severity="error", markup=False)
            total = 0
        table.empty_text = (
            "No one matches this search."
            if not self.parsed.is_empty
            else "No one here yet: n adds a prospect, p from another view adds people."
        )
        table.load(self._fetch(), total, keep_cursor=keep_cursor)
        self._update_summary()
        # The preview now, in this same update (one layout for the whole screen), re-read as the data may
        # have changed; the table's CursorMoved for the same person then has nothing left to do.
        row = table.cursor_row
        self._show_preview(row.id if row else None, force=True)

    def _reload(self, *, side: bool = True) -> None:
        if side:
            self._load_side()
        self._load_table(keep_cursor=True)

    def _update_summary(self) -> None:
        table = self.table
        pool = self.current_pool
        text = Text()
        if pool is not None:
            text.append_text(literal(pool.name, "bold"))
        else:
            text.append(SEGMENTS.get(str(self.view), ""), style="bold")
        text.append(f" · {table.total:,} {'person' if table.total == 1 else 'people'}")
        if table.selected:
            text.append(f" · {len(table.selected):,} marked", style="bold")
        arrow = "▼" if table.descending else "▲"
        text.append(f" · sort {SORT_TITLES.get(table.sort, table.sort)} {arrow}", style="dim")
        if pool is not None and pool.description:
            text.append("\n")
            text.append_text(literal(pool.description, "italic dim"))
        summary = self.query_one("#pools-summary", Static)
        # Same number of lines, none wrapping: the height stays, so no layout of the whole screen is needed.
        width = summary.content_region.width
        lines = text.plain.split("\n")
        shape = (len(lines), width) if width and all(cell_len(line) < width for line in lines) else None
        summary.update(text, layout=shape is None or shape != self._summary_shape)
        self._summary_shape = shape

    # -- preview ----------------------------------------------------------------------------------------

    def _show_preview(self, candidate_id: int | None, *, force: bool = False) -> None:
        """The focused person's preview; `force` re-reads it even when that person is already shown."""
        if candidate_id == self._preview_id and not force:
            return
        self._preview_id = candidate_id
        body = self.query_one("#preview-body", Static)
        if candidate_id is None:
            body.update(Text("Nobody in focus.", style="dim"))
            return
        try:
            preview = self.store.prospects.preview(candidate_id)
        except PipelineError as exc:
            body.update(literal(str(exc), "dim"))
            return
        body.update(render_preview(preview))

    @on(ProspectTable.CursorMoved)
    def _cursor_moved(self, event: ProspectTable.CursorMoved) -> None:
        self._show_preview(event.row.id if event.row else None)

    @on(ProspectTable.SelectionChanged)
    def _selection_changed(self) -> None:
        self._update_summary()

    @on(ProspectTable.SortRequested)
    def _sort_requested(self, event: ProspectTable.SortRequested) -> None:
        table = self.table
        if table.sort == event.column:
            table.descending = not table.descending
        else:
            table.sort, table.descending = event.column, False
        self._load_table()

    # -- side list --------------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#pool-list")
    def _side_moved(self, event: OptionList.OptionHighlighted) -> None:
        if self._filling_side or event.option.id is None:
            return
        kind, _, key = event.option.id.partition(":")
        view: int | str = int(key) if kind == "pool" else key
        if view == self.view:
            return
        self.view = view
        self.table.set_selection(set())
        self.app.state.set(self.app.db_key, "last_pool", view)
        self._load_table()

    @on(OptionList.OptionSelected, "#pool-list")
    def _side_chosen(self) -> None:
        self.table.focus()

    # -- query ------------------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._query_timer is not None:
            self._query_timer.stop()
        self._query_timer = self.set_timer(QUERY_DELAY, lambda: self._apply_query(event.value))

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if self._query_timer is not None:
            self._query_timer.stop()
        self._apply_query(event.value)
        self.table.focus()

    def _apply_query(self, value: str) -> None:
        if value == self.query_text:
            return
        self.query_text = value
        self.parsed = parse_query(value)
        self.table.set_selection(set())
        self._load_table()

    def action_clear(self) -> None:
        query = self.query_one("#query", Input)
        if query.has_focus:
            self.table.focus()
            return
        if self.table.selected:
            self.table.set_selection(set())
            return
        if query.value:
            query.value = ""
            self._apply_query("")

    # -- selection --------------------------------------------------------------------------------------

    def _targets(self) -> list[int]:
        """The marked people, or the focused one when nobody is marked."""
        table = self.table
        if table.selected:
            return sorted(table.selected)
        row = table.cursor_row
        if row is None:
            self.notify("No one to act on here.", severity="warning")
            return []
        return [row.id]

    def action_select_all(self) -> None:
        """ctrl+a: mark everyone matching the filter. Big results are gathered by a worker (a million ids
        take about a second) while the screen stays responsive; a result for a view left meanwhile is
        dropped."""
        if self.table.total < BACKGROUND_ABOVE:
            try:
                ids = self.store.prospects.matching_ids(self.view, self.parsed)
            except PipelineError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._mark_all(self.view, self.parsed, ids)
            return
        if self._refuse_while_busy():
            return
        self._busy = True
        self.notify(f"marking all {self.table.total:,} matching…", markup=False)
        self._gather_all(self.view, self.parsed)

    @work(thread=True, group="bulk", exit_on_error=False)
    def _gather_all(self, view: int | str, parsed: ProspectQuery) -> None:
        try:
            ids = self.store.prospects.matching_ids(view, parsed)
        except PipelineError as exc:
            self._from_worker(self._background_failed, str(exc), "")
            return
        except Exception:
            self._from_worker(self._background_failed, "could not mark them: the database did not answer", "")
            raise
        self._from_worker(self._marked_in_background, view, parsed, ids)

    def _marked_in_background(self, view: int | str, parsed: ProspectQuery, ids: list[int]) -> None:
        self._busy = False
        if (view, parsed) != (self.view, self.parsed):
            self.notify("the view changed meanwhile: nobody was marked", severity="warning")
            return
        self._mark_all(view, parsed, ids)

    def _mark_all(self, view: int | str, parsed: ProspectQuery, ids: list[int]) -> None:
        self.table.set_selection(set(ids))
        self.notify(f"marked all {len(ids):,} matching", markup=False)

    def _refuse_while_busy(self) -> bool:
        if self._busy:
            self.notify("Still working on the last action; try again in a moment.", severity="warning")
        return self._busy

    def _from_worker(self, callback: Callable, *args: object) -> None:
        """Hand a worker's result to the UI thread (nothing to do if the app has closed meanwhile)."""
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            pass

    def _run(
        self,
        action: Callable[[], BulkResult],
        *,
        clear: bool = False,
        title: str = "",
        side: bool = True,
        size: int = 1,
    ) -> BulkResult | None:
        """Run one store action (one transaction); say what it changed, or why nothing changed, and show the
        result. From BACKGROUND_ABOVE people on, a worker runs it while the screen stays responsive (a touch
        on 10,000 people takes over a second): "working…" now, the result when it is committed."""
        if size >= BACKGROUND_ABOVE:
            if self._refuse_while_busy():
                return None
            self._busy = True
            self.notify(f"working on {size:,} people…", title=title, markup=False)
            self._run_in_background(action, clear, title, side)
            return None
        try:
            result = action()
        except PipelineError as exc:
            self.notify(plain(str(exc)), title=title or "Not done", severity="error", markup=False)
            return None
        self._show_result(result, clear, title, side)
        return result

    @work(thread=True, group="bulk", exit_on_error=False)
    def _run_in_background(
        self, action: Callable[[], BulkResult], clear: bool, title: str, side: bool
    ) -> None:
        try:
            result = action()
        except PipelineError as exc:
            self._from_worker(self._background_failed, str(exc), title)
            return
        except Exception:
            self._from_worker(self._background_failed, "not done: the database did not answer", title)
            raise
        self._from_worker(self._background_done, result, clear, title, side)

    def _background_done(self, result: BulkResult, clear: bool, title: str, side: bool) -> None:
        self._busy = False
        if self.is_mounted:
            self._show_result(result, clear, title, side)

    def _background_failed(self, message: str, title: str) -> None:
        self._busy = False
        self.notify(plain(message), title=title or "Not done", severity="error", markup=False)

    def _show_result(self, result: BulkResult, clear: bool, title: str, side: bool) -> None:
        self.notify(plain(result.message) or "done", title=title, markup=False)
        if clear:
            self.table.selected.clear()
        # Tags and statuses change no count in the side list: skip re-counting 500 pools for them.
        self._reload(side=side)

    # -- bulk actions -----------------------------------------------------------------------------------

    def _tag_lookup(self, stem: str) -> list:
        return self.store.tags.all_tags(prefix=stem, limit=20)

    def action_add_tags(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(tags: list[str] | None) -> None:
            if tags:
                self._run(lambda: self.store.tags.tag(ids, tags), title="Tags", side=False, size=len(ids))

        self.app.push_screen(TagInputModal("Add tags", len(ids), self._tag_lookup), done)

    def action_remove_tags(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(tags: list[str] | None) -> None:
            if tags:
                self._run(lambda: self.store.tags.untag(ids, tags), title="Tags", side=False, size=len(ids))

        self.app.push_screen(TagInputModal("Remove tags", len(ids), self._tag_lookup), done)

    def action_add_to_pool(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(key: str | None) -> None:
            if key:
                self._run(lambda: self.store.pools.add_to_pool(int(key), ids), title="Pools", size=len(ids))

        who = f"{len(ids)} {'person' if len(ids) == 1 else 'people'}"
        pools = self.store.pools.list_pools()
        self.app.push_screen(
            pool_picker(
                f"Add {who} to a pool", pools, exclude=self.view if isinstance(self.view, int) else None
            ),
            done,
        )

    def action_remove_from_pool(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(key: str | None) -> None:
            if key:
                self._run(
                    lambda: self.store.pools.remove_from_pool(int(key), ids),
                    clear=True,
                    title="Pools",
                    size=len(ids),
                )

        who = f"{len(ids)} {'person' if len(ids) == 1 else 'people'}"
        pools = self.store.pools.list_pools()
        if isinstance(self.view, int):
            pools.sort(key=lambda p: p.id != self.view)
        self.app.push_screen(pool_picker(f"Remove {who} from a pool", pools), done)

    def action_set_status(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def set_in(pool_id: int, pool_name: str) -> None:
            def done(status: str | None) -> None:
                if status:
                    self._run(
                        lambda: self.store.pools.set_status(pool_id, ids, status),
                        title="Pool status",
                        side=False,
                        size=len(ids),
                    )

            self.app.push_screen(status_picker(pool_name, len(ids)), done)

        pool = self.current_pool
        if pool is not None:
            set_in(pool.id, pool.name)
            return
        pools = self.store.pools.list_pools()

        def picked(key: str | None) -> None:
            chosen = next((p for p in pools if str(p.id) == key), None)
            if chosen is not None:
                set_in(chosen.id, chosen.name)

        self.app.push_screen(pool_picker("Set the status in which pool?", pools), picked)

    def action_touch(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(touch: Touch | None) -> None:
            if touch:
                self._run(
                    lambda: self.store.activities.log_touch(ids, touch.channel, touch.note),
                    title="Touch",
                    size=len(ids),
                )

        self.app.push_screen(TouchModal(len(ids)), done)

    def action_export(self) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(plain(message), title="Export", markup=False)

        self.app.push_screen(
            ExportModal(
                len(ids), "prospects.csv", lambda path, fmt: export_selection(self.store, ids, path, fmt)
            ),
            done,
        )

    def action_handoff(self) -> None:
        ids = self._targets()
        if not ids:
            return
        pool = self.current_pool
        source = f"pool: {pool.name}" if pool else "talent pools"
        jobs = self.store.jobs.list_jobs(statuses=("open",))

        def done(key: str | None) -> None:
            if key:
                self._run(
                    lambda: self.store.prospects.handoff(int(key), ids, pool_id=pool.id if pool else None),
                    clear=True,
                    title="Hand over",
                    size=len(ids),
                )

        self.app.push_screen(job_picker(jobs, len(ids), source), done)

    def action_merge(self) -> None:
        table = self.table
        marked = sorted(table.selected)
        row = table.cursor_row
        if len(marked) == 1 and row is not None and row.id != marked[0]:
            marked.append(row.id)
        if len(marked) != 2:
            self.notify("Mark exactly two records of the same person to merge them.", severity="warning")
            return
        try:
            first, second = (self.store.prospects.preview(i) for i in marked)
        except PipelineError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def done(choice: tuple[int, int] | None) -> None:
            if choice:
                keep, drop = choice
                if self._run(lambda: self.store.prospects.merge(keep, drop), clear=True, title="Merge"):
                    self._show_preview(keep, force=True)

        self.app.push_screen(MergeModal(first, second), done)

    def action_new_prospect(self) -> None:
        def done(added: ProspectAdded | None) -> None:
            if added:
                self.notify(plain(added.message), title="Prospect", markup=False)
                self._reload()
                self._show_preview(added.candidate_id, force=True)

        self.app.push_screen(ProspectFormModal(self.current_pool), done)

    def action_manage_tags(self) -> None:
        def done(changed: bool | None) -> None:
            if changed:
                self._reload()

        self.app.push_screen(TagManagerModal(), done)

    # -- sorting and panes ------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        table = self.table
        index = SORT_COLUMNS.index(table.sort) if table.sort in SORT_COLUMNS else -1
        table.sort, table.descending = SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)], False
        self._load_table()

    def action_reverse_sort(self) -> None:
        self.table.descending = not self.table.descending
        self._load_table()

    def action_toggle_preview(self) -> None:
        self.preview_choice = self.has_class("no-preview")
        self._apply_width(self.size.width)

    def action_reload(self) -> None:
        self._reload()

    def action_import_file(self) -> None:
        """`i`: import prospects into the selected pool from a CSV, JSON or JSON Resume file."""
        pool = self._need_pool()
        if pool is None:
            return
        self.app.push_screen(
            ImportDialog("prospects", pool_id=pool.id), lambda result: result and self._reload()
        )

    def _focused_person(self) -> int | None:
        row = self.table.cursor_row
        if row is None:
            self.notify("No one to act on here.", severity="warning")
            return None
        return row.id

    def action_privacy_export(self) -> None:
        """`ctrl+e`: everything held about the focused person, as JSON, for a data request."""
        candidate_id = self._focused_person()
        if candidate_id is not None:
            self.app.push_screen(PrivacyExportDialog(candidate_id))

    def action_privacy_erase(self) -> None:
        """`E`: anonymise the focused person everywhere, after a typed confirmation."""
        candidate_id = self._focused_person()
        if candidate_id is not None:
            self.app.push_screen(PrivacyEraseDialog(candidate_id), lambda result: result and self._reload())

    # -- pools ------------------------------------------------------------------------------------------

    def action_new_pool(self) -> None:
        def done(pool: PoolRecord | None) -> None:
            if pool:
                self.notify(f"created pool {plain(pool.name)}", title="Pools", markup=False)
                self.view = pool.id
                self.table.set_selection(set())
                self._load_side()
                self._load_table()

        self.app.push_screen(
            PoolFormModal(
                "New pool", lambda name, desc: self.store.pools.create_pool(name, description=desc or None)
            ),
            done,
        )

    def _need_pool(self) -> PoolRecord | None:
        pool = self.current_pool
        if pool is None:
            self.notify(
                "Pick a pool in the side list first (segments cannot be changed).", severity="warning"
            )
        return pool

    def action_rename_pool(self) -> None:
        pool = self._need_pool()
        if pool is None:
            return

        def done(saved: PoolRecord | None) -> None:
            if saved:
                self.notify(f"renamed {plain(pool.name)} to {plain(saved.name)}", title="Pools", markup=False)
                self._reload()

        self.app.push_screen(
            PoolFormModal(
                "Rename pool",
                lambda name, _desc: self.store.pools.rename_pool(pool.id, name),
                name=pool.name,
                fields=("name",),
            ),
            done,
        )

    def action_describe_pool(self) -> None:
        pool = self._need_pool()
        if pool is None:
            return

        def done(saved: PoolRecord | None) -> None:
            if saved:
                self.notify(f"described {plain(saved.name)}", title="Pools", markup=False)
                self._reload()

        self.app.push_screen(
            PoolFormModal(
                "Describe pool",
                lambda _name, desc: self.store.pools.describe_pool(pool.id, desc),
                name=pool.name,
                description=pool.description or "",
                fields=("description",),
            ),
            done,
        )

    def action_delete_pool(self) -> None:
        pool = self._need_pool()
        if pool is None:
            return
        try:
            pool = self.store.pools.get(pool.id)  # its member count now, for the question
        except PipelineError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                n = self.store.pools.delete_pool(pool.id)
            except PipelineError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                f"deleted pool {plain(pool.name)} ({n} memberships); nobody was deleted",
                title="Pools",
                markup=False,
            )
            self.view = "all"
            self.table.set_selection(set())
            self._load_side()
            self._load_table()

        self.app.push_screen(PoolDeleteModal(pool), done)


def render_preview(p: ProspectPreview) -> Text:
    """The focused person: contact details, tags, pools, recent activities and applications."""
    c = p.candidate
    t = literal(c.full_name, "bold")
    t.append(f"  #{c.id}\n", style="dim")
    role = " at ".join(x for x in (plain(c.current_title), plain(c.current_company)) if x)
    if role:
        t.append_text(literal(role))
        t.append("\n")
    for label, value in (
        ("E-mail", c.email),
        ("Phone", c.phone),
        ("Location", c.location),
        ("Source", c.source),
        ("LinkedIn", c.linkedin_url),
        ("GitHub", c.github_url),
        ("Website", c.website_url),
    ):
        if value:
            t.append(f"{label}: ", style="dim")
            t.append_text(literal(value))
            t.append("\n")
    t.append("Contacted: ", style="dim")
    t.append(f"{c.last_contacted_at:%Y-%m-%d}\n" if c.last_contacted_at else "never\n")
    t.append("Added: ", style="dim")
    t.append(f"{c.created_at:%Y-%m-%d}\n")
    t.append("\nTags\n", style="bold")
    t.append_text(literal(", ".join(p.tags) if p.tags else "none", "" if p.tags else "dim"))
    t.append("\n\nPools\n", style="bold")
    if not p.pools:
        t.append("none\n", style="dim")
    for m in p.pools:
        t.append("  ")
        t.append_text(literal(m.pool_name))
        t.append(f" · {m.status.replace('_', ' ')}\n", style="dim")
    t.append("\nApplications\n", style="bold")
    if not p.applications:
        t.append("none\n", style="dim")
    for a in p.applications:
        t.append("  ")
        t.append_text(literal(a.job_title))
        t.append(" · ")
        t.append_text(literal(a.stage_name))
        t.append(f" ({a.application.status})\n", style="dim")
    if c.summary:
        t.append("\nNotes\n", style="bold")
        t.append_text(literal(c.summary, multiline=True))
        t.append("\n")
    t.append("\nActivity\n", style="bold")
    if not p.activities:
        t.append("none\n", style="dim")
    for act in p.activities:
        t.append(f"  {act.at:%Y-%m-%d} {act.kind}", style="dim")
        first = plain(act.body.splitlines()[0] if act.body else "")
        if first:
            t.append(": ")
            t.append_text(literal(first))
        t.append("\n")
    return t
