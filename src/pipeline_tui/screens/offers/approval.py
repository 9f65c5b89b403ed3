"""The approval dialog: one offer's current version, every approver's decision, and the current user's own.

The offer is drawn at once from the record it was opened with, then read again in a worker together with
who the current user is (the offer may have changed since the list was drawn). Only an approver whose
decision on the current version is still pending can approve (`a`) or reject (`x`); anyone else is told why.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import ApprovalRecord, OfferRecord
from pipeline_tui.core.hiring_vocabulary import ApprovalDecision, OfferStatus
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.wording import counted
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.offer_form import show_salary
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal

HINT = "a approve · x reject · c comment (enter: done) · esc close"
DECISION_STYLE = {"approved": "green", "rejected": "red", "pending": "yellow"}


@dataclass(frozen=True)
class ApprovalData:
    offer: OfferRecord
    me: TeamMemberRecord | None


def read_approval(store: Store, offer_id: int) -> ApprovalData:
    return ApprovalData(store.offers.get(offer_id), store.team.current())


def my_approval(offer: OfferRecord, me: TeamMemberRecord | None) -> ApprovalRecord | None:
    if me is None:
        return None
    return next((a for a in offer.approvals if a.approver.id == me.id), None)


def why_not(offer: OfferRecord, me: TeamMemberRecord | None) -> str | None:
    """Why the current user cannot decide on this offer now, or None when they can."""
    mine = my_approval(offer, me)
    if me is None:
        return "You are not on the team yet, so you approve nothing (set PIPELINE_TUI_USER or config user)."
    if mine is None:
        return f"You are not an approver of version {offer.version}: only its approvers decide."
    if mine.decision != ApprovalDecision.PENDING.value:
        return f"You already {mine.decision} version {offer.version}."
    if offer.status != OfferStatus.PENDING_APPROVAL.value:
        return f"The offer is {offer.status.replace('_', ' ')}: there is no approval to give now."
    return None


def describe_offer(offer: OfferRecord) -> Text:
    """The offer's terms and its approvals, every user-typed part literal."""
    terms = offer.terms
    text = Text()
    text.append("Job title  ", style="dim")
    text.append_text(literal(terms.job_title))
    text.append("\nSalary     ", style="dim")
    text.append(show_salary(terms))
    text.append("\nStarts     ", style="dim")
    text.append(terms.start_date.isoformat() if terms.start_date else "—")
    text.append("   Expires ", style="dim")
    text.append(terms.expires_on.isoformat() if terms.expires_on else "—")
    for label, value in (("Terms", terms.terms), ("Notes", terms.notes)):
        if value:
            text.append(f"\n{label}\n", style="dim")
            text.append_text(literal(value, multiline=True))
    text.append(f"\n\nApprovals of version {offer.version}", style="bold")
    if not offer.approvals:
        text.append("\n  no approvers", style="dim")
    for approval in offer.approvals:
        text.append("\n  ")
        text.append_text(literal(approval.approver.name))
        text.append(f"  {approval.decision}", style=DECISION_STYLE.get(approval.decision, ""))
        if approval.comment:
            text.append(": ")
            text.append_text(literal(approval.comment, "italic"))
    older = len([v for v in offer.versions if v.version < offer.version])
    if older:
        text.append(f"\n{counted(older, 'older version')} kept", style="dim")
    return text


