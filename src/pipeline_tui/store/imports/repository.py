"""Running an import: rows in batches, each batch one transaction, retried when another writer got there first."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.exc import IntegrityError, OperationalError

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure, ImportReport, PersonRow
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.imports.batch import Batch
from pipeline_tui.store.imports.rows import ApplicantTarget, ProspectTarget
from pipeline_tui.store.imports.state import Run
from pipeline_tui.store.job_rules import require_open
from pipeline_tui.store.models import Stage

BATCH_SIZE = 1000

Progress = Callable[[int, int], None]


class ImportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def import_people(
        self,
        rows: Iterable[PersonRow | ImportFailure],
        target: ApplicantTarget | ProspectTarget,
        *,
        total: int | None = None,
        update_existing: bool = False,
        dry_run: bool = False,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Write rows in batches; each batch commits on its own (or rolls back when `dry_run`).

        Rows that are ImportFailure (failed validation upstream) are counted as failed. `progress(done, total)`
        is called after every batch; an exception raised from it stops the import between two batches.
        """
        if isinstance(target, ApplicantTarget):
            self._check_job(target)
        elif not target.pool_name.strip():
            raise InvalidInput("a pool needs a name")
        run = Run()
        try:
            self._write_batches(rows, target, run, update_existing, dry_run, batch_size, progress, total)
        finally:
            with self._db.connection() as conn:
                self._db.dialect.import_finished(conn)
        return _report(run, dry_run)

    def _write_batches(
        self,
        rows: Iterable[PersonRow | ImportFailure],
        target: ApplicantTarget | ProspectTarget,
        run: Run,
        update_existing: bool,
        dry_run: bool,
        batch_size: int,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        batch: list[PersonRow] = []
        for row in rows:
            if isinstance(row, ImportFailure):
                run.failed.append(row)
                run.done += 1
                continue
            batch.append(row)
            if len(batch) >= batch_size:
                self._write_batch(batch, target, run, update_existing, dry_run)
                run.done += len(batch)
                batch = []
                if progress:
                    progress(run.done, total or run.done)
        if batch:
            self._write_batch(batch, target, run, update_existing, dry_run)
            run.done += len(batch)
        if progress:
            progress(run.done, total or run.done)

    def _check_job(self, target: ApplicantTarget) -> None:
        with self._db.transaction() as s:
            require_open(s, target.job_id)
            if target.stage_id is not None:
                stage = s.get(Stage, target.stage_id)
                if stage is None or stage.job_id != target.job_id:
                    raise InvalidInput("that stage is not one of this job's stages")

    def _write_batch(
        self,
        batch: list[PersonRow],
        target: ApplicantTarget | ProspectTarget,
        run: Run,
        update_existing: bool,
        dry_run: bool,
    ) -> None:
        dialect = self._db.dialect
        for attempt in range(3):
            # Work on a copy of the cross-batch state so a retried or rolled-back batch counts once.
            trial = run.trial()
            try:
                with self._db.transaction() as s:
                    dialect.import_batch_started(s.connection())
                    with dialect.triggers_suspended(s.connection()) as suspended:
                        written = Batch(
                            s,
                            actor_of(self._db, s),
                            target,
                            trial,
                            update_existing,
                            dialect,
                            self._db.phone_region,
                        )
                        written.write(batch)
                        if suspended:
                            fresh = written.new_ids
                            dialect.reindex(s, [c for c in written.candidate_ids if c not in fresh])
                            dialect.reindex(s, [c for c in written.candidate_ids if c in fresh], new=True)
                    if dry_run:
                        raise _DryRun
                break
            except _DryRun:
                break
            except (IntegrityError, OperationalError):
                # Another writer added one of these people meanwhile (or wrote first): the retry sees them.
                if attempt == 2:
                    raise
        run.add(trial)


class _DryRun(Exception):
    """Raised inside a dry run's batch so its transaction rolls back."""


def _report(run: Run, dry_run: bool) -> ImportReport:
    warnings = [
        f"{n} row(s) named the stage {name!r}, which this job does not have: they went to the first stage"
        " and the stage is kept in their notes"
        for name, n in run.unknown_stages.items()
    ]
    return ImportReport(
        total=run.done,
        created=run.created,
        updated=run.updated,
        duplicates=tuple(run.duplicates),
        failed=tuple(sorted(run.failed, key=lambda f: f.line)),
        conflicts=tuple(sorted(run.conflicts, key=lambda f: f.line)),
        applications_added=run.applications,
        memberships_added=run.memberships,
        pools_created=tuple(dict.fromkeys(run.pools_created)),
        warnings=tuple(warnings),
        dry_run=dry_run,
    )
