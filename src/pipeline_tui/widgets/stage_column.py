"""One board column: a stage's name and count over a virtual list of applicant cards.

A job can hold 5,000 applicants, so cards are not widgets: `CardList` is a line-API ScrollView that draws
only the card rows inside its viewport (`render_line`), whatever the length of its list. A move replaces
two columns' lists and redraws those; nothing else on the board is touched.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.records import BoardCard, StageRecord
from pipeline_tui.widgets.card_hiring import hiring_line
from pipeline_tui.widgets.literal import plain

CARD_HEIGHT = 6  # five lines of text (the last: interviews, scorecards, offer) and one blank line
LANE = "lane"  # column key of the rejected / withdrawn lane (stage columns use their stage id)

ColumnKey = int | str


def card_order(card: BoardCard) -> tuple:
    """A column's order: who entered the stage first is on top (the store's board order)."""
    return (card.application.stage_entered_at, card.application.id)


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (3 - rating)


def days_in_stage(card: BoardCard, now: datetime) -> int:
    return max(0, (now - card.application.stage_entered_at).days)


def release_drawn_lines(widget: Widget) -> None:
    """Let a removed widget's drawn lines go. Textual keeps up to 1,024 widgets' line caches alive after the
    widgets themselves are gone (an lru_cache keyed on the cache object), so each board opened again kept
    the previous one's lines: a heap that grew with every job switch, and that every full pass of the cyclic
    collector then scanned, during a key."""
    cache = widget._styles_cache
    cache.clear()
    cache._simple_strip = None  # the one line clear() keeps


def settle_refresh(widget: Widget) -> None:
    """Let a just-mounted widget hand in the redraw it was asked for before it was mounted. Textual does that
    when the widget next handles a message; in a hidden column (the closed lane) none comes (no resize, no
    show), so the request waited for whatever came next, such as the first key after a board opened, and
    drew an extra frame then."""
    widget.check_idle()


class CardList(ScrollView, can_focus=True, inherit_bindings=False):
    """The cards of one column, drawn line by line; keeps its own cursor (the focused card)."""

    ALLOW_SELECT = False  # dragging a card must never start a text selection
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First card", show=False),
        Binding("end", "last", "Last card", show=False),
    ]
    COMPONENT_CLASSES = {
        "card",
        "card--cursor",
        "card--cursor-blurred",
        "card--name",
        "card--meta",
        "card--stars",
        "card--tag",
        "card--warn",
        "card--alert",
        "card--closed",
        "card--hired",
        "card--empty",
    }

    class Dropped(Message):
        """A card was dragged onto another column."""

        def __init__(self, application_id: int, target: ColumnKey) -> None:
            super().__init__()
            self.application_id = application_id
            self.target = target

    class Focused(Message):
        """This list got the focus (keyboard or click): the board's current column."""

        def __init__(self, card_list: CardList) -> None:
            super().__init__()
            self.card_list = card_list

    def __init__(self, key: ColumnKey, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key = key
        self.cards: Sequence[BoardCard] = ()
        self.cursor = 0
        self.empty_text = "No applicants"
        self.clock: Callable[[], datetime] = utcnow
        self.stale_days: tuple[int, int] = (7, 14)
        self.hiring: dict[int, CardHiring] = {}  # the board's (one dict for all columns), by application id
        self._drag_id: int | None = None
        # Drawn card lines, so scrolling and repaints do not re-render text: (id, row, width, state, days)
        self._lines: dict[tuple, tuple[BoardCard, Strip]] = {}
        self._width = 0
        self._theme = ""
        self._focus_shown = False
        self._drop_column: StageColumn | None = None

    # -- data -------------------------------------------------------------------------------------------

    def set_cards(self, cards: Sequence[BoardCard], *, keep: BoardCard | None = None) -> None:
        """Show these cards (sorted by card_order); the cursor stays on `keep` when it is among them."""
        self.cards = cards
        if keep is not None:
            index = self.index_of(keep)
            if index >= 0:
                self.cursor = index
        self.cursor = max(0, min(self.cursor, len(cards) - 1))
        self._update_virtual_size()
        self.refresh()
        if self.is_mounted and self.size:
            self.scroll_to_cursor()  # now, so this frame draws the list where the cursor is (not a second one)
        elif self.is_mounted:
            self.call_after_refresh(self.scroll_to_cursor, animate=False)

    def index_of(self, card: BoardCard) -> int:
        """Where this application is in the list, by binary search on the column order (lists are sorted)."""
        app_id = card.application.id
        index = bisect_left(self.cards, card_order(card), key=card_order)
        if index < len(self.cards) and self.cards[index].application.id == app_id:
            return index
        return next((i for i, c in enumerate(self.cards) if c.application.id == app_id), -1)

    @property
    def current(self) -> BoardCard | None:
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def move_cursor_to(self, index: int) -> None:
        if not self.cards:
            return
        old = self.cursor
        self.cursor = max(0, min(index, len(self.cards) - 1))
        self._refresh_card(old)
        self._refresh_card(self.cursor)
        self.scroll_to_cursor()

    def scroll_to_cursor(self, animate: bool = False) -> None:
        if self.cards:
            self.scroll_to_region(
                Region(0, self.cursor * CARD_HEIGHT, 1, CARD_HEIGHT - 1), animate=animate, immediate=True
            )

    def _refresh_card(self, index: int) -> None:
        self.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)

    # -- keys -------------------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        per_page = max(1, self.size.height // CARD_HEIGHT)
        self.move_cursor_to(self.cursor + step * per_page)

    def action_first(self) -> None:
        self.move_cursor_to(0)

    def action_last(self) -> None:
        self.move_cursor_to(len(self.cards) - 1)

    # -- focus: drawn in the same frame as the change that moved it --------------------------------------

    def on_mount(self) -> None:
        # The screen's focus is a reactive set at once by set_focus, while the Focus and Blur events come
        # later, often after the frame that drew the move: drawing from them cost a second frame per move.
        # (A watcher of a closed list is dropped on the next change, so it keeps no old list alive.)
        self.watch(self.screen, "focused", self._focus_moved, init=False)
        settle_refresh(self)

    def on_unmount(self) -> None:
        # A removed list can outlive its board (the first board's widgets are frozen out of the collector's
        # sight, see BoardScreen._show_board): it lets its cards and drawn lines go at least.
        self.cards = ()
        self._lines.clear()
        release_drawn_lines(self)
        for scrollbar in (self._vertical_scrollbar, self._horizontal_scrollbar, self._scrollbar_corner):
            if scrollbar is not None:
                release_drawn_lines(scrollbar)

    def _focus_moved(self, old: Widget | None, new: Widget | None) -> None:
        if old is self or new is self:
            self._show_focus(new is self)

    def _show_focus(self, focused: bool) -> None:
        """Draw the cursor card and the column's header as focused or not (nothing when they already are)."""
        if focused == self._focus_shown:
            return
        self._focus_shown = focused
        self._refresh_card(self.cursor)
        column = self.parent
        if isinstance(column, StageColumn):
            column.header.set_class(focused, "-current")

    def watch_has_focus(self, _has_focus: bool) -> None:
        """No restyle when the focus comes or goes. Textual's own watcher re-applies the CSS of the list and of
        its scrollbar, and re-applying a scrollbar's rules asks for a layout of the whole screen: on the
        board that was a full reflow and repaint of every column on each move. The list draws its focused
        state itself (the cursor card) and its column's header shows it by a class (`-current`)."""

    def _on_focus(self, event: events.Focus) -> None:
        # Instead of Widget's handler, which repaints the whole list: only the cursor card changes.
        event.prevent_default()
        self.has_focus = True
        self._show_focus(True)
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))
        self.post_message(self.Focused(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self._show_focus(False)
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def on_resize(self) -> None:
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        """Set the scrollable size to the cards' height without laying out the whole screen again.

        `virtual_size` is a layout reactive: assigning it re-lays out and repaints every widget on the
        screen, on each move and twice per column while a board opens. The list's own box never depends on
        its cards (its height is 1fr), so only its scrollbar needs updating; when the scrollbar appears or
        goes, `show_vertical_scrollbar` (a layout reactive too) still asks for the layout that needs."""
        size = Size(
            self.scrollable_content_region.width if self.is_mounted else 0, len(self.cards) * CARD_HEIGHT
        )
        if size == self.virtual_size:
            return
        self.set_reactive(ScrollView.virtual_size, size)
        if self.is_mounted and self.container_size:
            self._scroll_update(size)

    # -- mouse: click focuses a card, a left-button drag onto another column moves it --------------------

    def _card_at(self, y: int) -> int:
        index = (y + int(self.scroll_offset.y)) // CARD_HEIGHT
        return index if 0 <= index < len(self.cards) else -1

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        index = self._card_at(event.y)
        self.focus()
        if index < 0:
            return
        self.move_cursor_to(index)
        self._drag_id = self.cards[index].application.id
        self.capture_mouse()
        event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_id is None:
            return
        target = self._column_at(event.screen_x, event.screen_y)
        if target is not self._drop_column:
            if self._drop_column is not None:
                self._drop_column.remove_class("-drop-target")
            self._drop_column = target
            if target is not None and target.key != self.key:
                target.add_class("-drop-target")
        event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_id is None:
            return
        application_id, self._drag_id = self._drag_id, None
        self.release_mouse()
        if self._drop_column is not None:
            self._drop_column.remove_class("-drop-target")
            self._drop_column = None
        target = self._column_at(event.screen_x, event.screen_y)
        if target is not None and target.key != self.key:
            self.post_message(self.Dropped(application_id, target.key))
        event.stop()

    def _column_at(self, x: float, y: float) -> StageColumn | None:
        try:
            widget, _ = self.screen.get_widget_at(int(x), int(y))
        except Exception:  # noqa: BLE001 - pointer outside the screen: no drop target
            return None
        node = widget
        while node is not None and not isinstance(node, StageColumn):
            node = node.parent  # type: ignore[assignment]
        return node

    # -- drawing ----------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._width
        line = y + int(self.scroll_offset.y)
        base = self.get_component_rich_style("card")
        if not self.cards:
            if y == 1:
                return self._strip(Text(f" {self.empty_text}", style=self._fg("card--empty")), width)
            return Strip.blank(width, self.rich_style)
        index, row = divmod(line, CARD_HEIGHT)
        if index >= len(self.cards) or row == CARD_HEIGHT - 1:
            return Strip.blank(width, self.rich_style)
        card = self.cards[index]
        state = 0 if index != self.cursor else (1 if self._focus_shown else 2)
        days = days_in_stage(card, self.clock()) if row == 2 else 0
        key = (card.application.id, row, width, state, days)
        cached = self._lines.get(key)
        if cached is not None and cached[0] is card:  # records are immutable: same object, same line
            return cached[1]
        if state:
            base = base + self.get_component_rich_style(
                "card--cursor" if state == 1 else "card--cursor-blurred"
            )
        strip = self._strip(self._card_row(card, row, base), width, base)
        if len(self._lines) > 4000:
            self._lines.clear()
        self._lines[key] = (card, strip)
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        # Measured once per paint: scrollable_content_region is too costly to ask for every line.
        self._width = self.scrollable_content_region.width
        # Cached lines carry the colours of the theme they were drawn in. Checked here rather than by
        # watching the app's theme: such a watcher holds on to the list (and all its cards) for as long as
        # the app runs, so every board opened again kept the previous one alive.
        theme = self.app.theme
        if theme != self._theme:
            self._theme = theme
            self._lines.clear()
        return super().render_lines(crop)

    def _fg(self, name: str) -> Style:
        """A component's text style without its background, so it sits on the card's own background."""
        style = self.get_component_rich_style(name)
        return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)

    def _strip(self, text: Text, width: int, base: Style | None = None) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, width)
        return strip if base is None else strip.apply_style(base)

    def _card_row(self, card: BoardCard, row: int, base: Style) -> Text:
        """One of the card's five text rows, padded one cell each side. User text goes through plain()."""
        out = Text(" ", style=base, end="")
        if row == 0:
            out.append(plain(card.full_name), style=self._fg("card--name"))
        elif row == 1:
            title, company = plain(card.current_title), plain(card.current_company)
            role = f"{title} @ {company}" if title and company else title or company or "—"
            out.append(role, style=self._fg("card--meta"))
        elif row == 2:
            status = card.application.status
            if status in ("rejected", "withdrawn"):
                out.append(status, style=self._fg("card--closed"))
            elif status == "hired":
                out.append("✓ hired", style=self._fg("card--hired"))
            else:
                days = days_in_stage(card, self.clock())
                warn, alert = self.stale_days
                style = ""
                if days > alert:
                    style = "card--alert"
                elif days > warn:
                    style = "card--warn"
                out.append(f"{days}d in stage", style=self._fg(style) if style else "")
            if card.application.source:
                out.append(" · ")
                out.append(plain(card.application.source), style=self._fg("card--meta"))
        elif row == 4:
            out.append(hiring_line(self.hiring.get(card.application.id)), style=self._fg("card--meta"))
        else:
            if card.application.status in ("rejected", "withdrawn"):
                reason = card.application.rejection_reason or "no reason given"
                out.append(plain(reason), style=self._fg("card--closed"))
            else:
                out.append(stars(card.application.rating), style=self._fg("card--stars"))
                tag_style = self._fg("card--tag")
                for tag in card.tags[:2]:
                    out.append(" ")
                    out.append(f"#{plain(tag)}", style=tag_style)
        return out


