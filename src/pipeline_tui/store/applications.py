"""The pipeline: applications moving through a job's stages, each change logged as a stage_event.

Every change is one transaction that checks the caller's `expected_version` with a conditional UPDATE, so
two windows (or two users on PostgreSQL) racing on one card cannot overwrite each other: the loser gets
StaleVersion and nothing of theirs is written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import AlreadyApplied, InvalidInput, NotFound, RuleViolation, StaleVersion
from pipeline_tui.core.records import (
    ApplicationRecord,
    BoardCard,
    RejectionReasonRecord,
    StageEventRecord,
    StageStay,
)
from pipeline_tui.store.candidates import application_record
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import (
    Application,
    Candidate,
    CandidateTag,
    Job,
    RejectionReason,
    Stage,
    StageEvent,
    Tag,
)

CARD_TAGS = 2
_APPLICATION_COLUMNS = tuple(name for name in ApplicationRecord.model_fields if name != "rejection_reason")
_CARD_PERSON_COLUMNS = ("full_name", "email", "current_title", "current_company", "location")
_CARD_APPLICATION_FIELDS = (*_APPLICATION_COLUMNS, "rejection_reason")  # the first columns of a card row
_CARD_CANDIDATE_ID = _APPLICATION_COLUMNS.index("candidate_id")
UNDOABLE = ("move", "reject", "hire", "withdraw", "reopen")


class ApplicationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading ----------------------------------------------------------------------------------------

    def get(self, application_id: int) -> ApplicationRecord:
        with self._db.transaction() as s:
            app = _application(s, application_id)
            return application_record(app, _reason_name(s, app.rejection_reason_id))

    def board(self, job_id: int, *, include_closed: bool = False) -> list[BoardCard]:
        """A job's cards, ordered by stage then by who entered it first (oldest waits longest, on top)."""
        statuses = ("active", "hired", "rejected", "withdrawn") if include_closed else ("active", "hired")
        on_board = (Application.job_id == job_id, Application.status.in_(statuses))
        with _no_gc_pauses(), self._db.transaction() as s:
            # Core rows of plain columns, not ORM entities: a 5,000-applicant job loads several times faster.
            conn = s.connection()
            rows = conn.execute(
                _card_select().where(*on_board).order_by(Application.stage_entered_at, Application.id)
            ).all()
            # The board's tags in one query (joined through the job), not one IN (...) per 900 people.
            tag_rows = conn.execute(
                select(CandidateTag.candidate_id, Tag.name)
                .join(Tag, Tag.id == CandidateTag.tag_id)
                .join(Application, Application.candidate_id == CandidateTag.candidate_id)
                .where(*on_board)
                .order_by(CandidateTag.candidate_id, Tag.name_key)
            ).all()
            tags = {
                cid: tuple(name for _, name in group) for cid, group in groupby(tag_rows, key=itemgetter(0))
            }
            return [_card_from_row(row, tags) for row in rows]

    def card(self, application_id: int) -> BoardCard:
        with self._db.transaction() as s:
            row = s.connection().execute(_card_select().where(Application.id == application_id)).first()
            if row is None:
                raise NotFound(f"no application #{application_id}")
            candidate_id = row[_CARD_CANDIDATE_ID]
            return _card_from_row(row, _tags_for(s, [candidate_id]))

    def history(self, application_id: int) -> list[StageEventRecord]:
        with self._db.transaction() as s:
            _application(s, application_id)
            rows = s.execute(
                select(StageEvent, RejectionReason.name)
                .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
                .where(StageEvent.application_id == application_id)
                .order_by(StageEvent.id)
            ).all()
            return [_event_record(ev, reason) for ev, reason in rows]

    def stage_stays(self, application_id: int) -> list[StageStay]:
        """Time in each stage, from the event log: a stay starts when an event lands in a stage."""
        events = self.history(application_id)
        stays: list[StageStay] = []
        now = utcnow()
        for ev in events:
            if ev.to_stage_name is None or ev.from_stage_name == ev.to_stage_name:
                continue
            if stays and stays[-1].left_at is None:
                last = stays[-1]
                stays[-1] = last.model_copy(
                    update={"left_at": ev.at, "seconds": (ev.at - last.entered_at).total_seconds()}
                )
            stays.append(StageStay(stage_name=ev.to_stage_name, entered_at=ev.at, left_at=None, seconds=0))
        if stays and stays[-1].left_at is None:
            last = stays[-1]
            stays[-1] = last.model_copy(update={"seconds": (now - last.entered_at).total_seconds()})
        return stays

    def rejection_reasons(self) -> list[RejectionReasonRecord]:
        with self._db.transaction() as s:
            rows = s.scalars(
                select(RejectionReason).order_by(RejectionReason.category, RejectionReason.position)
            )
            return [RejectionReasonRecord.model_validate(r) for r in rows]

    # -- changing ---------------------------------------------------------------------------------------

    def apply(
        self,
        candidate_id: int,
        job_id: int,
        *,
        source: str | None = None,
        stage_id: int | None = None,
        origin_pool_id: int | None = None,
        at: datetime | None = None,
    ) -> ApplicationRecord:
        """Put a person into a job's pipeline (first stage unless named). Refuses a second application."""
        try:
            with self._db.transaction() as s:
                return self._apply(s, candidate_id, job_id, source, stage_id, origin_pool_id, at)
        except IntegrityError:
            with self._db.transaction() as s:
                _refuse_second_application(s, candidate_id, job_id)
            raise

    def apply_in_session(
        self,
        s: Session,
        candidate_id: int,
        job_id: int,
        *,
        source: str | None = None,
        stage_id: int | None = None,
        origin_pool_id: int | None = None,
        at: datetime | None = None,
        action: str | None = None,
    ) -> ApplicationRecord:
        """`apply` inside a caller's transaction, for actions spanning many people (the pool handoff)."""
        return self._apply(s, candidate_id, job_id, source, stage_id, origin_pool_id, at, action)

    def _apply(
        self,
        s: Session,
        candidate_id: int,
        job_id: int,
        source: str | None,
        stage_id: int | None,
        origin_pool_id: int | None,
        at: datetime | None,
        action: str | None = None,
    ) -> ApplicationRecord:
        if s.get(Candidate, candidate_id) is None:
            raise NotFound(f"no candidate #{candidate_id}")
        job = s.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job #{job_id}")
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
        status = "hired" if stage.kind == "hired" else "active"
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
        s.add(
            StageEvent(
                application_id=app.id,
                to_stage_id=stage.id,
                to_stage_name=stage.name,
                to_status=status,
                action=action or ("handoff" if origin_pool_id else "applied"),
                note=source,
                at=when,
                actor=self._db.actor,
            )
        )
        return application_record(app)

    def move_to_stage(
        self, application_id: int, stage_id: int, expected_version: int, *, at: datetime | None = None
    ) -> ApplicationRecord:
        """Move an active application; landing in a hired-kind stage marks it hired."""
        with self._db.transaction() as s:
            app = _application(s, application_id)
            _check_version(app, expected_version)
            if app.status != "active":
                raise RuleViolation(f"this application is {app.status}: reopen it before moving it")
            target = s.get(Stage, stage_id)
            if target is None or target.job_id != app.job_id:
                raise RuleViolation("that stage is not one of this job's stages")
            if target.id == app.stage_id:
                raise RuleViolation(f"already in {target.name}")
            status = "hired" if target.kind == "hired" else "active"
            action = "hire" if status == "hired" else "move"
            return self._change(s, app, expected_version, action, stage=target, status=status, at=at)

    def hire(self, application_id: int, expected_version: int) -> ApplicationRecord:
        with self._db.transaction() as s:
            app = _application(s, application_id)
            _check_version(app, expected_version)
            if app.status != "active":
                raise RuleViolation(f"this application is {app.status}: reopen it before hiring")
            hired = s.scalar(
                select(Stage)
                .where(Stage.job_id == app.job_id, Stage.kind == "hired")
                .order_by(Stage.position.desc())
                .limit(1)
            )
            if hired is None:
                raise RuleViolation("this job has no hired stage")
            return self._change(s, app, expected_version, "hire", stage=hired, status="hired")

    def reject(
        self, application_id: int, reason_id: int | None, expected_version: int, *, note: str | None = None
    ) -> ApplicationRecord:
        return self._close(application_id, reason_id, expected_version, note, "reject", "rejected")

    def withdraw(
        self, application_id: int, reason_id: int | None, expected_version: int, *, note: str | None = None
    ) -> ApplicationRecord:
        return self._close(application_id, reason_id, expected_version, note, "withdraw", "withdrawn")

    def _close(
        self,
        application_id: int,
        reason_id: int | None,
        expected_version: int,
        note: str | None,
        action: str,
        status: str,
    ) -> ApplicationRecord:
        with self._db.transaction() as s:
            app = _application(s, application_id)
            _check_version(app, expected_version)
            if app.status != "active":
                raise RuleViolation(f"this application is already {app.status}")
            if reason_id is not None and s.get(RejectionReason, reason_id) is None:
                raise InvalidInput(f"no rejection reason #{reason_id}")
            return self._change(
                s, app, expected_version, action, status=status, reason_id=reason_id, note=note
            )

    def reopen(self, application_id: int, expected_version: int) -> ApplicationRecord:
        """Back to active: a rejected or withdrawn person returns to the stage they left; a hire is undone
        to the stage before Hired."""
        with self._db.transaction() as s:
            app = _application(s, application_id)
            _check_version(app, expected_version)
            if app.status == "active":
                raise RuleViolation("this application is already active")
            stage = None
            if app.status == "hired":
                last_hire = s.scalar(
                    select(StageEvent)
                    .where(StageEvent.application_id == app.id, StageEvent.action == "hire")
                    .order_by(StageEvent.id.desc())
                    .limit(1)
                )
                if last_hire and last_hire.from_stage_id:
                    stage = s.get(Stage, last_hire.from_stage_id)
                current = s.get(Stage, app.stage_id)
                if stage is None and current is not None and current.kind == "hired":
                    # Entered Hired directly (or the stage before was removed): the last stage before it.
                    stage = s.scalar(
                        select(Stage)
                        .where(
                            Stage.job_id == app.job_id,
                            Stage.kind != "hired",
                            Stage.position < current.position,
                        )
                        .order_by(Stage.position.desc())
                        .limit(1)
                    )
            return self._change(s, app, expected_version, "reopen", stage=stage, status="active")

    def undo_last_move(self, application_id: int, expected_version: int | None = None) -> ApplicationRecord:
        """Reverse the application's latest not-yet-undone move, reject, hire, withdraw or reopen with an 'undo'
        event; called again, it reverses the change before that."""
        with self._db.transaction() as s:
            app = _application(s, application_id)
            if expected_version is not None:
                _check_version(app, expected_version)
            # Skip undo events and the events they already reversed, so repeated undo walks further back.
            undone = select(StageEvent.undoes_event_id).where(
                StageEvent.application_id == app.id, StageEvent.undoes_event_id.is_not(None)
            )
            last = s.scalar(
                select(StageEvent)
                .where(
                    StageEvent.application_id == app.id,
                    StageEvent.action != "undo",
                    StageEvent.id.not_in(undone),
                )
                .order_by(StageEvent.id.desc())
                .limit(1)
            )
            if last is None or last.action not in UNDOABLE:
                raise RuleViolation("nothing to undo for this application")
            stage = s.get(Stage, last.from_stage_id) if last.from_stage_id else None
            if (last.from_stage_id and stage is None) or (
                last.from_stage_id is None and last.from_stage_name
            ):
                raise RuleViolation(
                    f"cannot undo: the stage {last.from_stage_name!r} it came from was removed"
                )
            return self._change(
                s,
                app,
                app.version,
                "undo",
                stage=stage,
                status=last.from_status or "active",
                undoes=last,
            )

    def set_rating(self, application_id: int, rating: int, expected_version: int) -> ApplicationRecord:
        if not 0 <= rating <= 3:
            raise InvalidInput("rating is 0 to 3")
        with self._db.transaction() as s:
            app = _application(s, application_id)
            _check_version(app, expected_version)
            _bump(s, app, expected_version, rating=rating)
            return application_record(app, _reason_name(s, app.rejection_reason_id))

    def _change(
        self,
        s: Session,
        app: Application,
        expected_version: int,
        action: str,
        *,
        stage: Stage | None = None,
        status: str,
        reason_id: int | None = None,
        note: str | None = None,
        undoes: StageEvent | None = None,
        at: datetime | None = None,
    ) -> ApplicationRecord:
        now = at or utcnow()
        current = s.get(Stage, app.stage_id)
        values: dict[str, object] = {"status": status}
        moved = stage is not None and stage.id != app.stage_id
        if moved:
            values["stage_id"] = stage.id
            values["stage_entered_at"] = (
                undoes.prev_stage_entered_at if undoes and undoes.prev_stage_entered_at else now
            )
        if action in ("reject", "withdraw"):
            values["rejection_reason_id"] = reason_id
            values["rejection_note"] = note
        elif status == "active":
            values["rejection_reason_id"] = None
            values["rejection_note"] = None
        event = StageEvent(
            application_id=app.id,
            from_stage_id=app.stage_id,
            from_stage_name=current.name if current else None,
            to_stage_id=stage.id if stage is not None else app.stage_id,
            to_stage_name=stage.name if stage is not None else (current.name if current else None),
            from_status=app.status,
            to_status=status,
            action=action,
            reason_id=reason_id,
            note=note,
            prev_stage_entered_at=app.stage_entered_at,
            undoes_event_id=undoes.id if undoes else None,
            at=now,
            actor=self._db.actor,
        )
        _bump(s, app, expected_version, **values)
        s.add(event)
        s.flush()
        return application_record(app, _reason_name(s, app.rejection_reason_id))


