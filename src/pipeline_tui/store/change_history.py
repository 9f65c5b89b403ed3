"""The change log written from the history tables, for a database whose history was written in bulk.

The demo writes weeks of pipeline history at once (the store's bulk writer, no change log) and then some of
it through the repositories (which note changes stamped with the time they were written). So the demo's
activity feed would show a handful of changes in no time order. `rebuild_from_history` replaces the log
with one line per stage_event, note or touch, job_event and hiring_event (interviews, submitted scorecards,
offers: the same sentences as the live writes, store/hiring_changes.py), in the order they happened, with who
made each: the feed then tells the demo's story ("Lena Fischer moved Kyle Miller to Offer", three weeks ago).

Only for a database nobody follows yet (the demo right after it is built): it renumbers the whole log.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from sqlalchemy import DateTime, delete, text

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.hiring_vocabulary import HiringAction, HiringSubject, OfferStatus
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.database import Database
from pipeline_tui.store.hiring_changes import SCORECARD_TOLD, interview_change, offer_change, scorecard_change

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
# Interviews, scorecards and offers of applications (not a job's interview plan), with the round's name and
# the offer's current version (an event's detail names the version it was about when it says one).
HIRING = """
SELECT h.at AS at, h.subject AS subject, h.subject_id AS subject_id, h.action AS action, h.detail AS detail,
       h.actor_id AS actor_id, h.actor AS actor, a.job_id AS job_id, a.candidate_id AS candidate_id,
       COALESCE(iv.round_name, sv.round_name, '') AS round_name, o.version AS version
FROM hiring_event h
JOIN application a ON a.id = h.application_id
LEFT JOIN interview iv ON h.subject = 'interview' AND iv.id = h.subject_id
LEFT JOIN scorecard sc ON h.subject = 'scorecard' AND sc.id = h.subject_id
LEFT JOIN interview sv ON sv.id = sc.interview_id
LEFT JOIN offer o ON h.subject = 'offer' AND o.id = h.subject_id
ORDER BY h.at, h.id
"""
CHUNK = 5_000


def rebuild_from_history(db: Database) -> int:
    """Replace the change log with the history tables' story, oldest first; how many lines it holds."""
    written = 0
    with db.connection() as conn:
        conn.execute(delete(ChangeLog))
        if db.is_sqlite:  # numbering starts again at 1
            conn.execute(text("DELETE FROM sqlite_sequence WHERE name = 'change_log'"))
        rows = [dict(row) for row in conn.execute(text(HISTORY).columns(at=DateTime)).mappings()]
        hiring = [
            told for row in conn.execute(text(HIRING).columns(at=DateTime)).mappings() if (told := _told(row))
        ]
        rows = sorted(rows + hiring, key=lambda row: row["at"])  # stable: each part is in its own order
        for start in range(0, len(rows), CHUNK):
            values = [
                {**row, "detail": _clip(row["detail"]), "origin": None} for row in rows[start : start + CHUNK]
            ]
            conn.execute(ChangeLog.__table__.insert(), values)
            written += len(values)
    return written


def _told(row: Any) -> dict | None:
    """A hiring_event as the change its live write notes (None for what is not told: a draft scorecard)."""
    action = HiringAction(row["action"])
    app = SimpleNamespace(job_id=row["job_id"], candidate_id=row["candidate_id"])
    subject = row["subject"]
    if subject == HiringSubject.INTERVIEW:
        change = interview_change(row["subject_id"], app, action, row["round_name"])
    elif subject == HiringSubject.SCORECARD and action in SCORECARD_TOLD:
        change = scorecard_change(row["subject_id"], app, action, row["round_name"])
    elif subject == HiringSubject.OFFER:
        change = offer_change(_offer_then(row), app, action)
    else:
        return None
    return _line(row, change)


def _offer_then(row: Any) -> SimpleNamespace:
    """The offer as its change saw it: the version the event names, approved when the event approved it."""
    detail = row["detail"] or ""
    named = re.match(r"version (\d+)", detail)
    approved = "approved at once" in detail or "every approver approved" in detail
    status = OfferStatus.APPROVED if approved else OfferStatus.PENDING_APPROVAL
    return SimpleNamespace(
        id=row["subject_id"], version=int(named.group(1)) if named else row["version"], status=status
    )


def _line(row: Any, change: Change) -> dict:
    return {
        "at": row["at"],
        "entity": str(change.entity),
        "entity_id": change.entity_id,
        "kind": str(change.kind),
        "actor_id": row["actor_id"],
        "actor": row["actor"],
        "subject": change.subject,
        "detail": change.detail,
        "job_id": change.job_id,
        "candidate_id": change.candidate_id,
    }


def _clip(value: str | None) -> str | None:
    return value if value is None or len(value) <= 500 else value[:499] + "…"