class TextLine(Widget):
    """One line of text that changes on every move (counts, totals). Redrawing it never re-lays out the
    screen, unlike Static.update."""

    DEFAULT_CSS = """
    TextLine {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Text()

    def on_mount(self) -> None:
        settle_refresh(self)

    def on_unmount(self) -> None:
        release_drawn_lines(self)

    def set_text(self, text: Text) -> None:
        """Show `text`; the same text again draws nothing (a dirty full-width line widens every repaint of
        the screen below it to the whole width, all columns included)."""
        if text == self._text:
            return
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text


class StageColumn(Vertical):
    """A column: the stage name with its count, then the cards. The lane of closed applicants is one too."""

    def __init__(self, key: ColumnKey, title: str, *, stage: StageRecord | None = None) -> None:
        super().__init__(classes="stage-column" + (" -lane" if key == LANE else ""))
        self.key = key
        self.stage = stage
        self.title = title
        self.header = TextLine(classes="stage-header")
        self.cards = CardList(key)

    def compose(self):  # noqa: ANN201 - ComposeResult
        yield self.header
        yield self.cards

    def on_unmount(self) -> None:
        release_drawn_lines(self)

    def set_count(self, shown: int, total: int, filtering: bool) -> None:
        count = f"{shown}/{total}" if filtering else str(total)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(plain(self.title), style="bold")
        text.append(f"  {count}")
        self.header.set_text(text)


class ColumnStrip(HorizontalScroll, can_focus=False, inherit_bindings=False):
    """Holds the columns side by side and scrolls sideways on narrow terminals. It has no keys of its own:
    arrows and h/j/k/l belong to the board (card focus), not to scrolling."""

    MIN_COLUMN = 22  # a card stays legible down to this width; below it the strip scrolls sideways

    def on_resize(self) -> None:
        self.fit_columns()

    def column_width(self, shown: int) -> int:
        """Each of `shown` columns' width: the strip's width shared, never under MIN_COLUMN (+1 cell margin).
        Before its first layout the strip spans the screen, so the screen's width stands in for its own."""
        width = self.size.width or self.app.size.width
        return max(self.MIN_COLUMN, (width - 1) // max(1, shown) - 1)

    def fit_columns(self) -> None:
        """Share the width between the shown columns. Done here rather than with `1fr`, which a scrolling
        container resolves to its whole width. Setting a column's width to what it already is costs nothing."""
        shown = [c for c in self.children if isinstance(c, StageColumn) and c.display]
        if not shown or not self.size.width:
            return
        width = self.column_width(len(shown))
        for column in shown:
            column.styles.width = width
