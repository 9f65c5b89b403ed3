"""The sequences screen (`S` on the talent pools, "Sequences" in the command palette; `esc` goes back).

The nurture sequences with their people (active now, ever enrolled) and the reply rate of their first step;
beside them the focused sequence's steps with what each did (sent, replied, opted out, reply rate). All of
it is read in one worker (a handful of sequences, each with its counts aggregated in SQL), again on `r` and
after every change. `n` / `e` open the editor, `x` archives (asks first), `A` shows the archived too.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from pipeline_tui.core.nurture_records import SequenceRecord
from pipeline_tui.core.wording import counted
from pipeline_tui.screens.sequences.listing import (
    SEQUENCE_COLUMNS,
    STEP_COLUMNS,
    SequenceRow,
    sequence_cells,
    step_rows,
    summary,
)
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal

NARROW = 110  # below this width the steps go under the sequences, not beside them
NO_SEQUENCES = "No sequences yet. Press n to write one: its steps, their waits and messages."
ONLY_ARCHIVED = "No sequence in use: every one is archived. A shows them, n writes a new one."


def read_sequences(store: Store, include_archived: bool) -> tuple[list[SequenceRow], int]:
    """The sequences listed, each with its counts per step, and how many are archived (for the bar)."""
    listed = store.sequences.list(include_archived=True)
    archived = sum(1 for s in listed if s.archived_at is not None)
    shown = [s for s in listed if include_archived or s.archived_at is None]
    return [SequenceRow(s, store.sequences.stats(s.id)) for s in shown], archived


class SequenceTable(DataTable):
    """The sequences; `home` / `end` go to the first / last one (DataTable's own scroll sideways, so the cursor
    stayed put and `x` archived the sequence it was on), `pageup` / `pagedown` a page."""

    BINDINGS = [
        Binding("home", "scroll_top", "First sequence", show=False),
        Binding("end", "scroll_bottom", "Last sequence", show=False),
    ]


class SequencesScreen(StoreWork, Screen):
    """Lists the sequences and the focused one's steps with their counts; opens the editor."""

    CSS_PATH = "sequences.tcss"
    AUTO_FOCUS = "#sequences-table"
    # Priority, as on the jobs screen: the editor opened by `n` is mounted before the name typed after it.
    BINDINGS = [
        Binding("n", "new", "New", priority=True, tooltip="Write a new sequence"),
        Binding("e,enter", "edit", "Edit", priority=True, key_display="e", tooltip="Edit its steps"),
        Binding("x", "archive", "Archive", tooltip="Archive it (asks; active enrollments stop)"),
        Binding("A", "toggle_archived", "Archived", tooltip="Show / hide the archived sequences"),
        Binding("r", "reload", "Reload", tooltip="Read the sequences and their counts again"),
        Binding("escape", "back", "Back", tooltip="Back to where you came from"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_archived = False
        self.rows: list[SequenceRow] = []
        self.archived = 0
        self.changed = False
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Sequences", id="sequences-bar", markup=False)
        with Horizontal(id="sequences-body"):
            yield SequenceTable(id="sequences-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="sequence-side"):
                yield Static("", id="sequence-summary", markup=False)
                steps = DataTable(id="sequence-steps", cursor_type="none", zebra_stripes=True)
                steps.can_focus = False
                yield steps
        empty = Static("", id="sequences-empty", markup=False)
        empty.can_focus = True  # holds the focus while there is no sequence, so `n` acts
        empty.display = False
        yield empty
        yield KeyFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#sequences-table", DataTable)

    def on_mount(self) -> None:
        steps = self.query_one("#sequence-steps", DataTable)
        for key, title in STEP_COLUMNS:
            steps.add_column(title, key=key)
        self._fit(self.size.width)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.query_one("#sequences-body").set_class(width < NARROW, "-narrow")

    # -- loading and drawing ----------------------------------------------------------------------------

    def load(self, *, focus: int | None = None) -> None:
        keep = focus if focus is not None else self.current_id
        include = self.include_archived
        self.store_work(
            lambda store: read_sequences(store, include),
            lambda got: self._draw(*got, keep),
            key="sequences",
            exclusive=True,
        )

    def _draw(self, rows: list[SequenceRow], archived: int, keep: int | None) -> None:
        self.rows, self.archived, self._loaded = rows, archived, True
        table = self.table
        index = table.cursor_row
        # Columns as wide as their widest cell, set here: DataTable's auto widths are measured later, on
        # idle, and a picture taken before that showed names cut to the header's width.
        table.clear(columns=True)
        cells = [sequence_cells(row) for row in rows]
        for number, (key, title) in enumerate(SEQUENCE_COLUMNS):
            width = max([len(title), *(line[number].cell_len for line in cells)])
            table.add_column(title, key=key, width=width)
        for row, line in zip(rows, cells, strict=True):
            table.add_row(*line, key=str(row.sequence.id))
        if keep is not None and str(keep) in table.rows:
            index = table.get_row_index(str(keep))
        if rows:
            table.move_cursor(row=max(0, min(index, len(rows) - 1)), animate=False)
        empty = self.query_one("#sequences-empty", Static)
        empty.update(ONLY_ARCHIVED if archived and not self.include_archived else NO_SEQUENCES)
        empty.display = not rows
        self.query_one("#sequences-body").display = bool(rows)
        if self.focused is (empty if rows else table) or self.focused is None:
            self.set_focus(table if rows else empty)
        self._draw_bar()
        self._draw_steps()

    def _draw_bar(self) -> None:
        bar = Text("Sequences", style="bold", no_wrap=True, overflow="ellipsis")
        bar.append(f"  ·  {counted(len(self.rows), 'sequence')}")
        if self.archived:
            shown = "shown" if self.include_archived else "hidden (A shows them)"
            bar.append(f"  ·  {self.archived:,} archived {shown}", style="dim")
        self.query_one("#sequences-bar", Static).update(bar)

    def _draw_steps(self) -> None:
        row = self.current_row
        steps = self.query_one("#sequence-steps", DataTable)
        steps.clear()
        self.query_one("#sequence-summary", Static).update(summary(row) if row else "")
        if row is not None:
            for number, cells in enumerate(step_rows(row), 1):
                steps.add_row(*cells, key=str(number))

    @on(DataTable.RowHighlighted, "#sequences-table")
    def _highlighted(self) -> None:
        self._draw_steps()

    @property
    def current_row(self) -> SequenceRow | None:
        table = self.table
        if not self.rows or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.sequence.id) == key), None)

    @property
    def current_id(self) -> int | None:
        row = self.current_row
        return row.sequence.id if row is not None else None

    # -- keys -------------------------------------------------------------------------------------------

    async def action_new(self) -> None:
        from pipeline_tui.screens.sequences.editor import SequenceEditor

        await push_focused(self.app, SequenceEditor(), self._saved)

    async def action_edit(self) -> None:
        from pipeline_tui.screens.sequences.editor import SequenceEditor

        row = self.current_row
        if row is None:
            self.notify("No sequence here: n writes one")
            return
        if row.sequence.archived_at is not None:
            self.notify(f"{row.sequence.name} is archived: it can no longer be changed", severity="warning")
            return
        await push_focused(self.app, SequenceEditor(row.sequence), self._saved)

    def _saved(self, saved: SequenceRecord | None) -> None:
        if saved is not None:
            self.changed = True
            self.load(focus=saved.id)

    async def action_archive(self) -> None:
        row = self.current_row
        if row is None:
            return
        sequence = row.sequence
        if sequence.archived_at is not None:
            self.notify(f"{sequence.name} is archived already")
            return
        title = Text("Archive ", style="bold")
        title.append_text(literal(sequence.name, "bold"))
        title.append("?", style="bold")
        active = counted(sequence.active, "person", "people")
        body = (
            f"Its active enrollments stop now: {active} in it get no more touches (what was sent stays"
            " in their history). Archived sequences are hidden; A shows them."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._archive(sequence.id)

        await push_focused(self.app, YesNo(title, body, yes="archive", no="keep"), answered)

    def _archive(self, sequence_id: int) -> None:
        def archived(record: SequenceRecord) -> None:
            self.changed = True
            self.notify(f"Archived {record.name}: its active enrollments stopped")
            self.load(focus=record.id)

        now = self.pipeline.clock()
        self.store_work(
            lambda store: store.sequences.archive(sequence_id, now=now),
            archived,
            key="sequence-archive",
            serial=True,
        )

    def action_toggle_archived(self) -> None:
        self.include_archived = not self.include_archived
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(self.changed)
