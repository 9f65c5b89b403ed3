"""The change log written from the history tables, for a database whose history was written in bulk.

The demo writes weeks of pipeline history at once (the store's bulk writer, no change log) and then some of
it through the repositories (which note changes stamped with the time they were written). So the demo's
activity feed would show a handful of changes in no time order. `rebuild_from_history` replaces the log
with one line per stage_event, note or touch and job_event, in the order they happened, with who made each:
the feed then tells the demo's story ("Lena Fischer moved Kyle Miller to Offer", three weeks ago).

Only for a database nobody follows yet (the demo right after it is built): it renumbers the whole log.
"""

from __future__ import annotations

from sqlalchemy import DateTime, delete, text

from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.database import Database

# Stage events (the board), notes and touches (people), job events (jobs), one SELECT each, in time order.
HISTORY = """
SELECT at, entity, entity_id, kind, actor_id, actor, subject, detail, job_id, candidate_id FROM (
    SELECT e.at AS at, 'application' AS entity, a.id AS entity_id,
           CASE e.action WHEN 'applied' THEN 'applied' WHEN 'move' THEN 'moved' WHEN 'reject' THEN 'rejected'
                WHEN 'hire' THEN 'hired' WHEN 'withdraw' THEN 'withdrawn' WHEN 'reopen' THEN 'reopened'
                WHEN 'undo' THEN 'undone' ELSE 'handed_over' END AS kind,
           e.actor_id AS actor_id, e.actor AS actor, NULL AS subject,
           CASE WHEN e.action IN ('applied', 'handoff') THEN jb.title
                WHEN e.action IN ('reject', 'withdraw') THEN COALESCE(r.name, 'no reason given')
                WHEN e.action = 'undo' THEN 'back to ' || e.to_stage_name
                ELSE e.to_stage_name END AS detail,
           a.job_id AS job_id, a.candidate_id AS candidate_id, e.id AS tie
    FROM stage_event e
    JOIN application a ON a.id = e.application_id
    JOIN job jb ON jb.id = a.job_id
    LEFT JOIN rejection_reason r ON r.id = e.reason_id
    UNION ALL
    SELECT t.at, 'candidate', t.candidate_id,
           CASE t.kind WHEN 'note' THEN 'noted' ELSE 'contacted' END,
           t.actor_id, t.actor, NULL, CASE t.kind WHEN 'note' THEN NULL ELSE t.kind END,
           ap.job_id, t.candidate_id, t.id
    FROM activity t
    LEFT JOIN application ap ON ap.id = t.application_id
    UNION ALL
    SELECT j.at, 'job', j.job_id,
           CASE WHEN j.action = 'created' THEN 'job_created' WHEN j.action = 'edited' THEN 'job_edited'
                WHEN j.action = 'status' THEN 'job_status' ELSE 'stages_changed' END,
           j.actor_id, j.actor, jb.title, j.detail, j.job_id, NULL, j.id
    FROM job_event j
    JOIN job jb ON jb.id = j.job_id
) history
ORDER BY at, tie
"""
CHUNK = 5_000


def rebuild_from_history(db: Database) -> int:
    """Replace the change log with the history tables' story, oldest first; how many lines it holds."""
    written = 0
    with db.connection() as conn:
        conn.execute(delete(ChangeLog))
        if db.is_sqlite:  # numbering starts again at 1
            conn.execute(text("DELETE FROM sqlite_sequence WHERE name = 'change_log'"))
        rows = conn.execute(text(HISTORY).columns(at=DateTime)).mappings().all()
        for start in range(0, len(rows), CHUNK):
            values = [
                {**row, "detail": _clip(row["detail"]), "origin": None} for row in rows[start : start + CHUNK]
            ]
            conn.execute(ChangeLog.__table__.insert(), values)
            written += len(values)
    return written


def _clip(value: str | None) -> str | None:
    return value if value is None or len(value) <= 500 else value[:499] + "…"
