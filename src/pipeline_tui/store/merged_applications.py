"""Two records of one person merged (the application steps of services.pipeline.merge_people): where both
applied to one job, the kept record's application stays and the other is written into a note (stage,
status, source, reason, rating and its whole stage history), so merging loses nothing a recruiter wrote
down; every other application of the merged-away record moves to the kept one.

Neither step notes a change of its own: the merge's one MERGED entry on the kept person (written by the
merge's unit of work) is what the change log says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.vocabulary import ActivityKind
from pipeline_tui.store.current_user import Actor, actor_of
from pipeline_tui.store.models import (
    Activity,
    Application,
    Candidate,
    Job,
    RejectionReason,
    Stage,
    StageEvent,
)

if TYPE_CHECKING:
    from pipeline_tui.store.database import Database


class ApplicationMerging:
    """The merge half of ApplicationRepository."""

    _db: Database

    def fold_duplicates(self, keep_id: int, drop_id: int) -> int:
        """Where both people applied to the same job, keep the kept person's application and write the other
        one (stage, status, source, reason, rating, whole history) into a note on them; returns how many."""
        with self._db.transaction() as s:
            return fold_duplicate_applications(s, keep_id, drop_id, actor_of(self._db, s))

    def transfer(self, from_id: int, to_id: int) -> int:
        """Give every application of one person to another; returns how many."""
        with self._db.transaction() as s:
            mine = Application.candidate_id == from_id
            moved = int(s.scalar(select(func.count()).select_from(Application).where(mine)) or 0)
            s.execute(update(Application).where(mine).values(candidate_id=to_id))
            return moved


def fold_duplicate_applications(s: Session, keep_id: int, drop_id: int, actor: Actor) -> int:
    """Fold the drop's applications to jobs the keeper is also in into notes; returns how many."""
    keep, drop = s.get(Candidate, keep_id), s.get(Candidate, drop_id)
    if keep is None or drop is None:
        raise NotFound(f"no candidate #{keep_id if keep is None else drop_id}")
    kept_jobs = {
        a.job_id: a for a in s.scalars(select(Application).where(Application.candidate_id == keep.id))
    }
    folded = 0
    for app in list(s.scalars(select(Application).where(Application.candidate_id == drop.id))):
        mine = kept_jobs.get(app.job_id)
        if mine is None:
            continue
        job = s.get(Job, app.job_id)
        stage = s.get(Stage, app.stage_id)
        reason = s.get(RejectionReason, app.rejection_reason_id) if app.rejection_reason_id else None
        lines = [
            f"Merged duplicate application of {drop.full_name} (candidate #{drop.id}"
            + (f", {drop.email}" if drop.email else "")
            + f") to {job.title if job else 'job #' + str(app.job_id)}:",
            f"stage {stage.name if stage else app.stage_id}, status {app.status}, source {app.source or '-'}, "
            f"applied {app.applied_at:%Y-%m-%d %H:%M}, rating {app.rating}"
            + (f", reason {reason.name}" if reason else "")
            + (f", note {app.rejection_note}" if app.rejection_note else ""),
            "History:",
        ]
        for ev in s.scalars(
            select(StageEvent).where(StageEvent.application_id == app.id).order_by(StageEvent.id)
        ):
            lines.append(
                f"  {ev.at:%Y-%m-%d %H:%M} {ev.action}: {ev.from_stage_name or '-'} -> {ev.to_stage_name or '-'}"
                f" ({ev.to_status})"
                + (f" by {ev.actor}" if ev.actor else "")
                + (f": {ev.note}" if ev.note else "")
            )
        s.execute(update(Activity).where(Activity.application_id == app.id).values(application_id=mine.id))
        s.add(
            Activity(
                candidate_id=keep.id,
                application_id=mine.id,
                kind=ActivityKind.NOTE,
                body="\n".join(lines),
                actor=actor.name,
                actor_id=actor.id,
                at=utcnow(),
            )
        )
        s.flush()
        s.execute(delete(StageEvent).where(StageEvent.application_id == app.id))
        s.execute(delete(Application).where(Application.id == app.id))
        folded += 1
    return folded
