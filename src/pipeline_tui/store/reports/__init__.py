"""The reports (issue 15), each computed in SQL aggregates over the append-only history: the store's one
door to them. Definitions are the README's "Report definitions"; each module's docstring says how its SQL
reads them. Every method only reads."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline_tui.core.report_range import ReportFilter

if TYPE_CHECKING:
    from pipeline_tui.core.report_records import (
        HiringReport,
        JobFunnel,
        PoolJourney,
        RejectionRow,
        SequenceStepRow,
        SourceRow,
        StageTime,
    )
    from pipeline_tui.store.database import Database


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def funnel(self, f: ReportFilter, zone: ZoneInfo) -> list[JobFunnel]:
        """One funnel per job (just the one with `f.job_id`), jobs by title."""
        from pipeline_tui.store.reports.funnel import job_funnels

        with self._db.transaction() as s:
            return job_funnels(s, self._db.dialect, f, zone)

    def stage_times(self, f: ReportFilter, zone: ZoneInfo) -> list[StageTime]:
        """Completed stays per stage of each job, in the job's stage order."""
        from pipeline_tui.store.reports.stage_times import stage_times

        with self._db.transaction() as s:
            return stage_times(s, self._db.dialect, f, zone)

    def rejections(self, f: ReportFilter, zone: ZoneInfo) -> list[RejectionRow]:
        from pipeline_tui.store.reports.rejections import rejections

        with self._db.transaction() as s:
            return rejections(s, self._db.dialect, f, zone)

    def hiring(self, f: ReportFilter, zone: ZoneInfo) -> HiringReport:
        from pipeline_tui.store.reports.hiring import hiring

        with self._db.transaction() as s:
            return hiring(s, self._db.dialect, f, zone)

    def sources(self, f: ReportFilter, zone: ZoneInfo) -> list[SourceRow]:
        from pipeline_tui.store.reports.sources import sources

        with self._db.transaction() as s:
            return sources(s, self._db.dialect, f, zone)

    def journey(self, f: ReportFilter, zone: ZoneInfo) -> list[PoolJourney]:
        from pipeline_tui.store.reports.journey import journey

        with self._db.transaction() as s:
            return journey(s, self._db.dialect, f, zone)

    def sequences(self, f: ReportFilter, zone: ZoneInfo) -> list[SequenceStepRow]:
        from pipeline_tui.store.reports.sequence_steps import sequence_steps

        with self._db.transaction() as s:
            return sequence_steps(s, self._db.dialect, f, zone)
