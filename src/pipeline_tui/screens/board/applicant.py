"""One applicant in full: contact details, this application's stage history, notes, other applications and
pools. Opened from a board card with enter; esc returns to the same card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from pipeline_tui.core.detail import ApplicantDetail, undone_ids
from pipeline_tui.core.records import (
    ActivityRecord,
    CandidateApplication,
    CandidateRecord,
    PoolMembershipRecord,
    StageEventRecord,
    StageStay,
)
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, CLOSING_ACTIONS, OPENING_ACTIONS, ActivityKind
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.stage_column import stars

if TYPE_CHECKING:
    from pipeline_tui.store import Store

ACTIONS = {
    "applied": "applied",
    "handoff": "handed over from a pool",
    "move": "moved",
    "hire": "hired",
    "reject": "rejected",
    "withdraw": "withdrew",
    "reopen": "reopened",
    "undo": "undo",
}


def when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


def duration(seconds: float) -> str:
    """Compact human duration: 3d 4h, 5h 10m, 12m."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {mins}m"
    return f"{mins}m"


def _field(label: str, value: object) -> Text:
    line = Text(f"{label:<10}", style="dim")
    line.append_text(literal(value) if value else Text("—", style="dim"))
    return line


def _who(detail: ApplicantDetail) -> Text:
    """Name and role, then job, stage, status, rating and source; why it closed, if it did."""
    candidate, app = detail.candidate, detail.application
    who = literal(candidate.full_name, "bold")
    role = " @ ".join(plain(x) for x in (candidate.current_title, candidate.current_company) if x)
    if role:
        who.append("  ")
        who.append(role)
    who.append("\n")
    who.append_text(literal(detail.job.title, "italic"))
    who.append(f" · {plain(detail.stage_name)} · {app.status} · ")
    who.append(stars(app.rating), style="yellow")
    who.append(f" · applied {when(app.applied_at)}")
    if app.source:
        who.append(" via ")
        who.append_text(literal(app.source))
    if app.status in CLOSED_STATUSES:
        who.append("\n")
        who.append(f"{app.status.capitalize()}: ", style="bold")
        who.append_text(literal(app.rejection_reason or "no reason given"))
        if app.rejection_note:
            who.append(" — ")
            who.append_text(literal(app.rejection_note))
    return who


def _contact(candidate: CandidateRecord) -> Group:
    return Group(
        Text("Contact", style="bold underline"),
        _field("E-mail", candidate.email),
        _field("Phone", candidate.phone),
        _field("Location", candidate.location),
        _field("LinkedIn", candidate.linkedin_url),
        _field("GitHub", candidate.github_url),
        _field("Website", candidate.website_url),
        _field("Source", candidate.source),
        _field("Consent", candidate.consent_status),
    )


