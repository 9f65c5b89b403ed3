"""The stage editor (`p` on the jobs screen and on the board): one job's stages in order, with their kind and
how many active applicants each holds; add, rename, set the kind, reorder and remove them.

Every key is one store call in a worker (stage_changes.py), queued in key order; the stages are drawn again
from what the store says after it. A refusal is one line here and nothing is written. Closing returns
whether anything changed, so the board redraws its columns.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from pipeline_tui.core.change_records import ChangeBatch, ChangeEntity
from pipeline_tui.core.records import JobDetail, StageCount
from pipeline_tui.screens.jobs import stage_changes as changes
from pipeline_tui.screens.jobs.stage_changes import Change, Written
from pipeline_tui.screens.jobs.stage_dialogs import MoveToDialog, StageNameDialog
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal
from pipeline_tui.widgets.stage_draft import KIND_STYLE

HELP = "enter or r · shift+↑↓ or K/J · delete or d · kind: active → offer → hired"  # fits 80 columns


class StageEditor(StoreWork, Screen[bool]):
    """Edits one job's stages; dismissed with True when any change was written."""

    CSS_PATH = "stage_editor.tcss"
    AUTO_FOCUS = "#stage-table"
    # Priority: handled as the app reads each key, so a dialog opened by `a` or `r` is mounted before the
    # name typed right after it arrives, and `K` `K` typed in one burst queues two moves.
    BINDINGS = [
        Binding("a", "add", "Add", priority=True, tooltip="Add a stage after the focused one"),
        Binding(
            "r,enter",
            "rename",
            "Rename",
            priority=True,
            key_display="r",
            tooltip="Rename (history keeps the old name)",
        ),
        Binding("k", "kind", "Kind", priority=True, tooltip="Next kind: active, offer, hired"),
        Binding("K,shift+up", "move(-1)", "Up", priority=True, key_display="K", tooltip="Move the stage up"),
        Binding("J,shift+down", "move(1)", "Down", priority=True, key_display="J", tooltip="Move it down"),
        Binding("d,delete", "remove", "Remove", priority=True, tooltip="Remove (asks where applicants go)"),
        Binding("escape", "close", "Close", tooltip="Back, with the new stages shown"),
    ]

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.detail: JobDetail | None = None
        self.changed = False
        self._asked = 0  # writes asked for; only the newest one's stages are drawn
        self._drawn = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Stages", id="stage-bar", markup=False)
        yield DataTable(id="stage-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="stage-message", markup=False)
        yield Static(HELP, id="stage-help", markup=False)
        yield KeyFooter(compact=True)  # every key fits at 80 columns

    @property
    def table(self) -> DataTable:
        return self.query_one("#stage-table", DataTable)

    def on_mount(self) -> None:
        for key, title in (("n", "#"), ("name", "Stage"), ("kind", "Kind"), ("count", "Active applicants")):
            self.table.add_column(title, key=key)
        self.store_work(lambda store: store.jobs.job_detail(self.job_id), lambda d: self._draw(d, None))

    # -- drawing ----------------------------------------------------------------------------------------

    def _draw(self, detail: JobDetail, focus: int | None) -> None:
        keep = focus if focus is not None else self.current_stage_id
        self.detail = detail
        table = self.table
        index = table.cursor_row
        table.clear()
        for number, stage in enumerate(detail.stages, 1):
            kind = Text(stage.kind, style=KIND_STYLE.get(stage.kind, ""))
            count = Text(str(stage.count), justify="right")
            table.add_row(str(number), literal(stage.name), kind, count, key=str(stage.id))
        if keep is not None and str(keep) in table.rows:
            index = table.get_row_index(str(keep))
        table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        bar = Text("Stages of ", style="bold", no_wrap=True, overflow="ellipsis")
        bar.append_text(literal(detail.job.title, "bold"))
        stages = len(detail.stages)
        bar.append(
            f"  ·  {stages} stage{'' if stages == 1 else 's'} · {detail.active} active · {detail.hired} hired"
        )
        self.query_one("#stage-bar", Static).update(bar)

    def changes_arrived(self, batch: ChangeBatch) -> None:
        """Someone else changed this job's stages (or its applicants, whose counts are shown): the list is
        read again, the cursor on its stage, and a change to the stages themselves is said here, so a rename
        or removal of mine never goes over theirs unseen."""
        if not batch.for_job(self.job_id):
            return
        theirs = [c for c in batch.changes if c.entity == ChangeEntity.JOB and c.entity_id == self.job_id]
        if theirs:
            self._say(f"{theirs[-1].text}: the stages are shown as they are now")
        self._asked += 1
        asked = self._asked
        self.store_work(
            lambda store: store.jobs.job_detail(self.job_id),
            lambda detail: self._read_again(asked, detail),
            key="stage-live",
        )

    def _read_again(self, asked: int, detail: JobDetail) -> None:
        if asked >= self._drawn:
            self._drawn = asked
            self._draw(detail, None)

    def _say(self, line: str, *, refused: bool = False) -> None:
        self.query_one("#stage-message", Static).update(literal(line, "bold red" if refused else ""))

    @property
    def current_stage(self) -> StageCount | None:
        if self.detail is None or not self.table.row_count:
            return None
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value
        return next((s for s in self.detail.stages if str(s.id) == key), None)

    @property
    def current_stage_id(self) -> int | None:
        stage = self.current_stage
        return stage.id if stage is not None else None

    # -- writing ----------------------------------------------------------------------------------------

    def _write(self, change: Change, stage_id: int | None = None) -> None:
        """One store call on the writer thread, then the stages as they are after it."""
        self._asked += 1
        asked, job_id = self._asked, self.job_id
        self.store_work(
            lambda store: changes.write_then_read(store, job_id, change, stage_id),
            lambda written: self._written(asked, written),
            key="stage-write",
            serial=True,
        )

    def _written(self, asked: int, written: Written) -> None:
        if not written.refused:
            self.changed = True
        if asked >= self._drawn:  # a slower thread's older result never overdraws a newer one
            self._drawn = asked
            self._draw(written.detail, written.focus)
        self._say(written.said, refused=written.refused and written.holds is None)
        if written.holds is not None and written.stage_id is not None:
            self._ask_where(written.stage_id, written.holds.count, written.detail)

    async def action_add(self) -> None:
        if self.detail is None:
            return
        after = self.current_stage
        title = Text("New stage", style="bold")
        if after is not None:
            title.append(" after ")
            title.append_text(literal(after.name, "bold"))
        after_id = after.id if after is not None else None

        def named(got: tuple[str, str] | None) -> None:
            if got is not None:
                self._write(changes.add(self.job_id, after_id, got[0], got[1]))

        await push_focused(self.app, StageNameDialog(title, with_kind=True), named)

    async def action_rename(self) -> None:
        stage = self.current_stage
        if stage is None:
            return
        title = Text("Rename ", style="bold")
        title.append_text(literal(stage.name, "bold"))

        def named(got: tuple[str, str] | None) -> None:
            if got is not None:
                self._write(changes.rename(stage.id, got[0]))

        await push_focused(self.app, StageNameDialog(title, stage.name), named)

    def action_kind(self) -> None:
        stage_id = self.current_stage_id
        if stage_id is not None:
            self._write(changes.next_kind(self.job_id, stage_id))

    def action_move(self, step: int) -> None:
        stage_id = self.current_stage_id
        if stage_id is not None:
            self._write(changes.move(self.job_id, stage_id, step))

    def action_remove(self) -> None:
        stage_id = self.current_stage_id
        if stage_id is not None:
            self._write(changes.remove(self.job_id, stage_id), stage_id)

    def _ask_where(self, stage_id: int, held: int, detail: JobDetail) -> None:
        stage = next((s for s in detail.stages if s.id == stage_id), None)
        if stage is None:
            return

        def chosen(target: int | None) -> None:
            if target is None:
                self._say(f"Kept \u2018{stage.name}\u2019: nothing changed")
            else:
                self._write(changes.remove(self.job_id, stage_id, target))

        self.app.push_screen(MoveToDialog(stage, held, detail.stages), chosen)

    def action_close(self) -> None:
        self.dismiss(self.changed)
