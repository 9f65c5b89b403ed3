"""A job's status (`s` on the jobs screen): only the changes the store allows from where the job is.

Closing or filling a job that still has active applicants asks what to do with them: keep them, or reject
them all with a reason ("Position closed" unless changed). The store decides whether there are any (it
refuses with ActiveApplicants) and does the rejections and the status in one transaction.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import ActiveApplicants, PipelineError
from pipeline_tui.core.records import JobSummary, StatusChange
from pipeline_tui.core.vocabulary import JOB_TRANSITIONS, JobStatus
from pipeline_tui.screens.jobs.listing import STATUS_WORD
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal

DEFAULT_REASON = "Position closed"
ENDED = ("filled", "closed")


def choice_label(current: str, target: str) -> str:
    if target == JobStatus.OPEN:
        return "Reopen" if current in ENDED else "Open"
    return {"on_hold": "Put on hold", "filled": "Mark filled", "closed": "Close"}.get(target, target)


Outcome = StatusChange | ActiveApplicants | str


class StatusDialog(StoreWork, ModalScreen[StatusChange | None]):
    """Returns what the store did (the job now, how many it rejected), or None when cancelled."""

    CSS_PATH = "jobs.tcss"
    AUTO_FOCUS = "#status-choices"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, summary: JobSummary) -> None:
        super().__init__()
        self.summary = summary
        self.targets = [str(t) for t in JOB_TRANSITIONS.get(JobStatus(summary.job.status), ())]
        self.target: str | None = None  # the status asked for, once chosen

    def compose(self) -> ComposeResult:
        job, summary = self.summary.job, self.summary
        with Vertical(id="status-dialog", classes="dialog"):
            title = Text("Status of ", style="bold")
            title.append_text(literal(job.title, "bold"))
            title.append(f"  ({STATUS_WORD.get(job.status, job.status)})", style="italic")
            yield Static(title, classes="dialog-title")
            hires = f"{summary.hired_count}/{job.headcount} hired · {summary.active_count} active"
            full = summary.hired_count >= job.headcount and "filled" in self.targets
            yield Static(hires + (": every hire is made, mark it filled?" if full else ""), id="status-facts")
            options = [Option(choice_label(job.status, t), id=t) for t in self.targets]
            yield OptionList(*options, id="status-choices")
            with Vertical(id="active-step"):
                yield Static("", id="active-question", markup=False)
                yield OptionList(
                    Option("Keep them in the pipeline", id="keep"),
                    Option("Reject them all, with this reason:", id="reject"),
                    id="active-choices",
                )
                with Horizontal(id="reason-row"):
                    yield Label("Reason")
                    yield Input(DEFAULT_REASON, id="reject-reason", compact=True)
            yield Static("", id="status-message", markup=False)
            yield Static("enter choose · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#active-step").display = False
        choices = self.query_one("#status-choices", OptionList)
        if "filled" in self.targets and self.summary.hired_count >= self.summary.job.headcount:
            choices.highlighted = self.targets.index("filled")

    @on(OptionList.OptionSelected, "#status-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.target = str(event.option.id)
        self._change("refuse")

    @on(OptionList.OptionSelected, "#active-choices")
    def _active_chosen(self, event: OptionList.OptionSelected) -> None:
        self._change(str(event.option.id))

    @on(Input.Submitted, "#reject-reason")
    def _reason_given(self) -> None:
        self._change("reject")

    def _change(self, active: str) -> None:
        job_id, target = self.summary.job.id, self.target
        assert target is not None
        reason = self.query_one("#reject-reason", Input).value.strip() or DEFAULT_REASON

        def change(store: Store) -> Outcome:
            try:
                return store.jobs.set_status(job_id, target, active=active, reason=reason)
            except ActiveApplicants as exc:
                return exc
            except PipelineError as exc:
                return str(exc)

        self.store_work(change, self._outcome, key="job-status", serial=True)

    def _outcome(self, outcome: Outcome) -> None:
        if isinstance(outcome, StatusChange):
            self.dismiss(outcome)
        elif isinstance(outcome, ActiveApplicants):
            self._ask_about_active(outcome.count)
        else:
            self.query_one("#status-message", Static).update(literal(outcome, "bold red"))

    def _ask_about_active(self, count: int) -> None:
        people = "1 active applicant" if count == 1 else f"{count} active applicants"
        verb = "filled" if self.target == "filled" else "closed"
        self.query_one("#active-question", Static).update(
            f"The job has {people}. Before it is {verb}, what happens to them?"
        )
        self.query_one("#status-choices").display = False
        self.query_one("#active-step").display = True
        self.query_one("#active-choices", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