class ApplicantScreen(StoreWork, Screen):
    """Read-mostly detail of one application; the one thing typed here is a note."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back to board"),
        Binding("n", "note", "Add note"),
        Binding("e", "privacy_export", "Export data (privacy)"),
        Binding("E", "privacy_erase", "Erase person (privacy)"),
    ]

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id
        self.candidate: CandidateRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="applicant"):
            yield Static(id="who", markup=False)
            yield Static(id="contact", classes="section", markup=False)
            yield Static(id="history", classes="section", markup=False)
            yield Static("Notes and activity", classes="section-title", markup=False)
            yield Input(placeholder="Add a note: type and press enter", id="note")
            yield Static(id="activity", classes="section-body", markup=False)
            yield Static(id="elsewhere", classes="section", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#applicant").focus()
        self.load()

    def load(self) -> None:
        """Read the whole view in one store call (one transaction), off the UI thread; draw when it arrives.
        If it cannot be read (the application is gone), the error path says so and the screen closes."""
        app_id = self.application_id
        self.store_work(
            lambda store: store.applicant_detail.get(app_id),
            self._show,
            key="detail",
            exclusive=True,
            on_failed=lambda _error: self.dismiss(),
        )

    def _show(self, detail: ApplicantDetail) -> None:
        self.candidate = candidate = detail.candidate
        self.sub_title = plain(candidate.full_name)
        self.query_one("#who", Static).update(_who(detail))
        self.query_one("#contact", Static).update(_contact(candidate))
        app = detail.application
        closed_at = None
        if app.status in CLOSED_STATUSES:
            closing = [e for e in detail.events if e.action in CLOSING_ACTIONS]
            closed_at = closing[-1].at if closing else None
        self.query_one("#history", Static).update(self._history(detail.stays, detail.events, closed_at))
        self._show_activity(detail.activities)
        self.query_one("#elsewhere", Static).update(self._elsewhere(detail.others, detail.pools))

    def _history(
        self, stays: Sequence[StageStay], events: Sequence[StageEventRecord], closed_at: datetime | None
    ) -> Group:
        """Stays with their length; a rejected or withdrawn application's last stay ends when it closed. In the
        log, a change that was undone is marked so (it made no stay)."""
        now = self.pipeline.clock()
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="dim")
        table.add_column("Stage")
        table.add_column("Entered")
        table.add_column("Left")
        table.add_column("Time in stage", justify="right")
        for stay in stays:
            left = stay.left_at or closed_at
            seconds = stay.seconds if stay.left_at else ((left or now) - stay.entered_at).total_seconds()
            table.add_row(
                literal(stay.stage_name),
                when(stay.entered_at),
                when(left) if left else Text("now", style="italic"),
                duration(max(0.0, seconds)),
            )
        log = Text()
        undone = undone_ids(events)
        for ev in events:
            line = Text(f"{when(ev.at)}  ", style="dim")
            line.append(ACTIONS.get(ev.action, ev.action))
            if ev.from_stage_name and ev.to_stage_name and ev.from_stage_name != ev.to_stage_name:
                line.append(" ")
                line.append_text(literal(ev.from_stage_name))
                line.append(" → ")
                line.append_text(literal(ev.to_stage_name))
            elif ev.to_stage_name and ev.action in OPENING_ACTIONS:
                line.append(" into ")
                line.append_text(literal(ev.to_stage_name))
            if ev.reason:
                line.append(": ")
                line.append_text(literal(ev.reason))
            if ev.note and ev.action not in OPENING_ACTIONS:
                line.append(" — ")
                line.append_text(literal(ev.note))
            if ev.actor:
                line.append("  by ", style="dim")
                line.append_text(literal(ev.actor, "dim"))
            if ev.id in undone:
                line.stylize("dim")
                line.append("  (undone)", style="italic")
            log.append_text(line)
            log.append("\n")
        log.rstrip()
        return Group(Text("Stage history", style="bold underline"), table, Text(""), log)

    def _show_activity(self, activities: Sequence[ActivityRecord]) -> None:
        if not activities:
            body = Text("No notes or activity yet.", style="dim")
        else:
            body = Text()
            for act in activities:
                body.append(f"{when(act.at)}  {act.kind}", style="dim")
                if act.actor:
                    body.append("  ")
                    body.append_text(literal(act.actor, "dim"))
                body.append("\n")
                body.append_text(literal(act.body, multiline=True))
                body.append("\n\n")
            body.rstrip()
        self.query_one("#activity", Static).update(body)

    def _elsewhere(
        self, others: Sequence[CandidateApplication], pools: Sequence[PoolMembershipRecord]
    ) -> Group:
        apps = Text()
        if not others:
            apps.append("No other applications.", style="dim")
        for other in others:
            apps.append_text(literal(other.job_title, "bold"))
            apps.append(f" ({other.job_status}) · ")
            apps.append_text(literal(other.stage_name))
            apps.append(f" · {other.application.status} · applied {when(other.application.applied_at)}")
            if other.application.rejection_reason:
                apps.append(" · ")
                apps.append_text(literal(other.application.rejection_reason))
            apps.append("\n")
        apps.rstrip()
        pool_text = Text()
        if not pools:
            pool_text.append("Not in any pool.", style="dim")
        for member in pools:
            pool_text.append_text(literal(member.pool_name, "bold"))
            pool_text.append(f" · {member.status.replace('_', ' ')} · added {when(member.added_at)}")
            if member.added_by:
                pool_text.append(" by ")
                pool_text.append_text(literal(member.added_by))
            pool_text.append("\n")
        pool_text.rstrip()
        return Group(
            Text("Other applications", style="bold underline"),
            apps,
            Text(""),
            Text("Pools", style="bold underline"),
            pool_text,
        )

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _add_note(self, event: Input.Submitted) -> None:
        if self.candidate is None:
            return
        body = event.value.strip()
        if not body:
            self.notify("Type the note first", severity="warning", markup=False)
            return
        candidate_id, app_id = self.candidate.id, self.application_id

        def add(store: Store) -> list[ActivityRecord]:
            store.activities.add(candidate_id, ActivityKind.NOTE, body, application_id=app_id)
            return store.activities.for_candidate(candidate_id)

        def saved(activities: list[ActivityRecord]) -> None:
            event.input.value = ""
            self._show_activity(activities)
            self.notify("Note saved", markup=False)

        self.store_work(add, saved, key="note", serial=True)

    def action_privacy_export(self) -> None:
        """`e`: everything held about this person, as JSON, for a data request."""
        if self.candidate is not None:
            self.app.push_screen(PrivacyExportDialog(self.candidate.id))

    def action_privacy_erase(self) -> None:
        """`E`: anonymise this person everywhere (asks for a typed confirmation); the screen then shows what is left."""
        if self.candidate is not None:
            self.app.push_screen(
                PrivacyEraseDialog(self.candidate.id), lambda result: self.load() if result else None
            )

    def action_back(self) -> None:
        if self.focused is self.query_one("#note", Input) and self.query_one("#note", Input).value:
            self.query_one("#note", Input).value = ""
            self.query_one("#applicant").focus()
            return
        self.dismiss()
