"""The applicant detail read model: everything the detail screen shows of one application, read in one go.

One record instead of nine calls, so the screen asks the store once (one transaction, one worker) and draws
from what comes back. `stage_stays` derives the time in each stage from the event log; it is pure, so the
store and any report compute stays the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pipeline_tui.core.records import (
    ActivityRecord,
    ApplicationRecord,
    CandidateApplication,
    CandidateRecord,
    JobRecord,
    PoolMembershipRecord,
    Record,
    StageEventRecord,
    StageStay,
)


class ApplicantDetail(Record):
    """One application with its person, job, stage history, notes, other applications and pools."""

    application: ApplicationRecord
    candidate: CandidateRecord
    job: JobRecord
    stage_names: dict[int, str]  # the job's stages by id
    events: tuple[StageEventRecord, ...]
    stays: tuple[StageStay, ...]
    activities: tuple[ActivityRecord, ...]  # newest first
    others: tuple[CandidateApplication, ...]  # the person's other applications, newest first
    pools: tuple[PoolMembershipRecord, ...]

    @property
    def stage_name(self) -> str:
        return self.stage_names.get(self.application.stage_id, "?")


def stage_stays(events: Iterable[StageEventRecord], now: datetime) -> list[StageStay]:
    """Time in each stage, from the event log: a stay starts when an event lands in a (different) stage."""
    stays: list[StageStay] = []
    for ev in events:
        if ev.to_stage_name is None or ev.from_stage_name == ev.to_stage_name:
            continue
        if stays and stays[-1].left_at is None:
            last = stays[-1]
            stays[-1] = last.model_copy(
                update={"left_at": ev.at, "seconds": (ev.at - last.entered_at).total_seconds()}
            )
        stays.append(StageStay(stage_name=ev.to_stage_name, entered_at=ev.at, left_at=None, seconds=0))
    if stays and stays[-1].left_at is None:
        last = stays[-1]
        stays[-1] = last.model_copy(update={"seconds": (now - last.entered_at).total_seconds()})
    return stays
