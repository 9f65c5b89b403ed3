"""Made-up but consistent stage histories for demo and synthetic applications.

An application's row (stage, status, stage_entered_at, version) must agree with its stage_event log, exactly as
if a recruiter had made every move through the repository. `plan_timeline` produces both from one outcome
("reached stage 3 and was rejected there") so time in stage, undo and funnel reports work on seeded data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline_tui.core.vocabulary import (
    CLOSED_STATUSES,
    CLOSING_ACTIONS,
    ApplicationStatus,
    EventAction,
    StageKind,
)


@dataclass(frozen=True)
class StageRef:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Outcome:
    """Where an application ends up: the stage index it reached and its status there."""

    stage_index: int
    status: str = ApplicationStatus.ACTIVE  # an ApplicationStatus
    reason_id: int | None = None
    note: str | None = None


@dataclass
class Timeline:
    events: list[dict]
    stage: StageRef
    status: str
    stage_entered_at: datetime
    updated_at: datetime
    version: int


def plan_timeline(
    rng: random.Random,
    stages: list[StageRef],
    outcome: Outcome,
    *,
    application_id: int,
    applied_at: datetime,
    now: datetime,
    actor: str,
    source: str | None = None,
    handoff: bool = False,
    min_stay: timedelta = timedelta(hours=2),
) -> Timeline:
    """Events from applying to `outcome`, spread between `applied_at` and `now` (never in the future).

    Moves go forward one stage at a time, sometimes skipping one; reaching a hired-kind stage is a hire.
    The time left after the last event is how long the person has been in their current stage.
    """
    path = _stage_path(rng, max(0, min(outcome.stage_index, len(stages) - 1)))
    closing = outcome.status in CLOSED_STATUSES
    times = _change_times(rng, len(path) - 1 + (1 if closing else 0), applied_at, now, min_stay)
    first = stages[0]
    opening = EventAction.HANDOFF if handoff else EventAction.APPLIED
    events = [_event(application_id, None, first, None, _status_in(first), opening, None, times[0], actor)]
    events[0]["note"] = source
    current, status, entered = first, events[0]["to_status"], times[0]
    for i, idx in enumerate(path[1:], start=1):
        nxt = stages[idx]
        new_status = _status_in(nxt)
        action = EventAction.HIRE if new_status == ApplicationStatus.HIRED else EventAction.MOVE
        events.append(
            _event(application_id, current, nxt, status, new_status, action, entered, times[i], actor)
        )
        current, status, entered = nxt, new_status, times[i]
    if outcome.status == ApplicationStatus.HIRED and status != ApplicationStatus.HIRED:
        # The outcome says hired but no hired-kind stage was reached: hire in place.
        events.append(
            _event(
                application_id,
                current,
                current,
                status,
                ApplicationStatus.HIRED,
                EventAction.HIRE,
                entered,
                times[-1],
                actor,
            )  # fmt: skip
        )
        status = ApplicationStatus.HIRED
    if closing:
        action = _CLOSING_ACTION[outcome.status]
        ev = _event(
            application_id, current, current, status, outcome.status, action, entered, times[-1], actor
        )
        ev["reason_id"] = outcome.reason_id
        ev["note"] = outcome.note
        events.append(ev)
        status = outcome.status
    return Timeline(
        events=events,
        stage=current,
        status=status,
        stage_entered_at=entered,
        updated_at=events[-1]["at"],
        version=len(events),
    )


def _stage_path(rng: random.Random, target: int) -> list[int]:
    """Stage indexes from the first to `target`, one step at a time, now and then skipping one."""
    path = [0]
    while path[-1] < target:
        step = 2 if path[-1] + 2 <= target and rng.random() < 0.12 else 1
        path.append(path[-1] + step)
    return path


def _change_times(
    rng: random.Random, changes: int, applied_at: datetime, now: datetime, min_stay: timedelta
) -> list[datetime]:
    """When applying and each of `changes` changes happened: a random share of the span for each, plus a
    final share (the stay in the last stage); at least `min_stay` apart, never after `now`."""
    span = max((now - applied_at).total_seconds(), 0.0)
    weights = [rng.uniform(0.5, 1.5) for _ in range(changes + 1)]
    scale = span / sum(weights)
    times = [applied_at]
    for w in weights[:-1]:
        times.append(times[-1] + timedelta(seconds=max(w * scale, min_stay.total_seconds() if span else 0)))
    return [min(t, now).replace(microsecond=0) for t in times]


def _status_in(stage: StageRef) -> ApplicationStatus:
    """Entering a hired-kind stage is a hire; any other stage keeps the application active."""
    return ApplicationStatus.HIRED if stage.kind == StageKind.HIRED else ApplicationStatus.ACTIVE


_CLOSING_ACTION = {status: action for action, status in CLOSING_ACTIONS.items()}


def _event(
    application_id: int,
    src: StageRef | None,
    dst: StageRef,
    from_status: str | None,
    to_status: str,
    action: str,
    prev_entered: datetime | None,
    at: datetime,
    actor: str,
) -> dict:
    return {
        "application_id": application_id,
        "from_stage_id": src.id if src else None,
        "to_stage_id": dst.id,
        "from_stage_name": src.name if src else None,
        "to_stage_name": dst.name,
        "from_status": from_status,
        "to_status": to_status,
        "action": action,
        "reason_id": None,
        "note": None,
        "prev_stage_entered_at": prev_entered,
        "undoes_event_id": None,
        "at": at,
        "actor": actor,
    }
