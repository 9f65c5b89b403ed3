"""`j` on the Reports screen: which job the reports are for. "All jobs" first, then every job with its status
(open first, as the store lists them); type to filter, `enter` picks, `esc` keeps the job shown."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.records import JobSummary
from pipeline_tui.screens.board.job_switcher import STATUS_LABEL
from pipeline_tui.screens.reports.selection import ALL_JOBS
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain

ALL_ID = "all"


@dataclass(frozen=True)
class PickedJob:
    """The job picked (None: all jobs) and its title, as the header shows it."""

    job_id: int | None
    title: str | None


def picker_line(summary: JobSummary) -> Text:
    job = summary.job
    line = literal(job.title, "bold")
    line.append(f"  [{STATUS_LABEL.get(job.status, job.status)}]", style="italic")
    where = " · ".join(plain(x) for x in (job.department, job.location) if x)
    if where:
        line.append(f"  {where}", style="dim")
    return line


class ReportJobPicker(StoreWork, ModalScreen[PickedJob | None]):
    """Every job to report on; the one shown is highlighted when the list opens."""

    CSS_PATH = "reports.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "highlight(-1)", "Previous job", show=False),
        Binding("down", "highlight(1)", "Next job", show=False),
    ]

    def __init__(self, current: int | None = None) -> None:
        super().__init__()
        self.current = current
        self.jobs: list[JobSummary] = []
        self._listed = False
        self._enter_pending = False  # enter typed before the jobs arrived: pick once they have

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Report on which job?", style="bold"), classes="dialog-title")
            yield Input(placeholder="Type to filter jobs", id="report-job-filter")
            options = OptionList(id="report-jobs")
            options.can_focus = False  # driven from the filter field
            yield options
            yield Static("enter pick · ↑↓ move · esc cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#report-job-filter", Input).focus()
        self._fill("")
        self.store_work(lambda store: store.jobs.list_jobs(), self._arrived, key="report-jobs")

    def _arrived(self, jobs: list[JobSummary]) -> None:
        self.jobs, self._listed = jobs, True
        self._fill(self.query_one("#report-job-filter", Input).value)
        if self._enter_pending:
            self._pick()

    def _fill(self, needle: str) -> None:
        words = needle.casefold().split()
        every = not words or all(w in ALL_JOBS.casefold() for w in words)  # "all", "jobs": All jobs stays
        options = [Option(Text(ALL_JOBS, style="bold"), id=ALL_ID)] if every else []
        for summary in self.jobs:
            job = summary.job
            hay = " ".join(plain(x) for x in (job.title, job.department, job.location, job.status) if x)
            if all(w in hay.casefold() for w in words):
                options.append(Option(picker_line(summary), id=str(job.id)))
        listed = self.query_one("#report-jobs", OptionList)
        listed.set_options(options)
        if options:
            ids = [o.id for o in options]
            wanted = ALL_ID if self.current is None else str(self.current)
            listed.highlighted = ids.index(wanted) if wanted in ids and not words else 0

    @on(Input.Changed, "#report-job-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_highlight(self, step: int) -> None:
        listed = self.query_one("#report-jobs", OptionList)
        listed.action_cursor_down() if step > 0 else listed.action_cursor_up()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _pick(self) -> None:
        if not self._listed:
            self._enter_pending = True
            return
        option = self.query_one("#report-jobs", OptionList).highlighted_option
        if option is None or option.id is None:
            self.notify("No job matches", severity="warning")
            return
        if option.id == ALL_ID:
            self.dismiss(PickedJob(None, None))
            return
        job = next(s.job for s in self.jobs if str(s.job.id) == option.id)
        self.dismiss(PickedJob(job.id, job.title))

    def action_cancel(self) -> None:
        self.dismiss(None)
