"""The change-log entries of the board's writes: one per application changed, in that write's transaction.

`board_change` turns what `ApplicationRepository._change` just wrote (the application row it read, the
stage_event action, where it landed, the reason) into the `Change` others' boards and the activity feed
read: "Ann moved Bob Ng to Onsite". The person's name is read with the log (change_reads.py), not copied.
"""

from __future__ import annotations

from typing import Any

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.vocabulary import EventAction

EVENT_KINDS: dict[str, ChangeKind] = {
    EventAction.APPLIED: ChangeKind.APPLIED,
    EventAction.MOVE: ChangeKind.MOVED,
    EventAction.REJECT: ChangeKind.REJECTED,
    EventAction.HIRE: ChangeKind.HIRED,
    EventAction.WITHDRAW: ChangeKind.WITHDRAWN,
    EventAction.REOPEN: ChangeKind.REOPENED,
    EventAction.UNDO: ChangeKind.UNDONE,
    EventAction.HANDOFF: ChangeKind.HANDED_OVER,
}


def board_change(app: Any, action: str, landed: str | None, reason: str | None) -> Change:
    """`app` is an application_row() (id, candidate_id, job_id); `action` an EventAction or a ChangeKind."""
    kind = EVENT_KINDS.get(action) or ChangeKind(action)
    if kind in (ChangeKind.REJECTED, ChangeKind.WITHDRAWN):
        detail = reason or "no reason given"
    elif kind == ChangeKind.UNDONE:
        detail = f"back to {landed}" if landed else None
    else:
        detail = landed
    return Change(
        ChangeEntity.APPLICATION,
        app.id,
        kind,
        detail=detail,
        job_id=app.job_id,
        candidate_id=app.candidate_id,
    )


def opening_change(
    app_id: int, candidate_id: int, job_id: int, action: str, job_title: str, source: str | None
) -> Change:
    """A new application (`apply`, a hand-over): "Ann added Bob Ng to Backend Engineer", or handed over
    "to Backend Engineer (pool: Silver)" (`source` is what the hand-over wrote: "pool: NAME")."""
    kind = EVENT_KINDS.get(action) or ChangeKind(action)
    detail = f"{job_title} ({source})" if kind == ChangeKind.HANDED_OVER and source else job_title
    return Change(
        ChangeEntity.APPLICATION, app_id, kind, detail=detail, job_id=job_id, candidate_id=candidate_id
    )


def imported_changes(job_id: int, job_title: str, opened: list[tuple[int, int]]) -> list[Change]:
    """One IMPORTED entry per application an import opened; `opened` is (application id, candidate id)."""
    return [
        Change(ChangeEntity.APPLICATION, app_id, ChangeKind.IMPORTED, detail=job_title, job_id=job_id,
               candidate_id=cid)
        for app_id, cid in opened
    ]  # fmt: skip
