"""What the person screen shows of one application's interviews, scorecards and offers, read in a worker.

Kept apart from the screen (like the board's board_data.py): one function that reads it all for the
application in context, and the rule that picks that application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline_tui.core.hiring_records import InterviewRecord, OfferRecord, ScorecardView
from pipeline_tui.core.person_view import ApplicationHistory, PersonDetail
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.vocabulary import ApplicationStatus, StageKind

if TYPE_CHECKING:
    from pipeline_tui.store import Store


@dataclass(frozen=True)
class HiringContext:
    """The application the hiring keys act on, known as soon as the person is shown (so `i` typed right
    after `enter` schedules, before the sections have been read)."""

    application_id: int
    job_id: int
    person: str


@dataclass(frozen=True)
class HiringData:
    """One application's interviews (time order), the scorecards the current user may see, its offers
    (newest first), who the current user is (None before their first change) and the job's hired stage."""

    interviews: tuple[InterviewRecord, ...]
    scorecards: ScorecardView
    offers: tuple[OfferRecord, ...]
    me: TeamMemberRecord | None
    hired_stage: str | None


def application_in_context(detail: PersonDetail) -> ApplicationHistory | None:
    """The application the screen was opened on, else the newest active one, else the newest of all."""
    if detail.focused is not None:
        return detail.focused
    active = [a for a in detail.applications if a.entry.application.status == ApplicationStatus.ACTIVE]
    if active:
        return active[0]
    return detail.applications[0] if detail.applications else None


def context_of(detail: PersonDetail) -> HiringContext | None:
    chosen = application_in_context(detail)
    if chosen is None:
        return None
    app = chosen.entry.application
    return HiringContext(app.id, app.job_id, detail.candidate.full_name)


def read_hiring(store: Store, context: HiringContext) -> HiringData:
    """Everything the three sections show. Runs in a worker."""
    application_id = context.application_id
    me = store.team.current()
    hired = next((s.name for s in store.jobs.stages(context.job_id) if s.kind == StageKind.HIRED), None)
    return HiringData(
        interviews=tuple(store.interviews.for_application(application_id)),
        scorecards=store.scorecards.view(application_id, me.id if me is not None else None),
        offers=tuple(store.offers.for_application(application_id)),
        me=me,
        hired_stage=hired,
    )
