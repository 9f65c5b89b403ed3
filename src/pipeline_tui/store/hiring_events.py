"""hiring_event rows: the one way interviews, scorecards and offers record who changed what (in the same
transaction as the change, so a change without its history cannot be committed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.hiring_records import HiringEventRecord
from pipeline_tui.core.hiring_vocabulary import HiringAction, HiringSubject
from pipeline_tui.core.local_time import aware_utc
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.hiring_tables import HiringEvent

if TYPE_CHECKING:
    from pipeline_tui.store.database import Database


def record_hiring_event(
    db: Database,
    bind: Session | Connection,
    *,
    subject: HiringSubject,
    subject_id: int,
    action: HiringAction,
    application_id: int | None = None,
    job_id: int | None = None,
    detail: str | None = None,
) -> int:
    """Write one hiring_event as the current user, inside `bind`'s transaction; returns its id."""
    actor = actor_of(db, bind)
    conn = bind.connection() if isinstance(bind, Session) else bind
    values = {
        "application_id": application_id,
        "job_id": job_id,
        "subject": str(subject),
        "subject_id": subject_id,
        "action": str(action),
        "detail": detail,
        "at": utcnow(),
        "actor_id": actor.id,
        "actor": actor.name,
    }
    return conn.execute(insert(HiringEvent).values(**values)).inserted_primary_key[0]


def hiring_history(bind: Session | Connection, application_id: int) -> list[HiringEventRecord]:
    """An application's interview, scorecard and offer history, oldest first."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    rows = conn.execute(
        select(HiringEvent).where(HiringEvent.application_id == application_id).order_by(HiringEvent.id)
    ).all()
    return [HiringEventRecord.model_validate({**row._mapping, "at": aware_utc(row.at)}) for row in rows]
