"""What the board reads for one job (the job, its stages, every card), in a worker: kept apart from the screen
so the reads can be reused and the screen stays about drawing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.records import BoardCard, JobRecord, StageRecord

if TYPE_CHECKING:
    from pipeline_tui.store import Store


@dataclass(frozen=True)
class BoardData:
    """What one board load reads: the job, its stages, every card (closed ones included), and each card's
    interviews, scorecards and offer (by application id; none in a start-up preview)."""

    job: JobRecord
    stages: list[StageRecord]
    cards: list[BoardCard]
    hiring: dict[int, CardHiring] = field(default_factory=dict)


def read_board(store: Store, job_id: int) -> BoardData:
    """A job's board (all its applicants in one query, their hiring lines in one call). Runs in a worker."""
    job = store.jobs.get(job_id)
    stages = store.jobs.stages(job_id)
    cards = store.applications.board(job_id, include_closed=True)
    hiring = store.interviews.card_summaries([c.application.id for c in cards])
    return BoardData(job, stages, cards, dict(hiring))


def read_first_board(store: Store, remembered: object) -> BoardData | None:
    """The remembered job's board, else the first job's; None for a database without jobs."""
    if isinstance(remembered, int):
        try:
            return read_board(store, remembered)
        except PipelineError:
            pass
    jobs = store.jobs.list_jobs()
    return read_board(store, jobs[0].job.id) if jobs else None
