"""What the Reports screen's header says and which days `r` and `R` give, without a terminal."""

from __future__ import annotations

from datetime import date

from pipeline_tui.core.report_range import RangePreset, ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.selection import ReportSelection, header_parts

TODAY = date(2026, 3, 4)


def test_the_default_is_the_funnel_of_every_job_over_the_last_365_days_ending_today():
    selection = ReportSelection()
    assert selection.filter(TODAY) == ReportFilter(job_id=None, start=date(2025, 3, 5), end=TODAY)
    assert header_parts(selection, 120) == (
        "Funnel",
        "All jobs",
        "last 365 days",
        "120 applied in the range",
    )
    assert header_parts(selection, 1)[3] == "1 applied in the range"
    assert header_parts(selection, 1234)[3] == "1,234 applied in the range"


def test_r_walks_30_90_365_all_time_and_back_to_30():
    seen = []
    selection = ReportSelection()
    for _ in range(5):
        selection = selection.next_preset()
        seen.append((selection.range_label, selection.days(TODAY)))
    assert seen == [
        ("all time", (None, None)),
        ("last 30 days", (date(2026, 2, 3), TODAY)),
        ("last 90 days", (date(2025, 12, 5), TODAY)),
        ("last 365 days", (date(2025, 3, 5), TODAY)),
        ("all time", (None, None)),
    ]


def test_typed_days_are_kept_as_typed_and_r_from_them_goes_to_the_last_30_days():
    typed = ReportSelection().typed_range(date(2026, 1, 1), date(2026, 1, 31))
    assert typed.preset is RangePreset.CUSTOM
    assert typed.range_label == "2026-01-01 to 2026-01-31"  # as the CLI's title line writes it
    assert typed.filter(TODAY) == ReportFilter(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert ReportSelection().typed_range(date(2026, 1, 1), None).range_label == "from 2026-01-01"
    assert ReportSelection().typed_range(None, date(2026, 1, 31)).range_label == "until 2026-01-31"
    assert ReportSelection().typed_range(None, None).range_label == "all time"
    assert typed.next_preset().range_label == "last 30 days"


def test_a_job_is_named_in_the_header_and_sequences_say_they_are_not_per_job():
    backend = ReportSelection().for_job(7, "Backend [b]Engineer[/b]")
    assert header_parts(backend, 3) == (
        "Funnel",
        "Backend [b]Engineer[/b]",
        "last 365 days",
        "3 applied in the range",
    )
    assert backend.filter(TODAY).job_id == 7 and backend.note() == ""
    sequences = backend.for_kind(ReportKind.SEQUENCES)
    assert sequences.filter(TODAY).job_id is None
    assert "not per job" in sequences.note()
    assert header_parts(sequences, 2) == (
        "Sequences",
        "every sequence",
        "last 365 days",
        "2 touches done in the range",
    )
    assert ReportSelection(kind=ReportKind.SEQUENCES).note() == ""  # all jobs: nothing to explain
    journey = backend.for_kind(ReportKind.JOURNEY)
    assert header_parts(journey, 1)[3] == "1 member who joined in the range"
    assert "members who joined in the range" in journey.note()
    assert backend.for_job(None, None).job_label == "All jobs"


def test_hiring_says_its_hires_are_those_of_the_applications_made_in_the_range():
    """A recruiter read "Hiring · last 30 days · Hires 1" as the hires made in those days: the note says not."""
    hiring = ReportSelection(kind=ReportKind.HIRING)
    assert header_parts(hiring, 12)[3] == "12 applied in the range"
    assert hiring.note() == "Hires and times of applications made in the range, not every hire made in it."
    assert hiring.for_job(7, "Backend").note() == hiring.note()
    assert ReportSelection(kind=ReportKind.STAGES).note() == ""  # the count says it
