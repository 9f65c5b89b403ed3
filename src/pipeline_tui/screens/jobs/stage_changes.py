"""The stage editor's writes: each one store call (one transaction, recorded as a job event by the store),
then the job's stages read again, all in one piece of worker code.

A change runs on the app's writer thread in key order, and works from the stages as they are then (not as the
screen last drew them): `K` `K` typed in one burst moves a stage up two places. A refusal is the store's one
sentence; a stage that still holds applications comes back as such, so the editor asks where they go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline_tui.core.errors import NotFound, PipelineError, StageHoldsApplications
from pipeline_tui.core.records import JobDetail, StageRecord
from pipeline_tui.core.vocabulary import StageKind
from pipeline_tui.store import Store

KIND_CYCLE = (StageKind.ACTIVE, StageKind.OFFER, StageKind.HIRED)

# A change: given the store, write and say (the stage the cursor goes to, what was done).
Change = Callable[[Store], tuple[int | None, str]]


@dataclass(frozen=True)
class Written:
    """What one change did, and the job's stages after it."""

    detail: JobDetail
    focus: int | None  # the stage the cursor goes to (None: where it was)
    said: str  # one line: what was done, or why not
    refused: bool = False
    holds: StageHoldsApplications | None = None  # a removal that needs a stage to move applications to
    stage_id: int | None = None  # the stage of that removal


def write_then_read(store: Store, job_id: int, change: Change, stage_id: int | None = None) -> Written:
    try:
        focus, said = change(store)
    except StageHoldsApplications as holds:
        return Written(store.jobs.job_detail(job_id), None, str(holds), True, holds, stage_id)
    except PipelineError as refused:
        return Written(store.jobs.job_detail(job_id), None, str(refused), True)
    return Written(store.jobs.job_detail(job_id), focus, said)


def _stage(store: Store, job_id: int, stage_id: int) -> tuple[list[StageRecord], int]:
    """The job's stages now, and where this one is among them (a stage removed meanwhile is refused)."""
    stages = store.jobs.stages(job_id)
    for index, stage in enumerate(stages):
        if stage.id == stage_id:
            return stages, index
    raise NotFound("that stage was removed meanwhile: nothing changed")


def add(job_id: int, after: int | None, name: str, kind: str) -> Change:
    def change(store: Store) -> tuple[int | None, str]:
        stage = store.jobs.add_stage(job_id, name, kind, after=after)
        return stage.id, f"Added \u2018{stage.name}\u2019 ({stage.kind})"

    return change


def rename(stage_id: int, name: str) -> Change:
    def change(store: Store) -> tuple[int | None, str]:
        stage = store.jobs.rename_stage(stage_id, name)
        return stage.id, f"Renamed to \u2018{stage.name}\u2019 (its history keeps the old name)"

    return change


def next_kind(job_id: int, stage_id: int) -> Change:
    """The next kind in active → offer → hired; making a stage hired makes the former hired stage active."""

    def change(store: Store) -> tuple[int | None, str]:
        stages, index = _stage(store, job_id, stage_id)
        kind = stages[index].kind
        wanted = (
            KIND_CYCLE[(KIND_CYCLE.index(kind) + 1) % len(KIND_CYCLE)] if kind in KIND_CYCLE else "active"
        )
        stage = store.jobs.set_stage_kind(stage_id, wanted)
        said = f"\u2018{stage.name}\u2019 is now {stage.kind}"
        former = [s for s in stages if s.kind == StageKind.HIRED and s.id != stage_id]
        if wanted == StageKind.HIRED and former:
            said += f"; \u2018{former[0].name}\u2019 is active"
        return stage.id, said

    return change


def move(job_id: int, stage_id: int, step: int) -> Change:
    def change(store: Store) -> tuple[int | None, str]:
        stages, index = _stage(store, job_id, stage_id)
        name = stages[index].name
        if not 0 <= index + step < len(stages):
            return stage_id, f"\u2018{name}\u2019 is already the {'first' if step < 0 else 'last'} stage"
        store.jobs.reorder_stage(stage_id, index + step)
        return stage_id, f"\u2018{name}\u2019 is stage {index + step + 1} of {len(stages)}"

    return change


def remove(job_id: int, stage_id: int, move_to: int | None = None) -> Change:
    """The cursor goes to the stage after the removed one (or before it, for the last)."""

    def change(store: Store) -> tuple[int | None, str]:
        stages, index = _stage(store, job_id, stage_id)
        name = stages[index].name
        store.jobs.remove_stage(stage_id, move_to_stage_id=move_to)
        rest = [s for s in stages if s.id != stage_id]
        focus = rest[min(index, len(rest) - 1)].id if rest else None
        said = f"Removed \u2018{name}\u2019"
        target = next((s for s in rest if s.id == move_to), None)
        if target is not None:
            said += f"; its applications moved to \u2018{target.name}\u2019"
        return focus, said

    return change
