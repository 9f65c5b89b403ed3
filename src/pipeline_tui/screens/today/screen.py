"""The Today screen (mode "today", key `4`): the touches due in nurture sequences (screens/today/due_queue.py),
my interviews today and this week, my scorecards due and the offers waiting for my approval.

services/today.today_for reads it all in a worker (again each time the screen is shown: the other screens
may have changed it). `enter` opens what a row is about: the person screen on the interview's application,
the scorecard form on the due scorecard, the approval dialog on the offer.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from pipeline_tui.core.hiring_records import ScorecardRecord, TodayView
from pipeline_tui.core.local_time import to_local, user_zone
from pipeline_tui.core.nurture_records import DueTouch
from pipeline_tui.screens.today.due_queue import DueQueue
from pipeline_tui.screens.today.live import TodayLive
from pipeline_tui.screens.today.sections import (
    APPROVAL_COLUMNS,
    INTERVIEW_COLUMNS,
    SCORECARD_COLUMNS,
    TodaySection,
    approval_rows,
    interview_rows,
    scorecard_rows,
)
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.today import today_for
from pipeline_tui.store import Store
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal

SECTIONS = (
    (
        "today-interviews",
        "Interviews today",
        INTERVIEW_COLUMNS,
        "No interviews today. Schedule one from a board card with I.",
    ),
    (
        "today-week",
        "This week",
        INTERVIEW_COLUMNS,
        "No more interviews this week. Interviews you are on the panel of are listed here.",
    ),
    (
        "today-scorecards",
        "Scorecards due",
        SCORECARD_COLUMNS,
        "No scorecards due. After an interview you were on the panel of, its scorecard waits here.",
    ),
    (
        "today-approvals",
        "Offers waiting for my approval",
        APPROVAL_COLUMNS,
        "No offers waiting for your approval. Offers that name you as an approver wait here.",
    ),
)
NOT_ON_TEAM = (
    "You ({name}) are not a team member yet, so no interviews, scorecards or approvals are yours. Set PIPELINE_TUI_USER (or `user` "
    "in config.toml) to your team e-mail or name, or make any change to be added as a recruiter."
)


@dataclass(frozen=True)
class TodayRead:
    view: TodayView
    actor: str  # who the user is said to be (shown when they are not on the team)
    due: list[DueTouch]  # the due queue's first page
    due_total: int  # every touch due today or overdue


def read_today(store: Store, now, zone: ZoneInfo, due_limit: int) -> TodayRead:  # noqa: ANN001 - the clock's
    member = store.team.current()
    view = today_for(store, member.id if member is not None else None, now=now, zone=zone)
    due = store.touches.due(now=now, zone=zone, limit=due_limit)
    total = store.touches.count_due(now=now, zone=zone) if len(due) == due_limit else len(due)
    return TodayRead(view, store.actor, due, total)


class TodayScreen(TodayLive, StoreWork, Screen):
    """What is due for the current user; `enter` opens a row, `r` reads it all again."""

    CSS_PATH = "today.tcss"
    # The due queue's preview sits beside the touches when wide, below them when narrow (today.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("4", "app.show_tool('today')", "Today", show=False),
        Binding(
            "r", "reload", "Refresh", tooltip="Read touches due, interviews, scorecards and approvals again"
        ),
        Binding("tab", "app.focus_next", "Next section", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous section", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: TodayView | None = None
        self.zone = user_zone()
        self._loaded = False
        self._left = False  # suspended for another screen, not for a dialog

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today-bar", markup=False)
        sections = VerticalScroll(id="today-sections")
        sections.can_focus = False  # tab goes from section to section, not to the scroll area
        with sections:
            yield DueQueue(self.zone)
            yield Static("", id="today-not-member", markup=False)
            for section_id, title, columns, empty in SECTIONS:
                yield TodaySection(title, columns, empty, id=section_id)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#today-not-member").display = False
        self.load()

    def on_screen_suspend(self) -> None:
        # A dialog over the screen (snooze, opted out?) is part of working the queue; another screen is not.
        self._left = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        if self._loaded:
            if self._left:
                self.query_one(DueQueue).say("")  # the last action's notice was about a visit ago
            self.load()

    def action_reload(self) -> None:
        self.query_one(DueQueue).say("")
        self.load()

    def load(self) -> None:
        now, zone = self.pipeline.clock(), self.zone
        token, limit = self.query_one(DueQueue).begin_read()
        self.store_work(
            lambda store: read_today(store, now, zone, limit),
            lambda read: self._arrived(read, token, limit),
            key="today",
            exclusive=True,
        )

    def _arrived(self, read: TodayRead, due_token: int, due_limit: int) -> None:
        self.view, self._loaded = read.view, True
        view, zone = read.view, self.zone
        rows = {
            "today-interviews": interview_rows(view.interviews_today, zone, today=True),
            "today-week": interview_rows(view.interviews_week, zone, today=False),
            "today-scorecards": scorecard_rows(view.scorecards_due, zone),
            "today-approvals": approval_rows(view.approvals_waiting),
        }
        for section_id, listed in rows.items():
            self.query_one(f"#{section_id}", TodaySection).show(listed)
        self.query_one(DueQueue).show_first_page(read.due, read.due_total, due_token, due_limit)
        note = self.query_one("#today-not-member", Static)
        note.display = view.member is None
        note.update(literal(NOT_ON_TEAM.format(name=read.actor), "bold"))
        self._update_bar(view)
        if self.focused is None or not shown(self.focused):
            # The first section with rows (the due queue when anything is due); none: nothing focused,
            # so the footer offers the screen's keys, not those of a hidden section.
            self.set_focus(next((t for t in self.query(DataTable) if shown(t)), None))

    def _update_bar(self, view: TodayView) -> None:
        local = to_local(self.pipeline.clock(), self.zone)
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append("Today", style="bold")
        bar.append(f"  {local:%A} {local.day} {local:%B %Y}")
        if view.member is not None:
            bar.append("  ·  ")
            bar.append_text(literal(view.member.name))
        bar.append(f"  ·  {self.zone.key}", style="dim")
        self.query_one("#today-bar", Static).update(bar)

    # -- enter on a row ---------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value or ""
        kind, _, number = key.partition(":")
        if self.view is None or not number.isdigit():
            return
        if kind == "interview":
            self._open_interview(int(number))
        elif kind == "scorecard":
            self._open_scorecard(int(number))
        elif kind == "offer":
            self._open_offer(int(number))

    def _open_interview(self, interview_id: int) -> None:
        from pipeline_tui.screens.person.screen import PersonScreen

        assert self.view is not None
        listed = (*self.view.interviews_today, *self.view.interviews_week)
        interview = next((i for i in listed if i.id == interview_id), None)
        if interview is not None:
            self.app.push_screen(PersonScreen(interview.candidate_id, interview.application_id))

    def _open_scorecard(self, interview_id: int) -> None:
        """The author's draft (made now if missing) in the scorecard form, read in a worker."""
        assert self.view is not None
        due = next((d for d in self.view.scorecards_due if d.interview.id == interview_id), None)
        member = self.view.member
        if due is None or member is None:
            return
        form = scorecard_form()
        if (
            form is None
        ):  # the scorecard form is not part of this build: the person screen shows the interview
            from pipeline_tui.screens.person.screen import PersonScreen

            self.app.push_screen(PersonScreen(due.interview.candidate_id, due.interview.application_id))
            return
        me = member.id

        def opened(card: ScorecardRecord) -> None:
            takes = inspect.signature(form).parameters
            dialog = form(due.interview, card) if "interview" in takes else form(card)
            self.app.push_screen(dialog)

        self.store_work(lambda store: store.scorecards.start(interview_id, me), opened, key="today-scorecard")

    def _open_offer(self, offer_id: int) -> None:
        from pipeline_tui.screens.offers.approval import ApprovalDialog

        assert self.view is not None
        offer = next((o for o in self.view.approvals_waiting if o.id == offer_id), None)
        if offer is not None:
            self.app.push_screen(ApprovalDialog(offer))


def shown(widget: Widget) -> bool:
    """Displayed, and so is every container it is in (a hidden section hides its table)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def scorecard_form() -> type[Screen] | None:
    """The scorecard form's class, when the interviews screens are installed."""
    try:
        from pipeline_tui.screens.interviews.scorecard_form import ScorecardForm
    except ImportError:
        return None
    return ScorecardForm
