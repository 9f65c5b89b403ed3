"""Imported applicants: an application per person in the job's stage the row names, with its stage history
(the file's own, when it is one of our exports, else 'applied' and the closing event)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import HistoryEntry, PersonRow
from pipeline_tui.core.vocabulary import (
    APPLICATION_STATUSES,
    CLOSED_STATUSES,
    ApplicationStatus,
    EventAction,
    StageKind,
)
from pipeline_tui.store.application_changes import imported_changes
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.enrollment_stops import stop_on_opening
from pipeline_tui.store.imports.rows import ApplicantTarget
from pipeline_tui.store.imports.state import BatchState
from pipeline_tui.store.models import Application, Job, RejectionReason, Stage, StageEvent

# One new application: the row, its stage, status, when it applied and the rejection reason's id.
Plan = tuple[PersonRow, Stage, str, datetime, int | None]


class ApplicationWriting(BatchState):
    """The applications of an applicant batch and their stage events."""

    def _applications(self, by_row: list[tuple[PersonRow, int]], target: ApplicantTarget) -> set[int]:
        stages = list(
            self.s.scalars(select(Stage).where(Stage.job_id == target.job_id).order_by(Stage.position))
        )
        if not stages:
            raise InvalidInput("this job has no stages to import applicants into")
        by_name = {s.name.lower(): s for s in stages}
        fixed = next((s for s in stages if s.id == target.stage_id), None)
        have = self._applied(target.job_id, [cid for _, cid in by_row if cid not in self.new_ids])
        reasons = {n.lower(): i for i, n in self.s.execute(select(RejectionReason.id, RejectionReason.name))}
        apps: list[dict] = []
        plans: list[Plan] = []
        touched: set[int] = set()
        for r, cid in by_row:
            if cid in have:
                continue
            have.add(cid)
            stage = fixed or self._row_stage(r, by_name) or stages[0]
            status = r.status if r.status in APPLICATION_STATUSES else None
            status = status or (
                ApplicationStatus.HIRED if stage.kind == StageKind.HIRED else ApplicationStatus.ACTIVE
            )
            applied = r.applied_at or self.now
            active = status == ApplicationStatus.ACTIVE
            reason_id = None if active else reasons.get((r.rejection_reason or "").lower())
            apps.append(
                {
                    "candidate_id": cid,
                    "job_id": target.job_id,
                    "stage_id": stage.id,
                    "status": status,
                    "rejection_reason_id": reason_id,
                    "rejection_note": None if active else r.rejection_note,
                    "source": r.person.get("source") or target.source,
                    "applied_at": applied,
                    "stage_entered_at": _entered(r, stage, applied),
                    "rating": r.rating if r.rating is not None and 0 <= r.rating <= 3 else 0,
                    "version": 1,
                    "updated_at": self.now,
                }
            )
            plans.append((r, stage, status, applied, reason_id))
            touched.add(id(r))
        if apps:
            self._write_applications(apps, plans, by_name, reasons)
        return touched

    def _applied(self, job_id: int, candidate_ids: list[int]) -> set[int]:
        """Those of these people who already have an application to the job."""
        have: set[int] = set()
        for chunk in chunks(candidate_ids):
            have.update(
                self.s.scalars(
                    select(Application.candidate_id).where(
                        Application.job_id == job_id, Application.candidate_id.in_(chunk)
                    )
                )
            )
        return have

    def _row_stage(self, r: PersonRow, by_name: dict[str, Stage]) -> Stage | None:
        """The job's stage the row names; a name the job does not have is counted and kept in a note."""
        if not r.stage:
            return None
        stage = by_name.get(r.stage.lower())
        if stage is None:
            self.run.unknown_stages[r.stage] = self.run.unknown_stages.get(r.stage, 0) + 1
            self.stage_notes[id(r)] = f"Stage: {r.stage}"
        return stage

    def _write_applications(
        self, apps: list[dict], plans: list[Plan], by_name: dict[str, Stage], reasons: dict[str, int]
    ) -> None:
        app_ids = self._insert_returning_ids(Application, apps)
        events = []
        for app_id, (r, stage, status, applied, reason_id) in zip(app_ids, plans, strict=True):
            base = {"application_id": app_id, "prev_stage_entered_at": None, "undoes_event_id": None}
            if r.history:
                events.extend(base | e for e in self._history_events(r.history, applied, by_name, reasons))
            else:
                events.extend(base | e for e in self._first_events(r, stage, status, applied, reason_id))
        if events:
            self._bulk_insert(StageEvent, events)
        # An imported applicant who is applying now (not a closed, historical application) leaves their
        # nurture sequence in the same transaction, as `apply` does.
        opened = [a["candidate_id"] for a in apps if a["status"] not in CLOSED_STATUSES]
        stop_on_opening(self.s, opened, EventAction.APPLIED, self.now)
        # One change-log entry per application, appended when the batch's transaction commits.
        job_id = apps[0]["job_id"]
        title = self.s.scalar(select(Job.title).where(Job.id == job_id)) or ""
        opened_apps = [(app_id, a["candidate_id"]) for app_id, a in zip(app_ids, apps, strict=True)]
        note_changes(self.s, imported_changes(job_id, title, opened_apps))
        self.run.applications += len(apps)

    def _history_events(
        self,
        history: tuple[HistoryEntry, ...],
        applied: datetime,
        by_name: dict[str, Stage],
        reasons: dict[str, int],
    ) -> list[dict]:
        """The stage_event rows of the file's own history."""
        out = []
        # Statuses after each event, so a missing from/to status is what the event log implies
        # (an undo returns to the status before the event it undoes).
        trail: list[str] = []
        for ev in history:
            frm = by_name.get((ev.from_stage or "").lower())
            to = by_name.get((ev.to_stage or "").lower())
            from_status = ev.from_status or (trail[-1] if trail else None)
            to_status = ev.to_status
            if ev.action == EventAction.UNDO:
                if trail:
                    trail.pop()
                to_status = to_status or (trail[-1] if trail else ApplicationStatus.ACTIVE)
            else:
                to_status = to_status or from_status or ApplicationStatus.ACTIVE
            trail.append(to_status)
            out.append(
                {
                    "from_stage_id": frm.id if frm else None,
                    "to_stage_id": to.id if to else None,
                    "from_stage_name": ev.from_stage,
                    "to_stage_name": ev.to_stage,
                    "from_status": from_status,
                    "to_status": to_status,
                    "action": ev.action,
                    "reason_id": reasons.get((ev.reason or "").lower()),
                    "note": ev.note,
                    "at": ev.at or applied,
                    "actor": ev.actor or self.actor,
                    "actor_id": self.actor_id if not ev.actor or ev.actor == self.actor else None,
                }
            )
        return out

    def _first_events(
        self, r: PersonRow, stage: Stage, status: str, applied: datetime, reason_id: int | None
    ) -> list[dict]:
        """A new application's 'applied' event, and its closing event when the row says it was closed."""
        source = r.person.get("source") or (
            self.target.source if isinstance(self.target, ApplicantTarget) else None
        )
        hired = status == ApplicationStatus.HIRED
        out = [
            {
                "from_stage_id": None,
                "to_stage_id": stage.id,
                "from_stage_name": None,
                "to_stage_name": stage.name,
                "from_status": None,
                "to_status": ApplicationStatus.HIRED if hired else ApplicationStatus.ACTIVE,
                "action": EventAction.APPLIED,
                "reason_id": None,
                "note": source,
                "at": applied,
                "actor": self.actor,
                "actor_id": self.actor_id,
            }
        ]
        if status in CLOSED_STATUSES:
            out.append(
                {
                    "from_stage_id": stage.id,
                    "to_stage_id": stage.id,
                    "from_stage_name": stage.name,
                    "to_stage_name": stage.name,
                    "from_status": ApplicationStatus.ACTIVE,
                    "to_status": status,
                    "action": EventAction.REJECT
                    if status == ApplicationStatus.REJECTED
                    else EventAction.WITHDRAW,
                    "reason_id": reason_id,
                    "note": None,
                    "at": applied,
                    "actor": self.actor,
                    "actor_id": self.actor_id,
                }
            )
        return out


def _entered(r: PersonRow, stage: Stage, applied: datetime) -> datetime:
    """When the person entered their stage: the row's date, else the last move into it in the file's
    history, else when they applied."""
    if r.stage_entered_at is not None:
        return r.stage_entered_at
    entered = applied
    for ev in r.history:
        moved_in = ev.to_stage and ev.to_stage.lower() == stage.name.lower() and ev.from_stage != ev.to_stage
        if ev.at and moved_in:
            entered = ev.at
    return entered