class ApprovalDialog(StoreWork, ModalScreen[OfferRecord | None]):
    """Returns the updated OfferRecord after a decision, or None when closed without one."""

    CSS_PATH = "offers.tcss"
    AUTO_FOCUS = "#approval-approve"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("a", "decide('approve')", "Approve"),
        Binding("x", "decide('reject')", "Reject"),
        Binding("c", "comment", "Comment", show=False),
    ]

    def __init__(self, offer: OfferRecord) -> None:
        super().__init__()
        self.offer = offer
        self.me: TeamMemberRecord | None = None
        self._known = False  # the current user has been read
        self._deciding = False

    def compose(self) -> ComposeResult:
        with Vertical(id="approval", classes="dialog"):
            yield Static(self._title(), id="approval-title", classes="dialog-title")
            with VerticalScroll(id="approval-body"):
                yield Static(describe_offer(self.offer), id="approval-offer")
            yield Input(placeholder="comment (optional)", id="approval-comment", compact=True)
            with Horizontal(id="approval-buttons"):
                # Off until the current user is known to be an approver of this version.
                yield Button(
                    "Approve (a)", id="approval-approve", variant="success", compact=True, disabled=True
                )
                yield Button("Reject (x)", id="approval-reject", variant="error", compact=True, disabled=True)
            yield Static("", id="approval-message", markup=False)
            yield Static(HINT, classes="dialog-hint")

    def _title(self) -> Text:
        offer = self.offer
        title = Text(f"Offer #{offer.id} version {offer.version} for ", style="bold")
        title.append_text(literal(offer.person, "bold"))
        title.append(" · ", style="bold")
        title.append_text(literal(offer.job, "bold"))
        title.append(f" · {offer.status.replace('_', ' ')}", style="dim")
        return title

    def on_mount(self) -> None:
        self._fit()
        offer_id = self.offer.id
        self.store_work(lambda store: read_approval(store, offer_id), self._read, key="approval")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        room = self.app.size.height * 96 // 100 - 8
        self.query_one("#approval-body", VerticalScroll).styles.max_height = max(3, room)

    def _read(self, data: ApprovalData) -> None:
        self.offer, self.me, self._known = data.offer, data.me, True
        self._show()

    def _show(self) -> None:
        self.query_one("#approval-title", Static).update(self._title())
        self.query_one("#approval-offer", Static).update(describe_offer(self.offer))
        reason = why_not(self.offer, self.me)
        for button in self.query(Button):
            button.disabled = reason is not None
        if reason is not None:
            self._say(reason, "bold")
        elif self.focused is None:
            self.set_focus(self.query_one("#approval-approve", Button))

    def _say(self, message: str, style: str = "bold red") -> None:
        self.query_one("#approval-message", Static).update(literal(message, style))

    def action_comment(self) -> None:
        self.set_focus(self.query_one("#approval-comment", Input))

    @on(Input.Submitted, "#approval-comment")
    def _comment_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_focus(self.query_one("#approval-approve", Button))

    @on(Button.Pressed, "#approval-approve")
    def _approve_pressed(self) -> None:
        self.action_decide("approve")

    @on(Button.Pressed, "#approval-reject")
    def _reject_pressed(self) -> None:
        self.action_decide("reject")

    def action_decide(self, decision: str) -> None:
        if self._deciding or not self._known:
            return
        reason = why_not(self.offer, self.me)
        if reason is not None or self.me is None:
            self._say(reason or "")
            return
        offer_id, me = self.offer.id, self.me.id
        comment = self.query_one("#approval-comment", Input).value.strip() or None

        def decide(store: Store) -> OfferRecord | str:
            try:
                if decision == "approve":
                    return store.offers.approve(offer_id, me, comment=comment)
                return store.offers.reject(offer_id, me, comment=comment)
            except PipelineError as exc:
                return str(exc)

        self._deciding = True
        self.store_work(
            decide,
            lambda outcome: self._decided(decision, outcome),
            key="approval-decide",
            serial=True,
            on_failed=self._failed,
        )

    def _failed(self, _error: BaseException) -> None:
        self._deciding = False

    def _decided(self, decision: str, outcome: OfferRecord | str) -> None:
        self._deciding = False
        if isinstance(outcome, str):
            self._say(outcome)
            return
        word = "Approved" if decision == "approve" else "Rejected"
        status = outcome.status.replace("_", " ")
        self.notify(f"{word} offer #{outcome.id} version {self.offer.version}: the offer is {status}")
        self.dismiss(outcome)

    def action_close(self) -> None:
        self.dismiss(None)
