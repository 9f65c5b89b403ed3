"""Opening many applications at once (a handoff of a pool to a job): a few statements, not one per person.

A 20,000-person handoff written person by person held SQLite's single write lock for 15-18 s, long enough
for every other user's move to give up; written as one executemany of applications and one of their first
stage events, the whole handoff takes a fraction of a second. What is recorded is what `apply` records for
one person: an application at the job's first stage with its source and origin pool, and a first event
(action 'handoff', the source as its note) and its change-log entry ("handed Bob Ng over to Data Engineer
(pool: Silver)"), appended with the transaction as one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select, text

from pipeline_tui.core.errors import NotFound, PersonErased, RuleViolation
from pipeline_tui.core.vocabulary import ApplicationStatus, EventAction, StageKind
from pipeline_tui.store.application_changes import opening_change
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.current_user import Actor, actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.enrollment_stops import stop_on_opening
from pipeline_tui.store.job_rules import require_open
from pipeline_tui.store.models import Application, Stage, StageEvent

# One person to open an application for: (candidate id, source, origin pool id).
Opening = tuple[int, str | None, int | None]


class HandoffWriting:
    """`open_many` for ApplicationRepository: the set-based counterpart of `apply`."""

    _db: Database

    def applied_of(self, job_id: int, candidate_ids: Sequence[int]) -> set[int]:
        """`already_in` in one statement, the ids bound as one parameter: who of these has applied to the job."""
        ids = list(dict.fromkeys(candidate_ids))
        if not ids:
            return set()
        source, value = self._db.dialect.id_list(ids)
        with self._db.transaction() as s:
            return set(
                s.execute(
                    text(
                        f"SELECT candidate_id FROM application WHERE job_id = :job AND candidate_id IN ({source})"
                    ),
                    {"job": job_id, "ids": value},
                ).scalars()
            )

    def erased_of(self, candidate_ids: Sequence[int]) -> set[int]:
        """Who of these was erased for privacy (a handoff skips them): one statement, the ids bound as one
        parameter."""
        ids = list(dict.fromkeys(candidate_ids))
        if not ids:
            return set()
        source, value = self._db.dialect.id_list(ids)
        with self._db.transaction() as s:
            return set(
                s.execute(
                    text(f"SELECT id FROM candidate WHERE anonymised_at IS NOT NULL AND id IN ({source})"),
                    {"ids": value},
                ).scalars()
            )

    def open_many(
        self, job_id: int, people: Sequence[Opening], *, at: datetime, action: str = EventAction.HANDOFF
    ) -> int:
        """Open an application at the job's first stage for each person (none may have one to the job yet:
        the caller skips those, and the erased); how many were opened. An unknown person raises NotFound, an
        erased one PersonErased, and nothing is written."""
        if not people:
            return 0
        with self._db.transaction() as s:
            conn = s.connection()
            title = require_open(conn, job_id)
            stage = conn.execute(
                select(Stage.id, Stage.name, Stage.kind)
                .where(Stage.job_id == job_id)
                .order_by(Stage.position)
                .limit(1)
            ).first()
            if stage is None:
                raise RuleViolation(f"job {title!r} has no stages")
            dialect = self._db.dialect
            _refuse_missing_or_erased(conn, dialect, [cid for cid, _, _ in people])
            status = str(
                ApplicationStatus.HIRED if stage.kind == StageKind.HIRED else ApplicationStatus.ACTIVE
            )
            app_ids = dialect.insert_returning_ids(
                conn,
                Application.__table__,
                [
                    {
                        "candidate_id": cid,
                        "job_id": job_id,
                        "stage_id": stage.id,
                        "status": status,
                        "rejection_reason_id": None,
                        "rejection_note": None,
                        "source": source,
                        "origin_pool_id": origin,
                        "applied_at": at,
                        "stage_entered_at": at,
                        "rating": 0,
                        "version": 1,
                        "updated_at": at,
                    }
                    for cid, source, origin in people
                ],
            )
            if len(app_ids) != len(people):
                raise RuntimeError(f"opened {len(people)} applications but found {len(app_ids)} new ids")
            actor = actor_of(self._db, conn)
            dialect.bulk_insert(
                conn, StageEvent.__table__, _first_events(app_ids, people, stage, status, at, action, actor)
            )
            # Their sequences stop in the same transaction (handed over, or applied).
            stop_on_opening(conn, [cid for cid, _, _ in people], action, at)
            note_changes(
                conn,
                [
                    opening_change(app_id, cid, job_id, action, title, source)
                    for app_id, (cid, source, _) in zip(app_ids, people, strict=True)
                ],
            )
            return len(app_ids)


def _first_events(
    app_ids: Sequence[int],
    people: Sequence[Opening],
    stage: Row,
    status: str,
    at: datetime,
    action: str,
    actor: Actor,
) -> list[dict]:
    """Each new application's first stage_event: where it starts, the source as its note, by `actor`."""
    return [
        {
            "application_id": app_id,
            "from_stage_id": None,
            "to_stage_id": stage.id,
            "from_stage_name": None,
            "to_stage_name": stage.name,
            "from_status": None,
            "to_status": status,
            "action": str(action),
            "reason_id": None,
            "note": source,
            "prev_stage_entered_at": None,
            "undoes_event_id": None,
            "at": at,
            "actor": actor.name,
            "actor_id": actor.id,
        }
        for app_id, (_, source, _) in zip(app_ids, people, strict=True)
    ]


def _refuse_missing_or_erased(conn, dialect: Dialect, ids: list[int]) -> None:
    """NotFound naming the first id that is nobody, PersonErased the first erased person: one statement,
    the ids bound as one parameter."""
    source, value = dialect.id_list(ids)
    refused = conn.execute(
        text(
            "SELECT ids.id, candidate.id IS NULL AS missing FROM "
            f"({source}) AS ids LEFT JOIN candidate ON candidate.id = ids.id "
            "WHERE candidate.id IS NULL OR candidate.anonymised_at IS NOT NULL LIMIT 1"
        ),
        {"ids": value},
    ).first()
    if refused is None:
        return
    if refused.missing:
        raise NotFound(f"no candidate #{refused.id}")
    raise PersonErased(refused.id)
