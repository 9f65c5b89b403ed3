"""The pipeline: applications moving through a job's stages, each change logged as a stage_event.

Every change is one transaction that checks the caller's `expected_version` with a conditional UPDATE, so
two windows (or two users on PostgreSQL) racing on one card cannot overwrite each other: the loser gets
StaleVersion and nothing of theirs is written. A stage change is plain Core statements (one read of the
application with its stage, one conditional UPDATE, one INSERT of the event) on a Core connection
(`Database.connection()`): no ORM Session or objects, which keeps a move within a few times the raw SQL it
writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Row, Select, Update, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import AlreadyApplied, InvalidInput, NotFound, RuleViolation, StaleVersion
from pipeline_tui.core.records import ApplicationRecord
from pipeline_tui.core.vocabulary import (
    CLOSING_ACTIONS,
    OPENING_ACTIONS,
    UNDOABLE_ACTIONS,
    ApplicationStatus,
    EventAction,
    StageKind,
)
from pipeline_tui.store.applicant_list import ApplicantListing
from pipeline_tui.store.application_changes import board_change, opening_change
from pipeline_tui.store.application_handoffs import HandoffWriting
from pipeline_tui.store.application_reopen import stage_before_hired
from pipeline_tui.store.application_views import (
    APPLICATION_COLUMNS,
    CARD_TAGS,
    ApplicationViews,
    application_row,
)
from pipeline_tui.store.candidates import application_record
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.enrollment_stops import stop_on_opening
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.job_rules import require_open
from pipeline_tui.store.merged_applications import ApplicationMerging
from pipeline_tui.store.models import (
    Application,
    Candidate,
    Job,
    Pool,
    RejectionReason,
    Stage,
    StageEvent,
)

__all__ = ["CARD_TAGS", "UNDOABLE", "ApplicationRepository", "count_events"]

UNDOABLE = UNDOABLE_ACTIONS
_STAGE_COLUMNS = (Stage.id, Stage.job_id, Stage.name, Stage.kind)
_EVENT_COLUMNS = (
    StageEvent.id,
    StageEvent.action,
    StageEvent.from_stage_id,
    StageEvent.from_stage_name,
    StageEvent.from_status,
    StageEvent.prev_stage_entered_at,
)
_CHUNK = 500


class ApplicationRepository(ApplicationViews, ApplicantListing, HandoffWriting, ApplicationMerging):
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- opening ----------------------------------------------------------------------------------------

    @retried_when_busy
    def apply(
        self,
        candidate_id: int,
        job_id: int,
        *,
        source: str | None = None,
        stage_id: int | None = None,
        origin_pool_id: int | None = None,
        at: datetime | None = None,
        action: EventAction | None = None,
    ) -> ApplicationRecord:
        """Put a person into a job's pipeline (first stage unless named). Refuses a second application.

        The first event says `action` (default: 'handoff' when the person came from a pool, else 'applied')."""
        try:
            with self._db.transaction() as s:
                refuse_if_erased(s, candidate_id)
                return self._apply(s, candidate_id, job_id, source, stage_id, origin_pool_id, at, action)
        except IntegrityError:
            with self._db.transaction() as s:
                _refuse_second_application(s, candidate_id, job_id)
            raise

    def already_in(self, job_id: int, candidate_ids: Iterable[int]) -> set[int]:
        """Which of these people already have an application to the job (any status)."""
        ids = list(dict.fromkeys(candidate_ids))
        found: set[int] = set()
        with self._db.transaction() as s:
            for i in range(0, len(ids), _CHUNK):
                found.update(
                    s.scalars(
                        select(Application.candidate_id).where(
                            Application.job_id == job_id, Application.candidate_id.in_(ids[i : i + _CHUNK])
                        )
                    )
                )
        return found

    def _apply(
        self,
        s: Session,
        candidate_id: int,
        job_id: int,
        source: str | None,
        stage_id: int | None,
        origin_pool_id: int | None,
        at: datetime | None,
        action: EventAction | None = None,
    ) -> ApplicationRecord:
        if s.get(Candidate, candidate_id) is None:
            raise NotFound(f"no candidate #{candidate_id}")
        require_open(s, job_id)
        job = s.get(Job, job_id)
        _refuse_second_application(s, candidate_id, job_id)
        if stage_id is None:
            stage = s.scalar(select(Stage).where(Stage.job_id == job_id).order_by(Stage.position).limit(1))
        else:
            stage = s.get(Stage, stage_id)
            if stage is None or stage.job_id != job_id:
                raise RuleViolation("that stage is not one of this job's stages")
        if stage is None:
            raise RuleViolation(f"job {job.title!r} has no stages")
        when = at or utcnow()
        status = ApplicationStatus.HIRED if stage.kind == StageKind.HIRED else ApplicationStatus.ACTIVE
        app = Application(
            candidate_id=candidate_id,
            job_id=job_id,
            stage_id=stage.id,
            status=status,
            source=source,
            origin_pool_id=origin_pool_id,
            applied_at=when,
            stage_entered_at=when,
            rating=0,
            version=1,
        )
        s.add(app)
        s.flush()
        applied, handed_over = OPENING_ACTIONS
        opening = action or (handed_over if origin_pool_id else applied)
        actor = actor_of(self._db, s)
        s.add(
            StageEvent(
                application_id=app.id,
                to_stage_id=stage.id,
                to_stage_name=stage.name,
                to_status=status,
                action=opening,
                note=source,
                at=when,
                actor=actor.name,
                actor_id=actor.id,
            )
        )
        stop_on_opening(s, [candidate_id], opening, when)  # their sequence stops: applied or handed over
        pool = s.scalar(select(Pool.name).where(Pool.id == origin_pool_id)) if origin_pool_id else None
        note_change(
            s,
            opening_change(app.id, candidate_id, job_id, opening, job.title, pool and f"pool: {pool}"),
        )
        return application_record(app)

    # -- changing ---------------------------------------------------------------------------------------

    @retried_when_busy
    def move_to_stage(
        self, application_id: int, stage_id: int, expected_version: int, *, at: datetime | None = None
    ) -> ApplicationRecord:
        """Move an active application; landing in a hired-kind stage marks it hired."""
        with self._db.connection() as c:
            app = application_row(c, application_id, target_stage_id=stage_id)
            _check_version(app, expected_version)
            if app.status != ApplicationStatus.ACTIVE:
                raise RuleViolation(f"this application is {app.status}: reopen it before moving it")
            if app.target_id is None or app.target_job_id != app.job_id:
                raise RuleViolation("that stage is not one of this job's stages")
            if app.target_id == app.stage_id:
                raise RuleViolation(f"already in {app.target_name}")
            hired = app.target_kind == StageKind.HIRED
            status = ApplicationStatus.HIRED if hired else ApplicationStatus.ACTIVE
            action = EventAction.HIRE if hired else EventAction.MOVE
            target = (app.target_id, app.target_job_id, app.target_name, app.target_kind)
            return self._change(c, app, expected_version, action, stage=target, status=status, at=at)

    @retried_when_busy
    def hire(self, application_id: int, expected_version: int) -> ApplicationRecord:
        with self._db.connection() as c:
            return self.hire_in(c, application_id, expected_version)

    def hire_in(
        self, c: Connection, application_id: int, expected_version: int | None, *, offer_id: int | None = None
    ) -> ApplicationRecord:
        """The hire inside the caller's transaction `c` (an accepted offer's: `offer_id` goes on its
        stage_event); None for `expected_version` takes the version read here."""
        app = application_row(c, application_id)
        expected_version = app.version if expected_version is None else expected_version
        _check_version(app, expected_version)
        if app.status != ApplicationStatus.ACTIVE:
            raise RuleViolation(f"this application is {app.status}: reopen it before hiring")
        hired = _first(
            c,
            select(*_STAGE_COLUMNS)
            .where(Stage.job_id == app.job_id, Stage.kind == StageKind.HIRED)
            .order_by(Stage.position.desc())
            .limit(1),
        )
        if hired is None:
            raise RuleViolation("this job has no hired stage")
        status = ApplicationStatus.HIRED
        return self._change(
            c, app, expected_version, EventAction.HIRE, stage=hired, status=status, offer=offer_id
        )

    def reject(
        self, application_id: int, reason_id: int | None, expected_version: int, *, note: str | None = None
    ) -> ApplicationRecord:
        return self._close(application_id, reason_id, expected_version, note, EventAction.REJECT)

    def withdraw(
        self, application_id: int, reason_id: int | None, expected_version: int, *, note: str | None = None
    ) -> ApplicationRecord:
        return self._close(application_id, reason_id, expected_version, note, EventAction.WITHDRAW)

    @retried_when_busy
    def _close(
        self,
        application_id: int,
        reason_id: int | None,
        expected_version: int,
        note: str | None,
        action: EventAction,
    ) -> ApplicationRecord:
        with self._db.connection() as c:
            app = application_row(c, application_id)
            _check_version(app, expected_version)
            if app.status != ApplicationStatus.ACTIVE:
                raise RuleViolation(f"this application is already {app.status}")
            reason = None
            if reason_id is not None:
                reason = c.scalar(select(RejectionReason.name).where(RejectionReason.id == reason_id))
                if reason is None:
                    raise InvalidInput(f"no rejection reason #{reason_id}")
            return self._change(
                c,
                app,
                expected_version,
                action,
                status=CLOSING_ACTIONS[action],
                reason=(reason_id, reason),
                note=note,
            )

    @retried_when_busy
    def reopen(self, application_id: int, expected_version: int) -> ApplicationRecord:
        """Back to active: a rejected or withdrawn person returns to the stage they left; a hire is undone
        to the stage before Hired."""
        with self._db.connection() as c:
            app = application_row(c, application_id)
            _check_version(app, expected_version)
            if app.status == ApplicationStatus.ACTIVE:
                raise RuleViolation("this application is already active")
            refuse_if_erased(c, app.candidate_id)
            stage = stage_before_hired(c, app) if app.status == ApplicationStatus.HIRED else None
            stop_on_opening(c, [app.candidate_id], EventAction.APPLIED, utcnow())  # back in a job
            return self._change(
                c, app, expected_version, EventAction.REOPEN, stage=stage, status=ApplicationStatus.ACTIVE
            )

    @retried_when_busy
    def undo_last_move(self, application_id: int, expected_version: int | None = None) -> ApplicationRecord:
        """Reverse the application's latest not-yet-undone move, reject, hire, withdraw or reopen with an 'undo'
        event; called again, it reverses the change before that."""
        with self._db.connection() as c:
            app = application_row(c, application_id)
            if expected_version is not None:
                _check_version(app, expected_version)
            last = c.execute(_last_undoable_statement(), {"application_id": app.id}).first()
            if last is None or last.action not in UNDOABLE:
                raise RuleViolation("nothing to undo for this application")
            if app.status != ApplicationStatus.ACTIVE:  # the undo would make them active again
                refuse_if_erased(c, app.candidate_id)
            stage = None if last.stage_id is None else (last.stage_id, None, last.stage_name, last.stage_kind)
            if (last.from_stage_id and stage is None) or (
                last.from_stage_id is None and last.from_stage_name
            ):
                raise RuleViolation(
                    f"cannot undo: the stage {last.from_stage_name!r} it came from was removed"
                )
            return self._change(
                c,
                app,
                app.version,
                EventAction.UNDO,
                stage=stage,
                status=last.from_status or ApplicationStatus.ACTIVE,
                undoes=last,
            )

    @retried_when_busy
    def set_rating(self, application_id: int, rating: int, expected_version: int) -> ApplicationRecord:
        if not 0 <= rating <= 3:
            raise InvalidInput("rating is 0 to 3")
        with self._db.connection() as c:
            app = application_row(c, application_id)
            _check_version(app, expected_version)
            row = _bump(c, app, expected_version, rating=rating)
            note_change(c, board_change(app, ChangeKind.RATED, "★" * rating if rating else "no stars", None))
            return _record(row, app.reason_name)

    def _change(
        self,
        c: Connection,
        app: Row,
        expected_version: int,
        action: EventAction,
        *,
        stage: tuple[Any, ...] | None = None,
        status: str,
        reason: tuple[int | None, str | None] = (None, None),
        note: str | None = None,
        undoes: Row | None = None,
        at: datetime | None = None,
        offer: int | None = None,
    ) -> ApplicationRecord:
        """Write one change: the conditional UPDATE of the application and its stage_event.

        `app` is an application_row(); `stage` is (id, job_id, name, kind) of the stage it lands in, or None
        to stay where it is; `reason` is (id, name) of a rejection reason; `offer` the accepted offer's id."""
        now = at or utcnow()
        values: dict[str, object] = {"status": status}
        if stage is not None and stage[0] != app.stage_id:
            values["stage_id"] = stage[0]
            values["stage_entered_at"] = (
                undoes.prev_stage_entered_at if undoes is not None and undoes.prev_stage_entered_at else now
            )
        reason_id, reason_name = reason
        if action in CLOSING_ACTIONS:
            values["rejection_reason_id"] = reason_id
            values["rejection_note"] = note
        elif status == ApplicationStatus.ACTIVE:
            values["rejection_reason_id"] = None
            values["rejection_note"] = None
        # Columns that keep their value are left out of the UPDATE: each one named there rewrites its
        # indexes (status is in two), which is most of what a plain move would cost the database.
        values = {name: value for name, value in values.items() if value != getattr(app, name)}
        row = _bump(c, app, expected_version, **values)
        actor = actor_of(self._db, c)
        c.execute(
            _event_insert(),
            {
                "application_id": app.id,
                "from_stage_id": app.stage_id,
                "from_stage_name": app.stage_name,
                "to_stage_id": stage[0] if stage is not None else app.stage_id,
                "to_stage_name": stage[2] if stage is not None else app.stage_name,
                "from_status": app.status,
                "to_status": status,
                "action": action,
                "reason_id": reason_id,
                "note": note,
                "prev_stage_entered_at": app.stage_entered_at,
                "undoes_event_id": undoes.id if undoes is not None else None,
                "offer_id": offer,
                "at": now,
                "actor": actor.name,
                "actor_id": actor.id,
            },
        )
        if row["rejection_reason_id"] is None:
            reason_name = None
        elif row["rejection_reason_id"] == app.rejection_reason_id:
            reason_name = app.reason_name
        landed = stage[2] if stage is not None else app.stage_name
        note_change(c, board_change(app, action, landed, reason_name))
        return _record(row, reason_name)


