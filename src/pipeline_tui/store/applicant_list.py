"""A job's applicants as scripts read them (`pipeline-tui applicant list`): plain columns, read in pages of
ascending id, each page its own short transaction. A 5,000-applicant job is never one long read holding a
snapshot, and the first lines are printed while the rest are still being read."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from sqlalchemy import Select, select

from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.records import ApplicantLine
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Application, Candidate, Job, RejectionReason, Stage

PAGE = 1000
_FIELDS = tuple(ApplicantLine.model_fields)


@cache
def _line_select() -> Select:
    """The columns of an ApplicantLine, in its field order."""
    return (
        select(
            Application.id,
            Application.candidate_id,
            Candidate.full_name,
            Candidate.email,
            Application.job_id,
            Job.title,
            Application.stage_id,
            Stage.name,
            Stage.kind,
            Application.status,
            RejectionReason.name,
            Application.source,
            Application.rating,
            Application.applied_at,
            Application.stage_entered_at,
            Application.version,
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.stage_id)
        .outerjoin(RejectionReason, RejectionReason.id == Application.rejection_reason_id)
    )


def _line(row) -> ApplicantLine:  # noqa: ANN001 - a row of _line_select()
    return ApplicantLine.model_validate(dict(zip(_FIELDS, row, strict=True)))


class ApplicantListing:
    """The reading half for the applicant commands (mixed into ApplicationRepository)."""

    _db: Database

    def listed(self, application_id: int) -> ApplicantLine:
        """One application as `applicant list` shows it (what the other applicant commands print)."""
        with self._db.transaction() as s:
            row = s.execute(_line_select().where(Application.id == application_id)).first()
        if row is None:
            raise NotFound(f"no application #{application_id}")
        return _line(row)

    def in_job(self, candidate_id: int, job_id: int) -> ApplicantLine | None:
        """The person's application to the job (a person applies to a job once), None when they have none."""
        stmt = _line_select().where(Application.candidate_id == candidate_id, Application.job_id == job_id)
        with self._db.transaction() as s:
            row = s.execute(stmt).first()
        return None if row is None else _line(row)

    def listing(
        self, job_id: int, *, stage_id: int | None = None, status: str | None = None, page: int = PAGE
    ) -> Iterator[list[ApplicantLine]]:
        """The job's applications (of that stage, that status) oldest first, one list per page."""
        after = 0
        while True:
            stmt = _line_select().where(Application.job_id == job_id, Application.id > after)
            if stage_id is not None:
                stmt = stmt.where(Application.stage_id == stage_id)
            if status is not None:
                stmt = stmt.where(Application.status == status)
            with self._db.transaction() as s:
                rows = s.execute(stmt.order_by(Application.id).limit(page)).all()
            if not rows:
                return
            yield [_line(row) for row in rows]
            if len(rows) < page:
                return
            after = rows[-1][0]
