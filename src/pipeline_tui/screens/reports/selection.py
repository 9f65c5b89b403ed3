"""What the Reports screen is showing: which report, for which job, over which days, and the header line that
says so ("Funnel · Backend Engineer · last 365 days · 120 applied in the range"). No Textual here,
so the wording and the range cycle are tested without a terminal; the words are services/reports.py's, the
very ones the CLI's title line prints."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pipeline_tui.core.report_range import RangePreset, ReportFilter, preset_range
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.services.reports import cohort_note, count_label, days_label

# `r` walks these in order, then starts again; a typed from–to goes on to the first of them.
PRESET_CYCLE = (RangePreset.LAST_30, RangePreset.LAST_90, RangePreset.LAST_365, RangePreset.ALL)
DEFAULT_PRESET = RangePreset.LAST_365
ALL_JOBS = "All jobs"
NOT_PER_JOB = "Sequences are not per job: every sequence is counted, whatever the job."


@dataclass(frozen=True)
class ReportSelection:
    """One report, one job (None: every job; `job_title` is what the header shows) and a range: a preset
    ending on the app's today, or the days typed (`start`/`end`, either open-ended)."""

    kind: ReportKind = ReportKind.FUNNEL
    job_id: int | None = None
    job_title: str | None = None
    preset: RangePreset = DEFAULT_PRESET
    start: date | None = None
    end: date | None = None

    def days(self, today: date) -> tuple[date | None, date | None]:
        if self.preset is RangePreset.CUSTOM:
            return self.start, self.end
        return preset_range(self.preset, today)

    def filter(self, today: date) -> ReportFilter:
        """The store's filter; sequences are not per job, so they are asked for without one."""
        start, end = self.days(today)
        job_id = None if self.kind is ReportKind.SEQUENCES else self.job_id
        return ReportFilter(job_id=job_id, start=start, end=end)

    def next_preset(self) -> ReportSelection:
        """`r`: last 30 → 90 → 365 days → all time → last 30 (a typed range goes to last 30)."""
        if self.preset in PRESET_CYCLE:
            following = PRESET_CYCLE[(PRESET_CYCLE.index(self.preset) + 1) % len(PRESET_CYCLE)]
        else:
            following = PRESET_CYCLE[0]
        return replace(self, preset=following, start=None, end=None)

    def typed_range(self, start: date | None, end: date | None) -> ReportSelection:
        """`R`'s days; both left empty is all time."""
        if start is None and end is None:
            return replace(self, preset=RangePreset.ALL, start=None, end=None)
        return replace(self, preset=RangePreset.CUSTOM, start=start, end=end)

    def for_job(self, job_id: int | None, title: str | None) -> ReportSelection:
        return replace(self, job_id=job_id, job_title=title if job_id is not None else None)

    def for_kind(self, kind: ReportKind) -> ReportSelection:
        return replace(self, kind=kind)

    @property
    def range_label(self) -> str:
        """ "last 365 days", "all time", "2026-01-01 to 2026-03-31", "from 2026-01-01", "until 2026-03-31"."""
        if self.preset is not RangePreset.CUSTOM:
            return self.preset.label
        return days_label(self.start, self.end)

    @property
    def job_label(self) -> str:
        if self.kind is ReportKind.SEQUENCES:
            return "every sequence"
        return self.job_title if self.job_id is not None and self.job_title is not None else ALL_JOBS

    def note(self) -> str:
        """The line under the header, when the report does not read the selection as the others do."""
        if self.kind is ReportKind.SEQUENCES and self.job_id is not None:
            return NOT_PER_JOB
        return cohort_note(self.kind)


def header_parts(selection: ReportSelection, n: int | None) -> tuple[str, str, str, str | None]:
    """Title, job (user text: shown literally), range, and the count (None while it is being read)."""
    count = None if n is None else count_label(selection.kind, n)
    return selection.kind.title, selection.job_label, selection.range_label, count
