"""Stage history rules shared by the person screen, the store and reports.

`stage_stays` derives the time in each stage from the event log; it is pure, so the
store and any report compute stays the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pipeline_tui.core.records import StageEventRecord, StageStay


def undone_ids(events: Iterable[StageEventRecord]) -> frozenset[int]:
    """The events a later undo reversed (the undo events themselves are not in it)."""
    return frozenset(ev.undoes_event_id for ev in events if ev.undoes_event_id is not None)


def standing_events(events: Iterable[StageEventRecord]) -> list[StageEventRecord]:
    """The log without what was undone: each undo and the change it reversed drop out together. Undo always
    reverses the latest change still standing, so what is left is the path that led to where the card is."""
    events = list(events)
    undone = undone_ids(events)
    return [ev for ev in events if ev.undoes_event_id is None and ev.id not in undone]


def stage_stays(events: Iterable[StageEventRecord], now: datetime) -> list[StageStay]:
    """Time in each stage, from the event log in order: a stay starts when a change still standing lands in
    a (different) stage. An undone move is no stay, and undoing it continues the stay it interrupted, as on
    the board (the card's time in stage runs from when it entered the stage, not from the undo)."""
    stays: list[StageStay] = []
    for ev in standing_events(events):
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
