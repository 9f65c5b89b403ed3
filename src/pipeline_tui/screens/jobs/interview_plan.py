"""The interview plan editor (`i` on the jobs screen, `v` on the board): one job's interview rounds, grouped
by the stage they belong to, each with its length, the focus attributes a scorecard rates and the questions
or prep notes for the panel.

Every change is one store call (`store.rounds`) in a worker on the writer thread, in key order, followed by
the plan read again, so the rows always show what the store holds. A refusal is one line here and nothing
is written. A stage without rounds has a row of its own, so `n` there adds the stage's first round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import RoundRecord
from pipeline_tui.core.records import JobRecord, StageRecord
from pipeline_tui.core.vocabulary import StageKind
from pipeline_tui.core.wording import counted
from pipeline_tui.screens.jobs.round_form import RemoveRoundDialog, RoundForm
from pipeline_tui.screens.shared.focus import push_focused
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal, plain

HELP = "n add · e/enter edit · x remove · [ ] or ctrl+↑↓ move in its stage · esc close"  # fits 80
NO_ROUNDS = "no rounds yet (n adds one)"


@dataclass(frozen=True)
class Plan:
    """A job's interview plan as the store holds it: the job, its stages, its rounds (stage order)."""

    job: JobRecord
    stages: tuple[StageRecord, ...]
    rounds: tuple[RoundRecord, ...]


@dataclass(frozen=True)
class PlanWritten:
    """What one change did, and the plan after it."""

    plan: Plan
    focus: int | None  # the round the cursor goes to (None: where it was)
    said: str
    refused: bool = False


def read_plan(store: Store, job_id: int) -> Plan:
    job = store.jobs.get(job_id)
    return Plan(job, tuple(store.jobs.stages(job_id)), tuple(store.rounds.for_job(job_id)))


# A change: given the store, write and say (the round the cursor goes to, what was done).
PlanChange = Callable[[Store], tuple[int | None, str]]


def write_then_read(store: Store, job_id: int, change: PlanChange) -> PlanWritten:
    try:
        focus, said = change(store)
    except PipelineError as refused:
        return PlanWritten(read_plan(store, job_id), None, str(refused), True)
    return PlanWritten(read_plan(store, job_id), focus, said)


def move_round(round_id: int, offset: int) -> PlanChange:
    def change(store: Store) -> tuple[int | None, str]:
        before = store.rounds.get(round_id)
        rounds = store.rounds.move(round_id, offset)
        mine = [r for r in rounds if r.stage_id == before.stage_id] or rounds
        index = next((i for i, r in enumerate(mine) if r.id == round_id), 0)
        if next((r.position for r in rounds if r.id == round_id), before.position) == before.position:
            edge = "first" if offset < 0 else "last"
            return round_id, f"\u2018{before.name}\u2019 is already the {edge} round of {before.stage_name}"
        return (
            round_id,
            f"\u2018{before.name}\u2019 is round {index + 1} of {len(mine)} in {before.stage_name}",
        )

    return change


def remove_round(round_id: int, name: str) -> PlanChange:
    def change(store: Store) -> tuple[int | None, str]:
        store.rounds.remove(round_id)
        return None, f"Removed \u2018{name}\u2019 (interviews already held keep its name)"

    return change


def planned_stages(plan: Plan) -> list[StageRecord]:
    """The stages a round can belong to: every stage but the hired one (unless it holds rounds)."""
    holding = {r.stage_id for r in plan.rounds}
    return [s for s in plan.stages if s.kind != StageKind.HIRED or s.id in holding]


