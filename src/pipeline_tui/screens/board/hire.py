"""Hiring with care: a move into the hired stage (`>`, a drag) asks first, with one key, and warns when the
job's hires already reach its headcount; a hire that makes them reach it offers to mark the job filled.

Both dialogs open at once (a `>` `y` typed in one burst hires) and read the counts in a worker
(`store.jobs.headcount`), so the warning never quotes a count the board has not caught up with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from pipeline_tui.core.records import BoardCard, JobRecord, StageRecord, StatusChange
from pipeline_tui.core.vocabulary import JOB_TRANSITIONS, JobStatus
from pipeline_tui.screens.board.changed_under import ChangedUnderYou, changed_line
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import plain, sentence

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# The statuses a job may go to filled from (core.vocabulary.JOB_TRANSITIONS).
FILLABLE = tuple(status for status, targets in JOB_TRANSITIONS.items() if JobStatus.FILLED in targets)


def _title(*parts: tuple[str, bool]) -> Static:
    return Static(sentence(*parts, style="bold"), classes="dialog-title")


class _OneKeyDialog(StoreWork, ModalScreen[bool]):
    """y or enter answers yes, n or escape no: one key, nothing else to focus."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class HireConfirm(ChangedUnderYou, _OneKeyDialog):
    """Before a move into the hired stage: True hires, False leaves the card where it is."""

    def __init__(self, applicant_name: str, job: JobRecord, stage: StageRecord) -> None:
        super().__init__()
        self.applicant_name, self.job, self.stage = applicant_name, job, stage

    def compose(self) -> ComposeResult:
        with Vertical(id="hire-dialog", classes="dialog"):
            yield _title(("Hire ", False), (self.applicant_name, True), ("?", False))
            where = (
                ("Moves them into ", False),
                (self.stage.name, True),
                (" of ", False),
                (self.job.title, True),
            )
            yield Static(sentence(*where, (".", False)), classes="dialog-body")
            yield Static("", id="hire-count", classes="dialog-body")
            yield changed_line()
            yield Static("y / enter hire · n / esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        job_id = self.job.id
        self.store_work(lambda store: store.jobs.headcount(job_id), self._counted, key="headcount")

    def _counted(self, counts: tuple[int, int]) -> None:
        hired, headcount = counts
        line = self.query_one("#hire-count", Static)
        if hired >= headcount:
            line.add_class("-warning")
            line.update(
                f"Headcount already filled: {plain(self.job.title)} has {hired} of {headcount} "
                f"{'hire' if headcount == 1 else 'hires'}. This would be hire {hired + 1}."
            )
        else:
            line.update(f"Hire {hired + 1} of {headcount}.")


class FillJobOffer(_OneKeyDialog):
    """After a hire that makes the job's hires reach its headcount: True marks the job filled."""

    def __init__(self, job: JobRecord, hired: int, headcount: int) -> None:
        super().__init__()
        self.job, self.hired, self.headcount = job, hired, headcount

    def compose(self) -> ComposeResult:
        with Vertical(id="fill-dialog", classes="dialog"):
            yield _title(("Mark ", False), (self.job.title, True), (" filled?", False))
            yield Static(
                f"It has {self.hired} of {self.headcount} {'hire' if self.headcount == 1 else 'hires'}: "
                "its headcount is reached. A filled job takes no new applicants; "
                "anyone still active stays on the board.",
                classes="dialog-body",
            )
            yield Static("y / enter mark filled · n / esc keep it open", classes="dialog-hint")


class HireCare:
    """Mixin for BoardScreen: the hire confirmation and the offer to mark the job filled."""

    job: JobRecord | None
    _push: Callable
    store_work: Callable
    notify: Callable

    def confirm_hire(self, card: BoardCard, stage: StageRecord, hire: Callable[[], None]) -> None:
        """Ask before `hire` moves the card into the hired stage; n / esc changes nothing."""
        if self.job is None:
            return
        self._push(
            HireConfirm(card.full_name, self.job, stage), lambda yes: hire() if yes else None, card=card
        )

    def offer_filled(self, job_id: int) -> None:
        """After a hire: when the job's hires now reach its headcount (and it can be filled), offer it."""

        def read(store: Store) -> tuple[JobRecord, int, int]:
            hired, headcount = store.jobs.headcount(job_id)
            return store.jobs.get(job_id), hired, headcount

        def counted(found: tuple[JobRecord, int, int]) -> None:
            job, hired, headcount = found
            if hired >= headcount and job.status in FILLABLE:
                self._push(FillJobOffer(job, hired, headcount), lambda yes: self._fill(job) if yes else None)

        self.store_work(read, counted, key="headcount")

    def _fill(self, job: JobRecord) -> None:
        """Mark the job filled; whoever is still active stays on the board (the store's "keep")."""
        job_id = job.id

        def fill(store: Store) -> StatusChange:
            return store.jobs.set_status(job_id, JobStatus.FILLED, active="keep")

        self.store_work(fill, self._filled, key="fill")

    def _filled(self, change: StatusChange) -> None:
        job = change.job
        if self.job is not None and self.job.id == job.id:
            self.job = job
            self.job_changed()
        self.notify(f"{plain(job.title)} marked filled", markup=False)

    def job_changed(self) -> None:
        """The open job's record was replaced: redraw what shows it (the screen's job bar)."""
