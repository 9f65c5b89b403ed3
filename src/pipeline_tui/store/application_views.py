"""What the board and the applicant detail read about applications: cards, one card, the stage history and
time in each stage, the rejection reasons. Rows are read as plain columns, not ORM entities, where a job can
hold thousands of them."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Connection, Row, Select, bindparam, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.detail import stage_stays as stays_from_log
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.records import (
    ApplicationRecord,
    BoardCard,
    RejectionReasonRecord,
    StageEventRecord,
    StageStay,
)
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, ApplicationStatus
from pipeline_tui.store.candidates import application_record
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import (
    Application,
    Candidate,
    CandidateTag,
    RejectionReason,
    Stage,
    StageEvent,
    Tag,
)

CARD_TAGS = 2
# The statuses a board shows without its closed lane.
ON_BOARD = (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED)
APPLICATION_COLUMNS = tuple(name for name in ApplicationRecord.model_fields if name != "rejection_reason")
_CARD_PERSON_COLUMNS = ("full_name", "email", "current_title", "current_company", "location")
_CARD_APPLICATION_FIELDS = (*APPLICATION_COLUMNS, "rejection_reason")  # the first columns of a card row
_CARD_CANDIDATE_ID = APPLICATION_COLUMNS.index("candidate_id")


class ApplicationViews:
    """The reading half of ApplicationRepository."""

    _db: Database

    def get(self, application_id: int) -> ApplicationRecord:
        with self._db.transaction() as s:
            row = application_row(s, application_id)
            return application_record(row, row.reason_name)

    def board(self, job_id: int, *, include_closed: bool = False) -> list[BoardCard]:
        """A job's cards, ordered by stage then by who entered it first (oldest waits longest, on top)."""
        statuses = (*ON_BOARD, *CLOSED_STATUSES) if include_closed else ON_BOARD
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

    def cards(self, application_ids: Sequence[int]) -> list[BoardCard]:
        """These applications' cards, in one transaction, whatever their job or status (a card the board
        must drop because it left the job reads as being elsewhere); ids no longer in the database are
        missing from the result. Others' changes arriving live redraw exactly these cards."""
        ids = list(dict.fromkeys(application_ids))
        with self._db.transaction() as s:
            conn = s.connection()
            rows = [
                row
                for i in range(0, len(ids), 900)
                for row in conn.execute(_card_select().where(Application.id.in_(ids[i : i + 900])))
            ]
            tags = _tags_for(s, [row[_CARD_CANDIDATE_ID] for row in rows])
            return [_card_from_row(row, tags) for row in rows]

    def history(self, application_id: int) -> list[StageEventRecord]:
        with self._db.transaction() as s:
            application_row(s, application_id)
            rows = s.execute(
                select(StageEvent, RejectionReason.name)
                .outerjoin(RejectionReason, RejectionReason.id == StageEvent.reason_id)
                .where(StageEvent.application_id == application_id)
                .order_by(StageEvent.id)
            ).all()
            return [_event_record(ev, reason) for ev, reason in rows]

    def stage_stays(self, application_id: int) -> list[StageStay]:
        """Time in each stage, from the event log (core.detail.stage_stays: undone changes are no stays)."""
        return stays_from_log(self.history(application_id), utcnow())

    def rejection_reasons(self) -> list[RejectionReasonRecord]:
        with self._db.transaction() as s:
            rows = s.scalars(
                select(RejectionReason).order_by(RejectionReason.category, RejectionReason.position)
            )
            return [RejectionReasonRecord.model_validate(r) for r in rows]


def application_row(
    s: Session | Connection, application_id: int, *, target_stage_id: int | None = None
) -> Row:
    """The application's columns with its stage's name, kind and position and its rejection reason's name,
    in one statement; with `target_stage_id`, that stage's id, job, name and kind too (None when missing)."""
    stmt = _application_row_statement(target_stage_id is not None)
    params = {"application_id": application_id, "target_stage_id": target_stage_id}
    conn = s.connection() if isinstance(s, Session) else s
    row = conn.execute(stmt, params).first()
    if row is None:
        raise NotFound(f"no application #{application_id}")
    return row


@cache
def _application_row_statement(with_target: bool) -> Select:
    """Built once with bound parameters: a stage change then spends no time building or keying it."""
    app, stage, reason = Application.__table__, Stage.__table__, RejectionReason.__table__
    joined = app.outerjoin(stage, stage.c.id == app.c.stage_id).outerjoin(
        reason, reason.c.id == app.c.rejection_reason_id
    )
    columns = [
        *(app.c[name] for name in APPLICATION_COLUMNS),
        stage.c.name.label("stage_name"),
        stage.c.kind.label("stage_kind"),
        stage.c.position.label("stage_position"),
        reason.c.name.label("reason_name"),
    ]
    if with_target:
        target = stage.alias("target_stage")
        joined = joined.outerjoin(target, target.c.id == bindparam("target_stage_id"))
        columns += [
            target.c.id.label("target_id"),
            target.c.job_id.label("target_job_id"),
            target.c.name.label("target_name"),
            target.c.kind.label("target_kind"),
        ]
    return select(*columns).select_from(joined).where(app.c.id == bindparam("application_id"))


def reason_name(s: Session, reason_id: int | None) -> str | None:
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
            *(getattr(Application, name) for name in APPLICATION_COLUMNS),
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