class InterviewPlanScreen(StoreWork, Screen[bool]):
    """Edits one job's interview plan; dismissed with True when any change was written."""

    CSS_PATH = "interview_plan.tcss"
    AUTO_FOCUS = "#plan-table"
    # Priority, as in the stage editor: the form opened by `n` is mounted before the name typed after it.
    BINDINGS = [
        Binding("n", "add", "Add", priority=True, tooltip="Add a round to the focused stage"),
        Binding("e,enter", "edit", "Edit", priority=True, key_display="e", tooltip="Edit the focused round"),
        Binding(
            "x,delete", "remove", "Remove", priority=True, key_display="x", tooltip="Remove (asks first)"
        ),
        Binding(
            "left_square_bracket,ctrl+up",
            "move(-1)",
            "Up",
            priority=True,
            key_display="[",
            tooltip="Move the round earlier in its stage",
        ),
        Binding(
            "right_square_bracket,ctrl+down",
            "move(1)",
            "Down",
            priority=True,
            key_display="]",
            tooltip="Move the round later in its stage",
        ),
        Binding("escape", "close", "Close", tooltip="Back"),
    ]

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.plan: Plan | None = None
        self.changed = False
        self._asked = 0  # writes asked for; only the newest one's plan is drawn
        self._drawn = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Interview plan", id="plan-bar", markup=False)
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-detail", markup=False)
        yield Static("", id="plan-message", markup=False)
        yield Static(HELP, id="plan-help", markup=False)
        yield KeyFooter(compact=True)

    @property
    def table(self) -> DataTable:
        return self.query_one("#plan-table", DataTable)

    def on_mount(self) -> None:
        columns = (("stage", "Stage"), ("n", "#"), ("name", "Round"), ("min", "Min"), ("focus", "Focus"))
        for key, title in columns:
            self.table.add_column(title, key=key)
        self.table.add_column("Qs", key="questions")
        job_id = self.job_id
        self.store_work(lambda store: read_plan(store, job_id), lambda plan: self._draw(plan, None))

    # -- drawing ----------------------------------------------------------------------------------------

    def _focus_width(self, plan: Plan) -> int:
        """What the focus attributes column gets of the width the other columns leave (the full list is in
        the detail under the table)."""
        stage = max((len(s.name) for s in plan.stages), default=5)
        name = max((len(r.name) for r in plan.rounds), default=5)
        others = max(stage, 5) + max(name, 5) + 2 + 3 + 2  # stage, round, #, minutes, questions
        return max(12, self.size.width - others - 2 * 6 - 3)  # cell padding, scrollbar

    def _draw(self, plan: Plan, focus: int | None) -> None:
        keep = f"r{focus}" if focus is not None else self._current_key()
        self.plan = plan
        table = self.table
        index = table.cursor_row
        table.clear()
        width = self._focus_width(plan)
        by_stage: dict[int, list[RoundRecord]] = {}
        for one in plan.rounds:
            by_stage.setdefault(one.stage_id, []).append(one)
        for stage in planned_stages(plan):
            rounds = by_stage.get(stage.id, [])
            if not rounds:
                empty = Text(NO_ROUNDS, style="dim italic")
                table.add_row(literal(stage.name, "bold"), "", empty, "", "", "", key=f"s{stage.id}")
            for number, one in enumerate(rounds, 1):
                stage_cell = literal(stage.name, "bold") if number == 1 else Text("")
                focus_cell = Text(plain(", ".join(one.attributes)), no_wrap=True, overflow="ellipsis")
                focus_cell.truncate(width, overflow="ellipsis")
                table.add_row(
                    stage_cell,
                    str(number),
                    literal(one.name),
                    Text(str(one.duration_min), justify="right"),
                    focus_cell,
                    Text(str(len(one.questions)), justify="right"),
                    key=f"r{one.id}",
                )
        if keep is not None and keep in table.rows:
            index = table.get_row_index(keep)
        if table.row_count:
            table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        bar = Text("Interview plan of ", style="bold", no_wrap=True, overflow="ellipsis")
        bar.append_text(literal(plan.job.title, "bold"))
        stages = len({r.stage_id for r in plan.rounds})
        bar.append(f"  ·  {counted(len(plan.rounds), 'round')} in {counted(stages, 'stage')}")
        self.query_one("#plan-bar", Static).update(bar)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#plan-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The focused round in full: its focus attributes and questions, one per line."""
        one = self.current_round
        detail = Text()
        if one is not None:
            detail.append("Focus: ", style="bold")
            detail.append_text(
                literal(", ".join(one.attributes) or "none (its scorecard has only the overall)")
            )
            detail.append("\nQuestions / prep notes:", style="bold")
            for question in one.questions or ("none",):
                detail.append("\n  \u2022 ")
                detail.append_text(literal(question))
        self.query_one("#plan-detail", Static).update(detail)

    def _say(self, line: str, *, refused: bool = False) -> None:
        self.query_one("#plan-message", Static).update(literal(line, "bold red" if refused else ""))

    def _current_key(self) -> str | None:
        table = self.table
        if self.plan is None or not table.row_count:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    @property
    def current_round(self) -> RoundRecord | None:
        key = self._current_key()
        if self.plan is None or key is None or not key.startswith("r"):
            return None
        return next((r for r in self.plan.rounds if r.id == int(key[1:])), None)

    @property
    def current_stage_id(self) -> int | None:
        """The focused row's stage: the round's, or the stage of an empty stage's row."""
        key = self._current_key()
        if key is None:
            return None
        if key.startswith("s"):
            return int(key[1:])
        one = self.current_round
        return one.stage_id if one is not None else None

    # -- writing ----------------------------------------------------------------------------------------

    def _write(self, change: PlanChange) -> None:
        self._asked += 1
        asked, job_id = self._asked, self.job_id
        self.store_work(
            lambda store: write_then_read(store, job_id, change),
            lambda written: self._written(asked, written),
            key="plan-write",
            serial=True,
        )

    def _written(self, asked: int, written: PlanWritten) -> None:
        if not written.refused:
            self.changed = True
        if asked >= self._drawn:  # an older write's plan never overdraws a newer one
            self._drawn = asked
            self._draw(written.plan, written.focus)
        self._say(written.said, refused=written.refused)

    def _saved(self, saved: RoundRecord | None) -> None:
        if saved is None:
            return
        self.changed = True
        self._say(f"Saved \u2018{saved.name}\u2019 ({saved.stage_name}, {saved.duration_min} min)")
        job_id = self.job_id
        self.store_work(lambda store: read_plan(store, job_id), lambda plan: self._draw(plan, saved.id))

    async def action_add(self) -> None:
        if self.plan is None:
            return
        stages = planned_stages(self.plan)
        if not stages:
            self._say("This job has no stage a round could belong to", refused=True)
            return
        form = RoundForm(self.plan.job, stages, stage_id=self.current_stage_id)
        await push_focused(self.app, form, self._saved)

    async def action_edit(self) -> None:
        one = self.current_round
        if self.plan is None:
            return
        if one is None:
            await self.action_add()  # an empty stage's row: its first round
            return
        form = RoundForm(self.plan.job, planned_stages(self.plan), editing=one)
        await push_focused(self.app, form, self._saved)

    async def action_remove(self) -> None:
        one = self.current_round
        if one is None:
            self._say("No round here to remove")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(remove_round(one.id, one.name))
            else:
                self._say(f"Kept \u2018{one.name}\u2019: nothing changed")

        await push_focused(self.app, RemoveRoundDialog(one), answered)

    def action_move(self, offset: int) -> None:
        one = self.current_round
        if one is not None:
            self._write(move_round(one.id, offset))

    def action_close(self) -> None:
        self.dismiss(self.changed)
