"""A virtualised table of prospects: only the visible lines are rendered, and rows arrive a page at a time.

The built-in DataTable builds every row up front (seconds at 100k rows). This widget keeps nothing but a few
cached pages: `render_line` draws the rows it has, and for a missing page posts `PageWanted` once; the screen
reads it off the UI thread and hands it back with `add_page`, so scrolling never waits for the database. The
first line is a header that stays put; clicking a column title asks the screen to sort by it.

While a new result set is on its way (`hold("load")` .. `load`), keys typed at the table are held and
replayed when it arrives, so `space` `down` `+` typed ahead act on the rows they were meant for.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pipeline_tui.core.records import ProspectRow
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.widgets.literal import plain

PAGE = 100
CACHED_PAGES = 30


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    min_width: int
    weight: int
    # Lower shows first; columns that do not fit the width are left out from the highest number down.
    priority: int


COLUMNS = (
    Column("name", "Name", 12, 4, 0),
    Column("title", "Title", 9, 4, 2),
    Column("company", "Company", 9, 3, 3),
    Column("location", "Location", 8, 2, 6),
    Column("tags", "Tags", 8, 3, 4),
    # Wide enough for the longest status label ("not interested"); grows for the pool named in a segment.
    Column("status", "Status", 14, 4, 1),
    Column("last_contacted", "Contacted", 10, 0, 5),
    Column("source", "Source", 8, 1, 7),
    Column("added", "Added", 10, 0, 8),
)
MARK_WIDTH = 2
GAP = 1


def cell_text(row: ProspectRow, key: str) -> str:
    """What a column shows for a row, as plain text (user data cleaned of control characters)."""
    if key == "name":
        return plain(row.full_name)
    if key == "title":
        return plain(row.current_title)
    if key == "company":
        return plain(row.current_company)
    if key == "location":
        return plain(row.location)
    if key == "tags":
        return plain(", ".join(row.tags))
    if key == "status":
        # The words of the vocabulary (what `status:` accepts); in a segment, the pool it is furthest in.
        label = PoolStatus.label_of(row.pool_status)
        return f"{label} · {plain(row.status_pool)}" if label and row.status_pool else label
    if key == "last_contacted":
        return f"{row.last_contacted_at:%Y-%m-%d}" if row.last_contacted_at else "never"
    if key == "source":
        return plain(row.source)
    if key == "added":
        return f"{row.added_at:%Y-%m-%d}"
    return ""


def fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class ProspectTable(ScrollView, can_focus=True):
    """Rows of people; space marks, shift+up/down extends the marks, the cursor row drives the preview."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("space", "toggle", "Select", tooltip="Mark or unmark the focused person, then go down"),
        Binding("shift+up", "extend(-1)", "Extend up", show=False),
        Binding("shift+down", "extend(1)", "Extend down", show=False),
    ]

    COMPONENT_CLASSES = {
        "prospect-table--header",
        "prospect-table--cursor",
        "prospect-table--selected",
        "prospect-table--dim",
    }

    DEFAULT_CSS = """
    ProspectTable { height: 1fr; }
    ProspectTable > .prospect-table--header { text-style: bold; background: $panel; color: $text; }
    ProspectTable > .prospect-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ProspectTable:blur > .prospect-table--cursor { background: $block-cursor-blurred-background; }
    ProspectTable > .prospect-table--selected { color: $accent; text-style: bold; }
    ProspectTable > .prospect-table--dim { color: $text-muted; }
    """

    class CursorMoved(Message):
        """The focused person changed (None when the table is empty)."""

        def __init__(self, table: ProspectTable, row: ProspectRow | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class SortRequested(Message):
        def __init__(self, table: ProspectTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

    class SelectionChanged(Message):
        def __init__(self, table: ProspectTable, count: int) -> None:
            super().__init__()
            self.table = table
            self.count = count

    class PageWanted(Message):
        """Rows `offset`..`offset+limit` of the result set `source` (what the screen gave to `load`)."""

        def __init__(self, table: ProspectTable, source: Any, offset: int, limit: int) -> None:
            super().__init__()
            self.table = table
            self.source = source
            self.offset = offset
            self.limit = limit

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source: Any = None
        self._pages: OrderedDict[int, list[ProspectRow]] = OrderedDict()
        self._asked: set[int] = set()
        self.total = 0
        self.cursor = 0
        self.selected: set[int] = set()
        self.sort = "name"
        self.descending = False
        self.empty_text = "No one here yet."
        self._last_cursor_id: int | None = -1
        self._holds: set[str] = set()
        self._held: list[events.Key] = []

    # -- data -------------------------------------------------------------------------------------------

    def hold(self, reason: str) -> None:
        """Something the next keys depend on is on its way (`"load"`: a new result set; `"marking"`: ctrl+a):
        keys typed at the table wait until every reason is released."""
        self._holds.add(reason)

    def release(self, reason: str) -> None:
        """`reason` is over: when nothing else holds the keys, replay the ones typed meanwhile, in order."""
        self._holds.discard(reason)
        if self._holds:
            return
        held, self._held = self._held, []
        for key in held:
            replay = events.Key(key.key, key.character)
            replay.typed_ahead = True  # type: ignore[attr-defined]
            self.app.post_message(replay)

    @property
    def holding(self) -> bool:
        return bool(self._holds)

    def load(
        self, source: Any, total: int, rows: list[ProspectRow], *, offset: int = 0, keep_cursor: bool = False
    ) -> None:
        """Show a new result set (or the same one refreshed after a change): its total and one page of rows
        starting at `offset` (a multiple of PAGE); other pages are asked for as they are drawn."""
        self.source = source
        self._pages.clear()
        self._asked.clear()
        self._pages[offset // PAGE] = rows
        self.total = total
        if not keep_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = max(0, min(self.cursor, total - 1))
        self.virtual_size = Size(1, total + 1)
        if not keep_cursor:
            self._last_cursor_id = -1
        self.refresh()
        self._announce_cursor()
        self.release("load")

    def add_page(self, source: Any, offset: int, rows: list[ProspectRow]) -> None:
        """A page asked for by `PageWanted` arrived; dropped if the table shows another result set now."""
        if source != self.source:
            return
        page_no = offset // PAGE
        self._asked.discard(page_no)
        self._pages[page_no] = rows
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        self.refresh()
        if page_no == self.cursor // PAGE:
            self._announce_cursor()

    def row_at(self, index: int) -> ProspectRow | None:
        """The row at `index` if its page is at hand; otherwise None, and the page is asked for (once)."""
        if index < 0 or index >= self.total or self.source is None:
            return None
        page_no = index // PAGE
        page = self._pages.get(page_no)
        if page is None:
            if page_no not in self._asked:
                self._asked.add(page_no)
                self.post_message(self.PageWanted(self, self.source, page_no * PAGE, PAGE))
            return None
        self._pages.move_to_end(page_no)
        offset = index - page_no * PAGE
        return page[offset] if offset < len(page) else None

    @property
    def cursor_row(self) -> ProspectRow | None:
        return self.row_at(self.cursor)

    def set_selection(self, ids: set[int]) -> None:
        if ids == self.selected:
            return  # nothing to redraw or announce (a new search with nobody marked)
        self.selected = set(ids)
        self.refresh()
        self.post_message(self.SelectionChanged(self, len(self.selected)))

    def on_key(self, event: events.Key) -> None:
        if self.holding and not getattr(event, "typed_ahead", False):
            event.stop()
            event.prevent_default()
            self._held.append(event)

    # -- layout -----------------------------------------------------------------------------------------

    def visible_columns(self, width: int) -> list[tuple[Column, int]]:
        """The columns that fit `width`, each with its width (spare room shared by weight)."""
        room = width - MARK_WIDTH
        chosen: list[Column] = []
        for col in sorted(COLUMNS, key=lambda c: c.priority):
            need = sum(c.min_width + GAP for c in chosen) + col.min_width
            if need > room:
                break
            chosen.append(col)
        chosen.sort(key=lambda c: COLUMNS.index(c))
        spare = max(0, room - sum(c.min_width + GAP for c in chosen))
        weights = sum(c.weight for c in chosen) or 1
        widths = []
        given = 0
        for col in chosen:
            extra = spare * col.weight // weights
            given += extra
            widths.append(col.min_width + extra)
        if chosen and spare - given > 0:
            widths[0] += spare - given
        return list(zip(chosen, widths, strict=True))

    @property
    def line_width(self) -> int:
        """Cells a line may use: the widget minus its scrollbar."""
        return self.scrollable_content_region.width

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(1, self.total + 1)

    # -- rendering --------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        columns = self.visible_columns(width)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("prospect-table--header")
            parts = [" " * MARK_WIDTH]
            for col, w in columns:
                arrow = (" ▼" if self.descending else " ▲") if col.key == self.sort else ""
                parts.append(fit(col.title + arrow, w) + " " * GAP)
            return Strip([Segment(set_cell_size("".join(parts), width), style)], width)
        index = int(self.scroll_offset.y) + y - 1
        if self.total == 0:
            # The empty text wraps (it may say why a search found nobody, with the closest tags).
            lines = textwrap.wrap(self.empty_text, max(8, width - 3)) or [""]
            if 1 <= y <= len(lines):
                style = base + self.get_component_rich_style("prospect-table--dim")
                return Strip([Segment(fit("  " + lines[y - 1], width), style)], width)
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, base)
        style = base
        marked = row.id in self.selected
        if marked:
            style = style + self.get_component_rich_style("prospect-table--selected")
        if index == self.cursor:
            style = style + self.get_component_rich_style("prospect-table--cursor")
        parts = ["● " if marked else "  "]
        for col, w in columns:
            parts.append(fit(cell_text(row, col.key), w) + " " * GAP)
        return Strip([Segment(set_cell_size("".join(parts), width), style)], width)

    # -- actions ----------------------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if self.total == 0:
            return
        self.cursor = max(0, min(index, self.total - 1))
        body = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, immediate=True)
        self.refresh()
        self._announce_cursor()

    def _announce_cursor(self) -> None:
        row = self.cursor_row
        if row is None and self.cursor < self.total and self.cursor // PAGE not in self._pages:
            return  # its page is on its way: `add_page` announces it
        rid = row.id if row else None
        if rid != self._last_cursor_id:
            self._last_cursor_id = rid
            self.post_message(self.CursorMoved(self, row))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        self._move_to(0 if where == 0 else self.total - 1)

    def action_toggle(self) -> None:
        """Mark or unmark the focused person and step to the next, so a run is marked one key each."""
        row = self.cursor_row
        if row is None:
            return
        self.selected.symmetric_difference_update({row.id})
        self._move_to(self.cursor + 1)
        self.refresh()
        self.post_message(self.SelectionChanged(self, len(self.selected)))

    def action_extend(self, delta: int) -> None:
        row = self.cursor_row
        if row is None:
            return
        self.selected.add(row.id)
        self._move_to(self.cursor + delta)
        nxt = self.cursor_row
        if nxt is not None:
            self.selected.add(nxt.id)
        self.refresh()
        self.post_message(self.SelectionChanged(self, len(self.selected)))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = MARK_WIDTH
            for col, w in self.visible_columns(self.line_width):
                if x <= event.x < x + w + GAP:
                    self.post_message(self.SortRequested(self, col.key))
                    return
                x += w + GAP
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < self.total:
            self._move_to(index)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)

    def region_for(self, index: int) -> Region:
        return Region(0, index + 1, self.line_width, 1)
