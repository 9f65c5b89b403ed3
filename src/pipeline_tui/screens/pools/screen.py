"""The talent-pool browser: the sourcers' screen (the recruiting-CRM half).

Left, the pools with member counts and the built-in segments; in the middle, the query bar and a virtualised
table of the selected pool; right, a preview of the focused person. Nothing here waits for the database on
the UI thread: the frame is drawn at once, the count and first page of the table arrive from a worker (keys
typed meanwhile are held by the table and replayed), further pages as they are scrolled to, then the side
list's counts and the preview. Bulk actions (bulk.py) and pool commands (pool_commands.py) go the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static

from pipeline_tui.core.nurture_schedule import local_day
from pipeline_tui.core.query import ProspectQuery, parse_query
from pipeline_tui.core.records import PoolRecord, ProspectRow, SegmentRecord
from pipeline_tui.core.segments import SEGMENTS, SORT_COLUMNS
from pipeline_tui.screens.pools.bulk import BulkActions
from pipeline_tui.screens.pools.live import PoolsLive
from pipeline_tui.screens.pools.pool_commands import PoolCommands
from pipeline_tui.screens.pools.preview_data import Ahead, PreviewData, preview_ahead, preview_or_reason
from pipeline_tui.screens.pools.prospect_enroll import FollowUp
from pipeline_tui.screens.pools.query_hints import NO_MATCH, empty_view_text, no_match_text
from pipeline_tui.screens.pools.screen_styles import adopt_current_styles
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal
from pipeline_tui.widgets.pool_list import PoolList, View
from pipeline_tui.widgets.preview import render_preview
from pipeline_tui.widgets.prospect_table import COLUMNS, PAGE, ProspectTable

QUERY_DELAY = 0.25
# Up to about this many people the side list's counts are read with it; above, a second worker fills them in.
SIDE_COUNTS_INLINE = 50_000
NARROW = 110
SORT_TITLES = {c.key: c.title.lower() for c in COLUMNS}
QUERY_HELP = 'words · tag:x -tag:y · status:contacted · pool:"Data Eng" · source:referral'


@dataclass(frozen=True)
class Listing:
    """One result set of the table (view, query and order): what each of its pages is read with."""

    view: View
    query: ProspectQuery
    sort: str
    descending: bool

    def page(self, store: Store, offset: int, limit: int = PAGE) -> list[ProspectRow]:
        return store.prospects.page(
            self.view, self.query, sort=self.sort, descending=self.descending, offset=offset, limit=limit
        )


def focused_on_page(rows: list[ProspectRow], offset: int, index: int) -> int | None:
    """The id of the row at `index` when it is on the page of `rows` starting at `offset`."""
    return rows[index - offset].id if 0 <= index - offset < len(rows) else None


class PoolsScreen(PoolsLive, PoolCommands, BulkActions, FollowUp, StoreWork, Screen):
    """Browse pools and segments, search, select, and act on prospects in bulk."""

    CSS_PATH = "pools.tcss"
    AUTO_FOCUS = "#prospects"  # the table, also when the screen comes back from a dialog or the board
    BINDINGS = [
        # This tool's own key stays (it closes a person screen over it) but leaves the footer to the others.
        Binding("2,t", "app.show_tool('pools')", "Pools", show=False),
        Binding("slash", "search", "Search", tooltip="Focus the query bar"),
        Binding("ctrl+a", "select_all", "Select all", tooltip="Mark every person matching the filter"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear the marks, then the query"),
        # +/- are in `?`'s panel; the footer's room goes to f (Follow up) at 140 columns.
        Binding("plus", "add_tags", "+Tag", show=False, tooltip="Add tags to the marked people"),
        Binding("minus", "remove_tags", "-Tag", show=False, tooltip="Remove tags from the marked people"),
        Binding("p", "add_to_pool", "To pool", tooltip="Add the marked people to a pool"),
        Binding("P", "remove_from_pool", "Out of pool", show=False, tooltip="Remove the marked from a pool"),
        Binding("s", "set_status", "Status", tooltip="Set the pool status of the marked people"),
        Binding("c", "touch", "Touch", tooltip="Log a touch: contacted today, with channel and note"),
        Binding("a", "handoff", "Hand over", tooltip="Hand the marked people over to an open job"),
        Binding("f", "follow_up", "Follow up", tooltip="Enroll the marked people in a nurture sequence"),
        Binding("n", "new_prospect", "New", tooltip="Add a prospect"),
        Binding("e", "export", "Export", show=False, tooltip="Export the marked people to CSV or JSON"),
        Binding("m", "merge", "Merge", show=False, tooltip="Merge two records of one person (or a pair)"),
        Binding("S", "app.show_sequences", "Sequences", show=False, tooltip="Nurture sequences, replies"),
        Binding("T", "manage_tags", "Tags", show=False, tooltip="Rename and merge tags"),
        Binding("o", "cycle_sort", "Sort", show=False, tooltip="Sort by the next column"),
        Binding("O", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("v", "toggle_preview", "Preview", show=False, tooltip="Show or hide the preview pane"),
        Binding("N", "new_pool", "New pool", show=False, tooltip="Create a pool"),
        Binding("R", "rename_pool", "Rename pool", show=False, tooltip="Rename the selected pool"),
        Binding("D", "describe_pool", "Describe pool", show=False, tooltip="Edit the pool's description"),
        Binding("X", "delete_pool", "Delete pool", show=False, tooltip="Delete the pool (people stay)"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Re-read everything from the database"),
        Binding("enter", "open_person", "Open", show=False, tooltip="Open the focused person's full record"),
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
        adopt_current_styles(self)  # `t` restyles the app once for pools.tcss, not three times
        self.view: View = "all"
        self.query_text = ""
        self.parsed: ProspectQuery = ProspectQuery()
        # The `v` choice: (made while narrow, preview shown), or None for the automatic rule.
        self.preview_choice: tuple[bool, bool] | None = None
        self._query_timer: Timer | None = None
        self._side_generation = 0
        self._listing: Listing | None = None  # the result set asked for last
        self._preview_id: int | None = -1
        self._summary_shape: tuple[int, int] | None = None
        self._counting_later = self._count_again = False  # a segment counted on its own (_count_later)
        self._segment_keys: tuple[str, ...] | None = None  # the segments the store lists (read with the side)

    # -- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="pools-body"):
            with Vertical(id="pools-side"):
                yield Static("Talent pools", classes="pane-title")
                yield PoolList(id="pool-list")
                yield Static("N new · R rename · D describe · X delete", id="side-hint")
            with Vertical(id="pools-main"):
                yield Input(placeholder=f"/ search: {QUERY_HELP}", id="query")
                yield Static("", id="pools-summary")
                yield ProspectTable(id="prospects")
            with VerticalScroll(id="preview"):
                yield Static("", id="preview-body")
        yield KeyFooter()

    @property
    def table(self) -> ProspectTable:
        return self.query_one("#prospects", ProspectTable)

    @property
    def side(self) -> PoolList:
        return self.query_one("#pool-list", PoolList)

    @property
    def pools(self) -> list[PoolRecord]:
        return self.side.pools

    @property
    def current_pool(self) -> PoolRecord | None:
        return self.side.pool(self.view)

    def on_mount(self) -> None:
        remembered = self.pipeline.state.get(self.pipeline.db_key, "last_pool")
        if isinstance(remembered, int) or (isinstance(remembered, str) and remembered in SEGMENTS):
            self.view = remembered  # checked against the pools when the side list arrives
        self._apply_width(self.size.width)
        self.table.focus()
        self._load_table()  # the side list is read once the first page is in: the page comes first

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        """The preview shows when the terminal is wide and hides when it is narrow (the table keeps its
        columns); `v` overrides that for as long as the width stays on the same side of NARROW."""
        narrow = width < NARROW
        if self.preview_choice is not None and self.preview_choice[0] != narrow:
            self.preview_choice = None  # chosen at the other width: back to the automatic rule
        visible = self.preview_choice[1] if self.preview_choice is not None else not narrow
        self.set_class(not visible, "no-preview")
        self.set_class(narrow, "narrow")

    # -- side list --------------------------------------------------------------------------------------

    def _load_side(self) -> None:
        """The side list. Below SIDE_COUNTS_INLINE people the counts come with the names; above, the names
        are drawn first and a second worker counts (a million memberships take ~0.1-0.2 s)."""
        self._side_generation += 1
        generation = self._side_generation

        def read(store: Store) -> tuple[list[PoolRecord], list[SegmentRecord] | None]:
            self._segment_keys = store.prospects.segment_keys()  # no database read: the policy's segment
            if store.prospects.people_estimate() < SIDE_COUNTS_INLINE:
                return store.pools.list_pools(), store.prospects.segments()
            return store.pools.list_pools(counts=False), None

        self.store_work(read, lambda got: self._side_arrived(generation, *got), key="side", exclusive=True)

    def _side_arrived(
        self, generation: int, pools: list[PoolRecord], segments: list[SegmentRecord] | None
    ) -> None:
        if generation != self._side_generation:
            return  # a newer list was asked for meanwhile
        self._show_side(pools, segments)
        if segments is None:
            self.store_work(
                lambda store: (store.pools.list_pools(), store.prospects.segments()),
                lambda got: self._side_counted(generation, *got),
                key="side-counts",
                exclusive=True,
                on_failed=lambda _error: self._side_counted(generation, pools, None),
            )

    def _side_counted(
        self, generation: int, pools: list[PoolRecord], segments: list[SegmentRecord] | None
    ) -> None:
        if generation == self._side_generation:
            self._show_side(pools, segments, counted=True)

    def _show_side(
        self, pools: list[PoolRecord], segments: list[SegmentRecord] | None, *, counted: bool = False
    ) -> None:
        view = self.side.show(
            pools,
            segments,
            self.view,
            counted=counted or segments is not None,
            segment_keys=self._segment_keys,
        )
        if view != self.view:  # the remembered or shown pool is gone: everyone
            self.view = view
            self._load_table()
        else:
            self._update_summary()
        if self.side.waiting:
            self._count_later()

    def _count_later(self) -> None:
        """Segments the side list counts on their own (possible duplicates: a search over everyone), in a
        worker of their own so the browser never waits; one at a time, again if the list was refilled."""
        if self._counting_later:
            self._count_again = True
            return
        self._counting_later, self._count_again = True, False
        waiting = tuple(self.side.waiting)

        def shown(counts: dict[str, int] | None) -> None:
            self._counting_later = False
            if self._count_again:
                self._count_later()
            elif counts is not None:
                self.side.counted_later(counts)

        self.store_work(
            lambda store: {key: store.prospects.segment_count(key[4:]) for key in waiting},
            shown,
            key="side-later",
            on_failed=lambda _error: shown(None),
        )

    @on(PoolList.ViewHighlighted)
    def _side_moved(self, event: PoolList.ViewHighlighted) -> None:
        if event.view == self.view:
            return
        self.view = event.view
        self.table.set_selection(set())
        self.pipeline.state.set(self.pipeline.db_key, "last_pool", event.view)
        self._load_table()

    @on(OptionList.OptionSelected, "#pool-list")
    def _side_chosen(self) -> None:
        self.table.focus()

    # -- table ------------------------------------------------------------------------------------------

    def _load_table(self, *, keep_cursor: bool = False, preview: int | None = None) -> None:
        """Count and first page (the cursor's page with `keep_cursor`) of the view under the query, in one
        worker; `preview` is who the preview shows afterwards (default: the cursor's person). The same
        worker reads that preview too, so the page and the preview arrive as one message and one redraw."""
        table = self.table
        listing = Listing(self.view, self.parsed, table.sort, table.descending)
        cursor = table.cursor if keep_cursor else 0  # keys typed meanwhile are held: it stays put
        offset = cursor // PAGE * PAGE
        self._listing = listing
        table.hold("load")

        def read(store: Store) -> tuple[int, list[ProspectRow], str, Ahead | None]:
            total = store.prospects.count(listing.view, listing.query)
            # An empty result of a search says why when a tag or status in it does not exist.
            empty = no_match_text(store, listing.query) if not total and not listing.query.is_empty else ""
            rows = listing.page(store, offset)
            focus = preview if preview is not None else focused_on_page(rows, offset, min(cursor, total - 1))
            return total, rows, empty, preview_ahead(store, focus) if focus is not None else None

        self.store_work(
            read,
            lambda got: self._table_arrived(listing, offset, keep_cursor, preview, *got),
            key="table",
            exclusive=True,
            on_failed=lambda _error: self._table_arrived(listing, 0, keep_cursor, None, 0, [], "", None),
        )

    def _table_arrived(
        self,
        listing: Listing,
        offset: int,
        keep_cursor: bool,
        preview: int | None,
        total: int,
        rows: list[ProspectRow],
        no_match: str,
        ahead: Ahead | None,
    ) -> None:
        if listing is not self._listing:
            return  # a newer result set is on its way
        table = self.table
        table.empty_text = (
            no_match or NO_MATCH if not listing.query.is_empty else empty_view_text(listing.view)
        )
        table.load(listing, total, rows, offset=offset, keep_cursor=keep_cursor)
        if not self._side_generation:
            # After this frame (the first page), not before it: filling 500 options takes Textual ~0.1 s.
            self.call_after_refresh(self._load_side)
        self._update_summary()
        # The preview re-read now (the data may have changed); the table's CursorMoved for the same person
        # then has nothing left to do.
        row = table.cursor_row
        self._show_preview(
            preview if preview is not None else row.id if row else None, force=True, ahead=ahead
        )

    @on(ProspectTable.PageWanted)
    def _page_wanted(self, event: ProspectTable.PageWanted) -> None:
        listing: Listing = event.source
        offset, limit = event.offset, event.limit
        self.store_work(
            lambda store: listing.page(store, offset, limit),
            lambda rows: self.table.add_page(listing, offset, rows),
            key=f"page-{offset}",
            on_failed=lambda _error: self.table.add_page(listing, offset, []),
        )

    def _reload(self, *, side: bool = True, preview: int | None = None) -> None:
        if side:
            self._load_side()
        self._load_table(keep_cursor=True, preview=preview)

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

    def _show_preview(
        self, candidate_id: int | None, *, force: bool = False, ahead: Ahead | None = None
    ) -> None:
        """The focused person's preview, read by a worker (or `ahead`, read with the page, when it is that
        person's); `force` re-reads it when already shown."""
        if candidate_id == self._preview_id and not force:
            return
        self._preview_id = candidate_id
        if candidate_id is None:
            self.query_one("#preview-body", Static).update(Text("Nobody in focus.", style="dim"))
            return
        if ahead is not None and ahead[0] == candidate_id:
            self._preview_arrived(candidate_id, ahead[1])
            return
        self.store_work(
            lambda store: preview_or_reason(store, candidate_id),
            lambda preview: self._preview_arrived(candidate_id, preview),
            key="preview",
            exclusive=True,
        )

    def _preview_arrived(self, candidate_id: int, data: PreviewData | str) -> None:
        if candidate_id != self._preview_id:
            return  # the cursor moved on meanwhile
        body = self.query_one("#preview-body", Static)
        if isinstance(data, str):
            body.update(literal(data, "dim"))
        else:
            body.update(render_preview(data.preview, data.sequence, local_day(self.pipeline.clock())))

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
        self.preview_choice = (self.size.width < NARROW, self.has_class("no-preview"))
        self._apply_width(self.size.width)

    def action_reload(self) -> None:
        self._reload()
