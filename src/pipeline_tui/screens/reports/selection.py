"""What the Reports screen is showing: which report, for which job, over which days, and the header line that
says so ("Funnel · Backend Engineer · last 365 days · 120 applications"). No Textual here, so the wording and
the range cycle are tested without a terminal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pipeline_tui.core.report_range import RangePreset, ReportFilter, preset_range
from pipeline_tui.core.report_records import ReportKind

# `r` walks these in order, then starts again; a typed from–to goes on to the first of them.
PRESET_CYCLE = (RangePreset.LAST_30, RangePreset.LAST_90, RangePreset.LAST_365, RangePreset.ALL)
DEFAULT_PRESET = RangePreset.LAST_365
ALL_JOBS = "All jobs"
NOT_PER_JOB = "Sequences are not per job: every sequence is counted, whatever the job."
JOURNEY_COHORT = "Counts the pool members who joined in the range, not applications."


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
        """ "last 365 days", "all time", "2026-01-01 – 2026-03-31", "from 2026-01-01", "to 2026-03-31"."""
        if self.preset is not RangePreset.CUSTOM:
            return self.preset.label
        if self.start is not None and self.end is not None:
            return f"{self.start.isoformat()} – {self.end.isoformat()}"
        if self.start is not None:
            return f"from {self.start.isoformat()}"
        return f"to {self.end.isoformat()}" if self.end is not None else RangePreset.ALL.label

    @property
    def job_label(self) -> str:
        if self.kind is ReportKind.SEQUENCES:
            return "every sequence"
        return self.job_title if self.job_id is not None and self.job_title is not None else ALL_JOBS

    def note(self) -> str:
        """The line under the header, when the report does not read the selection as the others do."""
        if self.kind is ReportKind.SEQUENCES and self.job_id is not None:
            return NOT_PER_JOB
        if self.kind is ReportKind.JOURNEY:
            return JOURNEY_COHORT
        return ""


def counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def count_label(kind: ReportKind, n: int) -> str:
    """What the header's last part counts: the cohort's applications, or for the two reports not over the
    cohort, the pool members who joined in the range / the touches done in it."""
    if kind is ReportKind.JOURNEY:
        return f"{counted(n, 'member')} who joined in the range"
    if kind is ReportKind.SEQUENCES:
        return f"{counted(n, 'touch', 'touches')} done in the range"
    return counted(n, "application")


def header_parts(selection: ReportSelection, n: int | None) -> tuple[str, str, str, str | None]:
    """Title, job (user text: shown literally), range, and the count (None while it is being read)."""
    count = None if n is None else count_label(selection.kind, n)
    return selection.kind.title, selection.job_label, selection.range_label, count