def _bump(c: Connection, app: Row, expected_version: int, **values: object) -> dict[str, object]:
    """Conditional UPDATE on the version: the database, not this process, decides who wins a race.

    Returns the application's new columns, known without reading them back: what `app` read (which the
    version check proves current), the changes and the next version."""
    now = utcnow()
    params = {f"new_{name}": value for name, value in values.items()}
    params.update(b_id=app.id, b_version=expected_version, new_updated_at=now)
    if c.execute(_bump_statement(tuple(values)), params).rowcount != 1:
        raise StaleVersion(
            "someone else changed this application just now; it was reloaded, nothing was saved"
        )
    columns = app._asdict()
    columns.update(values, version=expected_version + 1, updated_at=now)
    return columns


@cache
def _bump_statement(changed: tuple[str, ...]) -> Update:
    """One UPDATE per set of changed columns (a handful: move, close, reopen, rating), built once."""
    table = Application.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            {
                **{name: bindparam(f"new_{name}") for name in (*changed, "updated_at")},
                "version": table.c.version + 1,
            }
        )
    )


@cache
def _last_undoable_statement() -> Select:
    """The latest event not yet undone, with the stage it came from (None when that stage is gone). Undo
    events and the events they already reversed are skipped, so repeated undo walks further back."""
    event, stage = StageEvent.__table__, Stage.__table__
    mine = event.c.application_id == bindparam("application_id")
    undone = select(event.c.undoes_event_id).where(mine, event.c.undoes_event_id.is_not(None))
    return (
        select(
            *(event.c[c.key] for c in _EVENT_COLUMNS),
            *(stage.c[c.key].label(f"stage_{c.key}") for c in _STAGE_COLUMNS),
        )
        .select_from(event.outerjoin(stage, stage.c.id == event.c.from_stage_id))
        .where(mine, event.c.action != EventAction.UNDO, event.c.id.not_in(undone))
        .order_by(event.c.id.desc())
        .limit(1)
    )


@cache
def _event_insert() -> Insert:
    return insert(StageEvent.__table__)


def _record(columns: dict[str, object], reason_name: str | None) -> ApplicationRecord:
    return ApplicationRecord(
        **{name: columns[name] for name in APPLICATION_COLUMNS}, rejection_reason=reason_name
    )


def _check_version(app: Row, expected_version: int) -> None:
    if app.version != expected_version:
        raise StaleVersion(
            "someone else changed this application since you loaded it; it was reloaded, nothing was saved",
            current_version=app.version,
        )


def _first(c: Connection, stmt: Any) -> Row | None:
    return c.execute(stmt).first()


def _refuse_second_application(s: Session, candidate_id: int, job_id: int) -> None:
    existing = s.execute(
        select(Application.id, Application.status, Job.title, Candidate.full_name)
        .join(Job, Job.id == Application.job_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.candidate_id == candidate_id, Application.job_id == job_id)
    ).first()
    if existing:
        raise AlreadyApplied(
            candidate_id,
            job_id,
            existing.id,
            f"{existing.full_name} already applied to {existing.title} ({existing.status})",
        )


def count_events(db: Database) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(StageEvent)) or 0)
