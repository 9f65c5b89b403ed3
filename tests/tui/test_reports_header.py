"""The Reports screen's header and the CLI's title line count the same n in the same words, for every report
(the try-out saw "156 applications" on the screen and "240 completed stays" from the CLI for the same days),
and the Hiring report says on the screen and in the CLI that its hires are those of the cohort."""

from __future__ import annotations

from click.testing import CliRunner
from helpers import press, settle
from reports_helpers import (
    LAST_365,
    expected,
    header,
    note,
    reports_app,
    seed_reports,
    shown_columns,
    shown_rows,
)

from pipeline_tui.cli import main
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.screen import ReportsScreen

HIRING_NOTE = "Hires and times of applications made in the range, not every hire made in it."


def cli_title(db_path, kind: ReportKind, job: str | None = None) -> list[str]:
    days = ("--from", LAST_365[0].isoformat(), "--to", LAST_365[1].isoformat())
    args = ["report", kind.value, *days, *(["--job", job] if job else []), "--db", str(db_path)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


async def test_the_header_counts_what_the_cli_title_line_counts_for_every_report(store, db_path):
    data = seed_reports(store)
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        for number, kind in enumerate(ReportKind):
            if number:
                await press(pilot, "down")
            assert screen.shown.result.kind is kind
            lines = cli_title(db_path, kind)
            title, job, days, counted = header(screen).split(" · ")
            assert (title, days) == (kind.title, "last 365 days")
            assert lines[0].split(" · ")[-1] == counted  # the same n, the same words
            if kind is ReportKind.HIRING:
                assert note(screen) == HIRING_NOTE and lines[1] == HIRING_NOTE
                assert counted == "5 applied in the range"  # the cohort, not "1 hire"
                assert expected(store, kind, LAST_365).payload.hired == 1
                assert shown_rows(screen)[0] == ["Hires", "1", "\u2014", "\u2014"]
                assert shown_columns(screen) == ["Measure", "Value", "Mean days", "n"]
        await press(pilot, "up", "up", "up", "up", "j")
        await pilot.press(*"Product")  # Dan Brook only: Olga applied over a year ago
        await press(pilot, "enter")
        assert screen.shown.result.kind is ReportKind.HIRING
        assert header(screen).endswith(" · 1 applied in the range")
        assert cli_title(db_path, ReportKind.HIRING, data["design"].title)[0].endswith(
            " · 1 applied in the range"
        )
