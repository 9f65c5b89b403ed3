"""The person screen's Interviews, Scorecards and Offers: each a focusable list with its own keys, so the
footer and `?` list them while it has the focus (`tab` reaches them). The keys act on the highlighted row;
the screen's hiring mixins (interview_keys.py, offer_keys.py) do the work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pipeline_tui.core.hiring_records import InterviewRecord, OfferRecord, ScorecardRecord
from pipeline_tui.screens.person import hiring_render as render

T = TypeVar("T")


class HiringList(OptionList, Generic[T]):
    """Rows of records; `current` is the highlighted one. Empty, it says so (and which key adds one)."""

    empty = Text("")
    line: Callable[[T], Text]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="hiring-list", markup=False)
        self.records: tuple[T, ...] = ()

    def show(self, records: Sequence[T]) -> None:
        """Show these rows; the highlight stays on the same record (by id) when it is still there."""
        before = self.current
        kept = getattr(before, "id", None)
        self.records = tuple(records)
        self.clear_options()
        if not self.records:
            self.add_option(Option(self.empty, disabled=True))
            return
        self.add_options(Option(type(self).line(r)) for r in self.records)
        ids = [getattr(r, "id", None) for r in self.records]
        self.highlighted = ids.index(kept) if kept is not None and kept in ids else 0

    @property
    def current(self) -> T | None:
        index = self.highlighted
        if not self.records or index is None or index >= len(self.records):
            return None
        return self.records[index]


class InterviewsSection(HiringList[InterviewRecord]):
    BINDINGS = [
        Binding("i", "screen.schedule_interview", "Schedule"),
        Binding("r", "screen.reschedule_interview", "Reschedule"),
        Binding("c", "screen.cancel_interview", "Cancel interview"),
        Binding("d", "screen.complete_interview", "Done"),
        Binding("N", "screen.no_show", "No-show"),
        Binding("I", "screen.save_invite", "Invite (.ics)", tooltip="Save the calendar invite to a file"),
    ]
    empty = render.empty_line("interviews", "i schedules one")
    line = staticmethod(render.interview_line)


class ScorecardsSection(HiringList[ScorecardRecord]):
    BINDINGS = [
        Binding("f", "screen.my_scorecard", "My scorecard", tooltip="Fill in or edit your scorecard"),
        Binding("enter", "screen.view_scorecard", "View", tooltip="The highlighted scorecard in full"),
    ]
    empty = render.empty_line("scorecards", "f fills in yours after an interview")
    line = staticmethod(render.scorecard_line)


class OffersSection(HiringList[OfferRecord]):
    BINDINGS = [
        Binding("O", "screen.new_offer", "New offer"),
        Binding("e", "screen.edit_offer", "Edit offer"),
        Binding("a", "screen.approve_offer", "Approve/reject"),
        Binding(
            "s", "screen.send_offer", "Send", tooltip="Send an approved offer (a draft: ask for approval)"
        ),
        Binding("y", "screen.accept_offer", "Accepted", tooltip="Accepted: hires them"),
        Binding("D", "screen.decline_offer", "Declined"),
        Binding("X", "screen.rescind_offer", "Rescind"),
    ]
    empty = render.empty_line("offers", "O makes one")
    line = staticmethod(render.offer_line)
