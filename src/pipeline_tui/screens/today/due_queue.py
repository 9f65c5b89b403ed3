"""The "Touches due" section of the Today screen: the sourcer's daily work, every touch due today or overdue,
oldest first, with the focused touch's message beside it (below it on a narrow terminal).

The first page comes with the screen's own read (services/today is not involved: screen.read_today asks the
store for it); further pages are read when the cursor nears the last rows, by (due_on, id) keyset, never all
at once. Each action is store work queued on the app's writer thread (`serial`), so a burst `d d d` acts on
three touches in key order: a key marks its row as in flight ("done…") and moves the cursor to the next
touch at once, and the next key acts there. A key on a row still in flight is refused in the notice line,
never lost silently. Sending runs in its own thread (a slow server does not hold the other keys up) and
keeps the cursor on the touch until the server took it. Whatever fails, the cursor comes back to the touch
it failed on: only a touch that left the queue moves the cursor on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from pipeline_tui.core.errors import MailNotSent
from pipeline_tui.core.nurture_records import DueTouch, TouchResult
from pipeline_tui.core.nurture_schedule import local_day
from pipeline_tui.core.nurture_vocabulary import Channel
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.today.due_rows import (
    DUE_COLUMNS,
    IN_FLIGHT,
    channel_label,
    key_touch_id,
    message_text,
    outcome,
    render_touch,
    touch_key,
    touch_row,
)
from pipeline_tui.screens.today.sections import SectionTable
from pipeline_tui.screens.today.snooze import SnoozeDialog
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.mail import send_touch, sender_address, write_eml
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal, plain

PAGE = 50  # touches read at a time
NEAR_END = 5  # the cursor this close to the last row reads the next page
MAX_READ = 1000  # the most one read asks for (the store's largest page)
EMPTY = "No touches due. Enroll prospects in a sequence from the talent pools with f."
NO_SMTP = (
    "No SMTP server is configured: set [smtp] host in config.toml or PIPELINE_TUI_SMTP_HOST "
    "(c copies the message, w writes an .eml)"
)


class DueTable(SectionTable):
    """The due touches; `enter` opens the person, `home` / `end` go to the first / last touch read."""

    BINDINGS = [
        Binding("home", "scroll_top", "First touch", show=False),
        Binding("end", "scroll_bottom", "Last touch", show=False),
    ]


class DueQueue(StoreWork, Vertical):
    """Heading with the counts, a notice line, the touches and the focused touch's message."""

    BINDINGS = [
        Binding("d", "act('done')", "Done", tooltip="Mark the touch done: log it, schedule the next step"),
        Binding("s", "act('skip')", "Skip", tooltip="Skip this step: the next one is scheduled"),
        Binding("z", "snooze", "Snooze", tooltip="Due again tomorrow, or on a day you type"),
        Binding("R", "act('replied')", "Replied", tooltip="They replied: stop the sequence, pool engaged"),
        Binding("O", "opted_out", "Opted out", tooltip="They opted out: stop, withdraw consent (asks)"),
        Binding("c", "copy", "Copy", tooltip="Copy the subject and body to the clipboard"),
        Binding("w", "write_eml", "Write .eml", tooltip="Write the e-mail as an .eml in the exports folder"),
        Binding("m", "send", "Send", tooltip="Send the e-mail through the configured SMTP server"),
    ]

    def __init__(self, zone: ZoneInfo, *, id: str = "today-due") -> None:
        super().__init__(id=id, classes="today-section")
        self.zone = zone
        self.touches: dict[int, DueTouch] = {}  # every loaded touch still listed, by id
        self.in_flight: dict[int, str] = {}  # touch id -> what its row says while the action runs
        # Touches acted on here, with the tick they ended at: a read begun before that still lists them.
        self.ended: dict[int, int] = {}
        self.tick = 0
        self.total = 0
        self.after: tuple[date, int] | None = None  # the last loaded touch: where the next page starts
        self.exhausted = True
        self.paging = False
        self.generation = 0  # bumped by each first page: a page read for an older list is dropped

    def compose(self) -> ComposeResult:
        yield Static(Text("Touches due", style="bold"), classes="today-heading")
        yield Static("", id="due-notice", markup=False)
        with Horizontal(id="due-body"):
            table = DueTable(cursor_type="row", zebra_stripes=True, id="due-table", classes="today-rows")
            table.display = False  # until touches are listed: never focused while hidden
            yield table
            with VerticalScroll(id="due-preview"):
                yield Static("", id="due-message", markup=False)
        yield Static(EMPTY, classes="today-empty", markup=False)

    def on_mount(self) -> None:
        self.table.add_columns(*DUE_COLUMNS)
        self.query_one("#due-notice").display = False
        self.query_one("#due-body").display = False

    def begin_read(self) -> tuple[int, int]:
        """For the screen's read of the list: (a token for show_first_page, how many touches to read: a page,
        or as many as were paged in, so a read after a dialog closes keeps the cursor where it was)."""
        self.tick += 1
        return self.tick, min(MAX_READ, PAGE * max(1, -(-len(self.touches) // PAGE)))

    @property
    def table(self) -> DueTable:
        return self.query_one(DueTable)

    @property
    def today(self) -> date:
        return local_day(self.pipeline.clock(), self.zone)

    # -- reading ----------------------------------------------------------------------------------------

    def show_first_page(self, touches: Sequence[DueTouch], total: int, token: int, asked: int) -> None:
        """A fresh list (the screen's read of `asked` touches): the cursor stays on the touch it was on."""
        self.generation += 1
        self.ended = {i: t for i, t in self.ended.items() if t > token}  # older ones the read saw ended
        keep = self.current_key
        fresh = [t for t in touches if t.id not in self.ended]
        self.touches = {t.id: t for t in fresh}
        self.total = max(total - (len(touches) - len(fresh)), len(fresh))
        self._set_page_end(touches, asked)
        table = self.table
        table.clear()
        today = self.today
        for touch in fresh:
            table.add_row(*touch_row(touch, today, self.in_flight.get(touch.id)), key=touch_key(touch.id))
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._redraw()

    def _set_page_end(self, page: Sequence[DueTouch], asked: int = PAGE) -> None:
        if page:
            self.after = (page[-1].due_on, page[-1].id)
        self.exhausted = len(page) < asked

    def _read_more(self) -> None:
        if self.exhausted or self.paging or self.after is None:
            return
        self.paging = True
        now, zone, after, generation = self.pipeline.clock(), self.zone, self.after, self.generation
        self.store_work(
            lambda store: store.touches.due(now=now, zone=zone, limit=PAGE, after=after),
            partial(self._more_arrived, generation),
            key="due-page",
            on_failed=lambda _error: setattr(self, "paging", False),
        )

    def _more_arrived(self, generation: int, page: list[DueTouch]) -> None:
        self.paging = False
        if generation != self.generation:
            return  # the list was read again meanwhile
        self._set_page_end(page)
        table, today = self.table, self.today
        for touch in page:
            if touch.id in self.touches or touch.id in self.ended:
                continue
            self.touches[touch.id] = touch
            table.add_row(*touch_row(touch, today, self.in_flight.get(touch.id)), key=touch_key(touch.id))
        self._redraw()

    # -- drawing ----------------------------------------------------------------------------------------

    def _redraw(self) -> None:
        listed = bool(self.touches)
        self.query_one("#due-body").display = listed
        self.table.display = listed  # hidden: not in the focus chain, `tab` goes to the next section
        self.query_one(".today-empty", Static).display = not listed
        heading = Text("Touches due", style="bold")
        if listed:
            shown = len(self.touches)
            count = f"{shown:,} due" if shown >= self.total else f"{shown:,} of {self.total:,} due"
            heading.append(f"  {count}", style="dim")
        self.query_one(".today-heading", Static).update(heading)
        self._show_preview()

    def _show_preview(self) -> None:
        touch = self.current
        message = self.query_one("#due-message", Static)
        message.update(render_touch(touch, self.today) if touch is not None else "")
        self.query_one("#due-preview", VerticalScroll).scroll_home(animate=False)

    def say(self, text: str) -> None:
        """The one-line notice under the heading: what the last key did (or why it did nothing)."""
        notice = self.query_one("#due-notice", Static)
        notice.update(literal(" ".join(plain(text, multiline=True).split())))
        notice.display = bool(text)

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @property
    def current(self) -> DueTouch | None:
        touch_id = key_touch_id(self.current_key)
        return self.touches.get(touch_id) if touch_id is not None else None

    @on(DataTable.RowHighlighted, "#due-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_preview()
        if event.cursor_row >= self.table.row_count - NEAR_END:
            self._read_more()

    @on(DataTable.RowSelected, "#due-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        """`enter`: the person screen (the Today screen reads again when it is shown again)."""
        event.stop()
        from pipeline_tui.screens.person.screen import PersonScreen

        touch = self.current
        if touch is not None:
            self.app.push_screen(PersonScreen(touch.candidate_id))

    # -- the keys ---------------------------------------------------------------------------------------

    def _actionable(self) -> DueTouch | None:
        """The focused touch, unless its last action is still running (then the notice says so)."""
        touch = self.current
        if touch is None:
            return None
        if touch.id in self.in_flight:
            self.say(
                f"Not used: {touch.person}'s step {touch.step} is still {self.in_flight[touch.id]} "
                "(wait for it to finish)"
            )
            return None
        return touch

    def action_act(self, action: str) -> None:
        touch = self._actionable()
        if touch is not None:
            self._start(action, touch)

    async def action_snooze(self) -> None:
        touch = self._actionable()
        if touch is None:
            return

        def chosen(day: date | None) -> None:
            if day is not None and touch.id in self.touches and touch.id not in self.in_flight:
                self._start("snooze", touch, until=day)

        await push_focused(self.app, SnoozeDialog(touch.person, touch.step, self.today), chosen)

    async def action_opted_out(self) -> None:
        touch = self._actionable()
        if touch is None:
            return
        title = Text("Opted out: ", style="bold")
        title.append_text(literal(touch.person, "bold"))
        title.append("?", style="bold")
        body = (
            f"This stops {plain(touch.sequence)} and records that they withdrew their consent: they are "
            "never enrolled in a sequence again."
        )

        def answered(yes: bool | None) -> None:
            if yes and touch.id in self.touches and touch.id not in self.in_flight:
                self._start("opted_out", touch)

        await push_focused(self.app, YesNo(title, body, yes="opted out", no="cancel"), answered)

    def action_copy(self) -> None:
        touch = self.current
        if touch is None:
            return
        text = message_text(touch)
        if touch.problem or not text.strip():
            self.say(f"Nothing to copy: step {touch.step} ({touch.channel}) has no message.")
            return
        self.app.copy_to_clipboard(text)
        what = "message (subject and body)" if touch.subject else "message" if is_message(touch) else "note"
        self.say(f"Copied {touch.person}'s {what} to the clipboard")

    def action_write_eml(self) -> None:
        touch = self._email_step("write an .eml")
        if touch is None:
            return
        folder, smtp = self.pipeline.settings.exports_dir, self.pipeline.settings.smtp

        def write(store: Store) -> Any:
            folder.mkdir(parents=True, exist_ok=True)
            return write_eml(touch, sender_address(store, smtp), folder)

        self.store_work(
            write,
            lambda path: self.say(f"Wrote {path} (the touch stays due: d when it is sent)"),
            key="due-eml",
            on_failed=lambda error: self.say(f"Not written: {error}"),
        )

    def action_send(self) -> None:
        touch = self._email_step("send")
        if touch is None or self._actionable() is None:
            return
        if not self.pipeline.settings.smtp.configured:
            self.say(NO_SMTP)
            return
        self._start("send", touch)

    def _email_step(self, doing: str) -> DueTouch | None:
        touch = self.current
        if touch is None:
            return None
        if touch.channel != Channel.EMAIL:
            what = channel_label(touch.channel)
            self.say(f"Cannot {doing}: step {touch.step} is a {what} step, not an e-mail (c copies it)")
            return None
        return touch

    # -- running an action ------------------------------------------------------------------------------

    def _start(self, action: str, touch: DueTouch, *, until: date | None = None) -> None:
        """Mark the row in flight, queue the work and (but for `m`) move the cursor to the next touch. A send
        keeps the cursor until the server took the message: a failed one leaves it on the touch sent."""
        self.in_flight[touch.id] = IN_FLIGHT[action]
        self._draw_row(touch)
        if action != "send":
            self._step_past(touch.id)
        now, zone = self.pipeline.clock(), self.zone
        perform = touch_action(action, touch.id, until=until, smtp=self.pipeline.settings.smtp)

        def work(store: Store) -> tuple[TouchResult, int]:
            result = perform(store, now, zone)
            return result, store.touches.count_due(now=now, zone=zone)

        self.store_work(
            work,
            partial(self._acted, action, touch),
            key=f"due-{touch.id}",
            on_failed=partial(self._failed, action, touch),
            serial=action != "send",
        )

    def _draw_row(self, touch: DueTouch) -> None:
        key = touch_key(touch.id)
        if key in self.table.rows:
            cells = touch_row(touch, self.today, self.in_flight.get(touch.id))
            self.table.update_cell(key, self.table.ordered_columns[0].key, cells[0])

    def _step_past(self, touch_id: int) -> None:
        """The cursor moves on to the next touch not in flight (stays when there is none)."""
        table = self.table
        index = table.get_row_index(touch_key(touch_id))
        for row in range(index + 1, table.row_count):
            next_id = key_touch_id(table.coordinate_to_cell_key((row, 0)).row_key.value)
            if next_id not in self.in_flight:
                table.move_cursor(row=row, animate=False)
                return

    def _return_to(self, touch_id: int) -> None:
        table, key = self.table, touch_key(touch_id)
        if key in table.rows and table.cursor_row > (index := table.get_row_index(key)):
            table.move_cursor(row=index, animate=False)

    def _acted(self, action: str, touch: DueTouch, done: tuple[TouchResult, int]) -> None:
        result, total = done
        self.in_flight.pop(touch.id, None)
        self.tick += 1
        self.ended[touch.id] = self.tick
        self.touches.pop(touch.id, None)
        keep = self.current_key
        table = self.table
        key = touch_key(touch.id)
        index = table.get_row_index(key) if key in table.rows else None
        if index is not None:
            table.remove_row(key)
        if keep is not None and keep != key and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        elif index is not None and table.row_count:
            table.move_cursor(row=min(index, table.row_count - 1), animate=False)
        self.total = total
        self.say(outcome(action, result, touch, self.today))
        self._redraw()
        if table.row_count and table.cursor_row >= table.row_count - NEAR_END:
            self._read_more()

    def _failed(self, action: str, touch: DueTouch, error: BaseException) -> None:
        """The touch stays due: the cursor comes back to it (when it had moved on past it), so the notice and
        the preview are about the same person and the next key acts on them again."""
        self.in_flight.pop(touch.id, None)
        self._draw_row(touch)
        self._return_to(touch.id)
        reason = str(error).removesuffix(f" (touch #{touch.id})")  # the id is the CLI's name for it
        self.say(f"{'Not sent' if action == 'send' else 'Not done'}: {reason}")
        if not isinstance(error, MailNotSent):
            reread = getattr(self.screen, "load", None)
            if reread is not None:
                reread()  # it may have been acted on elsewhere: show what is due now


def is_message(touch: DueTouch) -> bool:
    return touch.channel in (Channel.EMAIL, Channel.LINKEDIN)


def touch_action(
    action: str, touch_id: int, *, until: date | None, smtp: Any
) -> Callable[[Store, Any, ZoneInfo], TouchResult]:
    """The store call behind a key, run in the worker with the app's clock and the screen's zone."""

    def run(store: Store, now: Any, zone: ZoneInfo) -> TouchResult:
        touches = store.touches
        if action == "done":
            return touches.done(touch_id, now=now, zone=zone)
        if action == "skip":
            return touches.skip(touch_id, now=now, zone=zone)
        if action == "snooze":
            assert until is not None
            return touches.snooze(touch_id, until, now=now, zone=zone)
        if action == "replied":
            return touches.replied(touch_id, now=now, zone=zone)
        if action == "opted_out":
            return touches.opted_out(touch_id, now=now, zone=zone)
        return send_touch(store, touch_id, smtp, now=now, zone=zone)

    return run
