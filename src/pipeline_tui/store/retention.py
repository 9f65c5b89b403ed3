"""The retention policy in SQL: who is due (core/retention.py says who and why), and anonymising them.

Selection is one set-based condition, evaluated in the database on SQLite and PostgreSQL alike. Applying it
runs the erase path of `privacy erase` (store/privacy.py `anonymise`) over batches of people, one short
transaction per batch: the write lock is released between batches, so recruiters keep working while 100,000
people are anonymised, and each batch re-checks that its people are still due (one contacted meanwhile is
skipped). The full-text index is merged and the SQLite file scrubbed once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.retention import (
    CONSENT_GIVEN,
    KEPT_STATUSES,
    DuePerson,
    RetentionPolicy,
    RetentionRun,
)
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Application, Candidate

BATCH = 1000  # people per transaction when applying: a short lock, a fixed number of statements each


def due_conditions(policy: RetentionPolicy, now: datetime) -> list[ColumnElement]:
    """The WHERE clause of "due under `policy` at `now`" over `candidate` (see core/retention.py)."""
    cutoff = policy.cutoff(now)
    conditions: list[ColumnElement] = [
        Candidate.anonymised_at.is_(None),
        # Spelled as an OR (not coalesce) so each half can use its column's index.
        or_(
            Candidate.last_contacted_at <= cutoff,
            and_(Candidate.last_contacted_at.is_(None), Candidate.created_at <= cutoff),
        ),
        # No application in progress or hired, and none that changed after the cutoff (that was contact).
        ~exists().where(
            Application.candidate_id == Candidate.id,
            or_(Application.status.in_(KEPT_STATUSES), Application.updated_at > cutoff),
        ),
    ]
    if policy.require_consent:
        conditions.append(Candidate.consent_status != CONSENT_GIVEN)
    return conditions


class RetentionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def due(self, policy: RetentionPolicy, *, now: datetime | None = None) -> list[DuePerson]:
        """Everyone due under `policy`, by id."""
        at = now or utcnow()
        with self._db.transaction() as s:
            rows = s.execute(
                select(
                    Candidate.id,
                    Candidate.full_name,
                    Candidate.email,
                    Candidate.last_contacted_at,
                    Candidate.created_at,
                    Candidate.consent_status,
                )
                .where(*due_conditions(policy, at))
                .order_by(Candidate.id)
            ).all()
        return [DuePerson(*row) for row in rows]

    def count(self, policy: RetentionPolicy, *, now: datetime | None = None) -> int:
        with self._db.transaction() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(Candidate)
                    .where(*due_conditions(policy, now or utcnow()))
                )
                or 0
            )

    def apply(
        self,
        policy: RetentionPolicy,
        candidate_ids: Sequence[int],
        *,
        now: datetime | None = None,
        batch: int = BATCH,
        progress: Callable[[int], None] | None = None,
    ) -> RetentionRun:
        """Anonymise those of `candidate_ids` still due, `batch` people per transaction; `progress` hears how
        many are done after each batch. Then the index is merged and the file scrubbed once."""
        from pipeline_tui.store.privacy import anonymise  # the erase path (kept off start-up's imports)

        at = now or utcnow()
        ids = sorted(set(candidate_ids))
        done = batches = 0
        for start in range(0, len(ids), max(batch, 1)):
            chunk = ids[start : start + max(batch, 1)]
            with self._db.transaction() as s:
                self._db.dialect.zero_freed_space(s)
                still_due = list(
                    s.scalars(
                        select(Candidate.id).where(Candidate.id.in_(chunk), *due_conditions(policy, at))
                    )
                )
                done += anonymise(s, still_due, utcnow(), actor_of(self._db, s)).people
            batches += 1
            if progress is not None:
                progress(done)
        scrubbed = False
        if done:
            with self._db.transaction() as s:
                self._db.dialect.merge_search(s)
            scrubbed = self._db.dialect.scrub_file(self._db.engine)
        return RetentionRun(anonymised=done, batches=batches, skipped=len(ids) - done, file_scrubbed=scrubbed)
