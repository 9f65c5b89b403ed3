"""`f` (person screen) and `F` (board): the current user's scorecard for an application. Which interview: the
highlighted one when they sat on its panel, else their first one still due, else the latest they can
amend. The draft is made (or the existing scorecard read) in a worker; then the form opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.hiring_records import InterviewRecord, ScorecardRecord
from pipeline_tui.core.hiring_vocabulary import InterviewStatus
from pipeline_tui.core.local_time import aware_utc
from pipeline_tui.core.wording import counted

if TYPE_CHECKING:
    from textual.screen import Screen

    from pipeline_tui.store import Store

SCOREABLE = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)


@dataclass(frozen=True)
class MyScorecard:
    interview: InterviewRecord
    scorecard: ScorecardRecord


def pick_interview(
    interviews: list[InterviewRecord], member_id: int, due_ids: set[int], preferred: int | None, now: datetime
) -> InterviewRecord | None:
    """The interview to score: the preferred one when the member is on its panel, else the first due, else
    the latest whose start has passed (to amend what they submitted)."""
    mine = [i for i in interviews if i.status in SCOREABLE and any(m.id == member_id for m in i.panel)]
    chosen = next((i for i in mine if i.id == preferred), None)
    if chosen is None:
        chosen = next((i for i in mine if i.id in due_ids), None)
    if chosen is None:
        started = [i for i in mine if i.starts_at <= now]
        chosen = started[-1] if started else None
    return chosen


def find_my_scorecard(store: Store, application_id: int, preferred: int | None) -> MyScorecard | str:
    """The interview and the current user's scorecard for it (a new draft when none), or why there is none."""
    me = store.team.current()
    if me is None:
        return "You sit on no interview panel yet: scorecards are filled in by the panel"
    interviews = store.interviews.for_application(application_id)
    due = {
        d.interview.id
        for d in store.scorecards.due_for(me.id)
        if d.interview.application_id == application_id
    }
    chosen = pick_interview(interviews, me.id, due, preferred, aware_utc(utcnow()))
    if chosen is None:
        panels = [i for i in interviews if any(m.id == me.id for m in i.panel)]
        if panels:
            return f"Your {counted(len(panels), 'interview')} here has not started yet: score it afterwards"
        return "You are on no interview panel of this application"
    return MyScorecard(chosen, store.scorecards.start(chosen.id, me.id))


class ScorecardOpening:
    """Mixin for the person screen and the board: find the user's scorecard, then open the form on it."""

    def open_my_scorecard(
        self,
        application_id: int,
        preferred: int | None,
        push: Callable[[Screen, Callable], None],
        done: Callable[[object], None],
    ) -> None:
        from pipeline_tui.screens.interviews.scorecard_form import ScorecardForm

        def opened(found: MyScorecard | str) -> None:
            if isinstance(found, str):
                self.notify(found, severity="warning", markup=False)  # type: ignore[attr-defined]
                return
            push(ScorecardForm(found.interview, found.scorecard), done)

        self.store_work(  # type: ignore[attr-defined]
            lambda store: find_my_scorecard(store, application_id, preferred), opened, key="my-scorecard"
        )
