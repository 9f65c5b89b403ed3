"""Frozen records of the reports (issue 15): what the store computes in SQL and hands to the CLI, the Reports
screen, the exports and tests. `model_dump(by_alias=True, mode="json")` is the CLI's JSON contract.

Every figure that is a rate or a time comes with the n it was computed from; a rate over nothing is None
(null), never 0, so "no data" and "none passed" read differently.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from pipeline_tui.core.records import Record


class ReportKind(StrEnum):
    """The reports, by the names the CLI takes (`pipeline-tui report funnel`)."""

    FUNNEL = "funnel"
    STAGES = "stages"
    HIRING = "hiring"
    SOURCES = "sources"
    REJECTIONS = "rejections"
    JOURNEY = "journey"
    SEQUENCES = "sequences"

    @property
    def title(self) -> str:
        return REPORT_TITLES[self]


REPORT_TITLES: dict[ReportKind, str] = {
    ReportKind.FUNNEL: "Funnel",
    ReportKind.STAGES: "Time in stage",
    ReportKind.HIRING: "Hiring",
    ReportKind.SOURCES: "Sources",
    ReportKind.REJECTIONS: "Rejection reasons",
    ReportKind.JOURNEY: "Pool journey",
    ReportKind.SEQUENCES: "Sequences",
}


class FunnelStage(Record):
    stage: str  # the name the stage had (see README "Report definitions")
    reached: int
    rejected: int
    withdrawn: int
    conversion_to_next: float | None = None  # reached(next) / reached(this); None when reached is 0 or last
    removed: bool = Field(default=False, exclude=True)  # a stage removed since: listed after the job's own


class JobFunnel(Record):
    job: str
    job_id: int = Field(exclude=True)
    start: date | None = Field(default=None, serialization_alias="from")
    end: date | None = Field(default=None, serialization_alias="to")
    applications: int  # the cohort: applications whose applied_at is in the range
    stages: tuple[FunnelStage, ...] = ()


class StageTime(Record):
    """Completed stays in one stage of one job: ended by a move, reject, withdraw or hire."""

    job: str
    job_id: int = Field(exclude=True)
    stage: str
    median_days: float | None = None
    mean_days: float | None = None
    n: int = 0


class DaysSummary(Record):
    median: float | None = None
    mean: float | None = None
    n: int = 0


class HiringReport(Record):
    hired: int
    time_to_hire_days: DaysSummary  # applied_at -> the hire event (the last one not undone)
    time_to_fill_days: DaysSummary  # job opened_at -> the hire that reached its headcount
    offer_acceptance_rate: float | None = None  # accepted / (accepted + declined + expired)
    offers_answered: int = Field(default=0, exclude=True)  # the n of the acceptance rate


class SourceRow(Record):
    source: str  # the application's source as stored ("pool: NAME" for a handoff); "(none)" when empty
    applications: int
    hired: int
    yield_: float | None = Field(default=None, serialization_alias="yield")  # hired / applications


class RejectionRow(Record):
    reason: str  # the reason's name; "(no reason)" when none was given
    stage: str  # the stage it happened in, by the name it had
    kind: str  # "rejected" (by us) or "withdrew" (by them): the action taken
    count: int


class PoolJourney(Record):
    """Members who joined a pool in the range, and how far they got (each a subset of the one before)."""

    pool: str
    pool_id: int = Field(exclude=True)
    members: int
    contacted: int
    engaged: int
    handed_off: int
    reached_offer: int
    hired: int
    median_days_to_handoff: float | None = None  # joined the pool -> the handoff (first from this pool)
    median_days_handoff_to_hire: float | None = None  # the handoff -> the hire


class SequenceStepRow(Record):
    """One step of one sequence: touches that left the queue in the range, and the answers to them."""

    sequence: str
    step: int
    channel: str
    touches_done: int  # sent or marked done
    replies: int
    opt_outs: int
    reply_rate: float | None = None  # replies / touches_done; None when nothing was done
