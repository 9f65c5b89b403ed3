"""Where reopening a hire goes. Kept apart from the move path in applications.py: only `r` on a hire needs it."""

from __future__ import annotations

from sqlalchemy import Connection, Row, select

from pipeline_tui.core.vocabulary import EventAction, StageKind
from pipeline_tui.store.models import Stage, StageEvent

STAGE_COLUMNS = (Stage.id, Stage.job_id, Stage.name, Stage.kind)


def stage_before_hired(c: Connection, app: Row) -> Row | None:
    """The stage the hire came from, else the last stage before Hired."""
    last_hire_from = c.scalar(
        select(StageEvent.from_stage_id)
        .where(StageEvent.application_id == app.id, StageEvent.action == EventAction.HIRE)
        .order_by(StageEvent.id.desc())
        .limit(1)
    )
    stage = None
    if last_hire_from:
        stage = c.execute(select(*STAGE_COLUMNS).where(Stage.id == last_hire_from)).first()
    if stage is None and app.stage_kind == StageKind.HIRED:
        # Entered Hired directly (or the stage before was removed): the last stage before it.
        stage = c.execute(
            select(*STAGE_COLUMNS)
            .where(
                Stage.job_id == app.job_id,
                Stage.kind != StageKind.HIRED,
                Stage.position < app.stage_position,
            )
            .order_by(Stage.position.desc())
            .limit(1)
        ).first()
    return stage