def _bump(s: Session, app: Application, expected_version: int, **values: object) -> None:
    """Conditional UPDATE on the version: the database, not this process, decides who wins a race."""
    result = s.execute(
        update(Application)
        .where(Application.id == app.id, Application.version == expected_version)
        .values(version=Application.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(
            "someone else changed this application just now; it was reloaded, nothing was saved"
        )
    s.refresh(app)


def _check_version(app: Application, expected_version: int) -> None:
    if app.version != expected_version:
        raise StaleVersion(
            "someone else changed this application since you loaded it; it was reloaded, nothing was saved",
            current_version=app.version,
        )


def _application(s: Session, application_id: int) -> Application:
    app = s.get(Application, application_id)
    if app is None:
        raise NotFound(f"no application #{application_id}")
    return app


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


def _reason_name(s: Session, reason_id: int | None) -> str | None:
    if reason_id is None:
        return None
    return s.scalar(select(RejectionReason.name).where(RejectionReason.id == reason_id))


def _tags_for(s: Session, candidate_ids: list[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    ids = list(dict.fromkeys(candidate_ids))
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        rows = s.execute(
            select(CandidateTag.candidate_id, Tag.name)
            .join(Tag, Tag.id == CandidateTag.tag_id)
            .where(CandidateTag.candidate_id.in_(chunk))
            .order_by(CandidateTag.candidate_id, Tag.name_key)
        )
        for cid, name in rows:
            out.setdefault(cid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _card_select() -> Select:
    """One card per row: the application's columns, its rejection reason's name, then the person's."""
    return (
        select(
            *(getattr(Application, name) for name in _APPLICATION_COLUMNS),
            RejectionReason.name,
            *(getattr(Candidate, name) for name in _CARD_PERSON_COLUMNS),
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .outerjoin(RejectionReason, RejectionReason.id == Application.rejection_reason_id)
    )


def _card_from_row(row: Sequence, tags: dict[int, tuple[str, ...]]) -> BoardCard:
    """A row of _card_select() as a BoardCard. One validation call per card (pydantic-core builds the nested
    ApplicationRecord too); measured cheaper than two constructors and than model_construct."""
    application = dict(zip(_CARD_APPLICATION_FIELDS, row, strict=False))  # the person columns follow
    n = len(_CARD_APPLICATION_FIELDS)
    candidate_id = application["candidate_id"]
    return BoardCard.model_validate(
        {
            "application": application,
            "candidate_id": candidate_id,
            "tags": tags.get(candidate_id, ()),
            **dict(zip(_CARD_PERSON_COLUMNS, row[n:], strict=True)),
        }
    )


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Building thousands of rows and records sets off the cyclic garbage collector over the app's whole
    heap several times (about a third of loading a 5,000-card board). None of them form cycles, so the
    collector is paused while they are built and runs as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _event_record(ev: StageEvent, reason: str | None) -> StageEventRecord:
    return StageEventRecord(
        id=ev.id,
        application_id=ev.application_id,
        from_stage_id=ev.from_stage_id,
        to_stage_id=ev.to_stage_id,
        from_stage_name=ev.from_stage_name,
        to_stage_name=ev.to_stage_name,
        from_status=ev.from_status,
        to_status=ev.to_status,
        action=ev.action,
        reason=reason,
        note=ev.note,
        undoes_event_id=ev.undoes_event_id,
        at=ev.at,
        actor=ev.actor,
    )


def count_events(db: Database) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(StageEvent)) or 0)
