"""Picking the job whose board to show: a filter-as-you-type list, and the same jobs in the command palette."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import WorkerCancelled, WorkerFailed

from pipeline_tui.core.records import JobSummary
from pipeline_tui.core.vocabulary import JobStatus
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain

if TYPE_CHECKING:
    from pipeline_tui.app import PipelineApp

STATUS_LABEL = {s.value: s.label for s in JobStatus}


def job_line(summary: JobSummary) -> Text:
    job = summary.job
    line = literal(job.title, "bold")
    where = " · ".join(plain(x) for x in (job.department, job.location) if x)
    if where:
        line.append(f"  {where}", style="dim")
    line.append(f"  [{STATUS_LABEL.get(job.status, job.status)}]", style="italic")
    line.append(f"  {summary.active_count} active")
    if summary.hired_count:
        line.append(f" · {summary.hired_count} hired", style="dim")
    return line


class JobSwitcher(StoreWork, ModalScreen[int | None]):
    """Lists jobs (open first) with status and active counts; type to filter, enter opens, esc cancels."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "highlight(-1)", "Previous job", show=False),
        Binding("down", "highlight(1)", "Next job", show=False),
    ]

    def __init__(self, current: int | None = None) -> None:
        super().__init__()
        self.current = current
        self.jobs: list[JobSummary] = []
        self._listed_yet = False
        self._enter_pending = False  # enter typed before the jobs arrived: open once they have

    def compose(self) -> ComposeResult:
        with Vertical(id="job-dialog", classes="dialog"):
            yield Static(Text("Open a job's board", style="bold"), classes="dialog-title")
            yield Input(placeholder="Type to filter jobs", id="job-filter")
            yield _pick_list("jobs")
            yield Static("enter open · ↑↓ pick · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#job-filter", Input).focus()
        self.store_work(lambda store: store.jobs.list_jobs(), self._listed, key="jobs")

    def _listed(self, jobs: list[JobSummary]) -> None:
        """The jobs arrived: list them, filtered by whatever was typed meanwhile."""
        self.jobs, self._listed_yet = jobs, True
        self._fill(self.query_one("#job-filter", Input).value)
        if self._enter_pending:
            self._open()

    def _fill(self, needle: str) -> None:
        words = needle.casefold().split()
        options = []
        for summary in self.jobs:
            job = summary.job
            hay = " ".join(
                plain(x) for x in (job.title, job.department, job.location, job.status) if x
            ).casefold()
            if all(w in hay for w in words):
                options.append(Option(job_line(summary), id=str(job.id)))
        jobs = self.query_one("#jobs", OptionList)
        jobs.set_options(options)
        if options:
            ids = [o.id for o in options]
            jobs.highlighted = ids.index(str(self.current)) if str(self.current) in ids and not words else 0

    @on(Input.Changed, "#job-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_highlight(self, step: int) -> None:
        jobs = self.query_one("#jobs", OptionList)
        jobs.action_cursor_down() if step > 0 else jobs.action_cursor_up()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _open(self) -> None:
        if not self._listed_yet:
            self._enter_pending = True
            return
        option = self.query_one("#jobs", OptionList).highlighted_option
        if option is None or option.id is None:
            self.notify("No job matches", severity="warning", markup=False)
            return
        self.dismiss(int(option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class JobCommands(Provider):
    """Command palette: "Open board: <job>" for every job."""

    async def startup(self) -> None:
        """The jobs are read in a thread worker while the palette opens (never on the UI thread)."""
        app = cast("PipelineApp", self.app)
        worker = self.app.run_worker(
            lambda: app.wait_for_store().jobs.list_jobs(), thread=True, group="palette", exit_on_error=False
        )
        try:
            self._jobs = await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            self._jobs = []

    def _label(self, summary: JobSummary) -> str:
        status = STATUS_LABEL.get(summary.job.status, summary.job.status)
        return f"Open board: {plain(summary.job.title)} ({status}, {summary.active_count} active)"

    async def discover(self) -> Hits:
        for summary in self._jobs:
            label = self._label(summary)
            yield DiscoveryHit(Content(label), partial(self._open, summary.job.id), text=label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for summary in self._jobs:
            label = self._label(summary)
            score = matcher.match(label)
            if score > 0:
                # Content(...) is never parsed as markup: a job title is user text.
                yield Hit(score, Content(label), partial(self._open, summary.job.id), text=label)

    def _open(self, job_id: int) -> None:
        app = cast("PipelineApp", self.app)
        app.call_later(app.show_board, job_id)


def _pick_list(list_id: str) -> OptionList:
    """The list is driven from the filter field (arrows, enter), so tab goes straight to the next field."""
    options = OptionList(id=list_id)
    options.can_focus = False
    return options
