"""The Reports screen (`5`), pressed from the board: each report's table shows `run_report`'s figures for the
job and days in its header; `j`, `r` and `R` change what is shown (also typed in one burst); a bad from–to is
one line in its dialog and changes nothing; a failed read is one message; leaving for another tool and coming
back reads again and keeps the choice."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from helpers import burst, press, said, settle
from report_data import apply
from reports_helpers import (
    BACKEND,
    LAST_30,
    LAST_90,
    LAST_365,
    drawn,
    expected,
    expected_rows,
    header,
    note,
    reports_app,
    seed_reports,
    send_keys,
    shown_columns,
    shown_rows,
)
from textual.widgets import HelpPanel

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.reports.job_picker import ReportJobPicker
from pipeline_tui.screens.reports.range_dialog import ReportRangeDialog
from pipeline_tui.screens.reports.report_view import ReportView
from pipeline_tui.screens.reports.screen import ReportsScreen
from pipeline_tui.store.reports import ReportRepository

ALL_TIME = (None, None)
KINDS = list(ReportKind)


@pytest.fixture
def seeded(store):
    return store, seed_reports(store)


async def open_reports(pilot) -> ReportsScreen:
    await settle(pilot)
    await press(pilot, "5")
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    return screen


def assert_shows(screen, store, kind, days, job_id=None) -> None:
    result = expected(store, kind, days, job_id)
    assert screen.shown.result.kind is kind
    assert shown_rows(screen) == expected_rows(result)
    assert shown_columns(screen) == [c.name for c in result.table.columns]


async def test_5_from_the_board_shows_the_funnel_of_every_job_over_the_last_365_days(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        # Ada (June 2025), Ben (January), Cleo and Dan (February), Eve's handoff (February); not Olga (2024).
        assert header(screen) == "Funnel · All jobs · last 365 days · 5 applied in the range"
        assert_shows(screen, store, ReportKind.FUNNEL, LAST_365)
        rows = shown_rows(screen)
        assert rows[0] == [BACKEND, "Applied", "4", "0", "0", "100.0%"]  # shown literally, not as markup
        assert ["Product Designer", "Applied", "1", "0", "1", "0.0%"] in rows


async def test_every_report_with_the_arrows_shows_run_reports_figures(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        for number, kind in enumerate(KINDS):
            if number:
                await press(pilot, "down")
            assert header(screen).startswith(f"{kind.title} · ")
            assert_shows(screen, store, kind, LAST_365)
        assert note(screen) == ""  # sequences of every job: nothing to explain
        await press(pilot, "up")
        assert header(screen) == "Pool journey · All jobs · last 365 days · 1 member who joined in the range"
        assert note(screen) == "Counts the pool members who joined in the range, not applications."
        assert not said(app)


async def test_j_picks_a_job_and_all_jobs_again(seeded):
    store, data = seeded
    backend = data["backend"].id
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "j")
        assert isinstance(app.screen, ReportJobPicker)
        await burst(pilot, "backend\r")
        assert app.screen is screen
        assert header(screen) == f"Funnel · {BACKEND} · last 365 days · 4 applied in the range"
        assert_shows(screen, store, ReportKind.FUNNEL, LAST_365, backend)
        assert shown_rows(screen)[0] == ["Applied", "4", "0", "0", "100.0%"]  # one job: no job column
        await press(pilot, "down", "down", "down")  # sources of that job
        assert header(screen) == f"Sources · {BACKEND} · last 365 days · 4 applied in the range"
        assert_shows(screen, store, ReportKind.SOURCES, LAST_365, backend)
        await press(pilot, "j", "escape")  # esc keeps the job
        assert_shows(screen, store, ReportKind.SOURCES, LAST_365, backend)
        await press(pilot, "j")
        await press(pilot, "enter")  # the job shown is highlighted when the picker opens: kept
        assert header(screen).startswith(f"Sources · {BACKEND}")
        await press(pilot, "j", "up", "enter")
        assert header(screen) == "Sources · All jobs · last 365 days · 5 applied in the range"
        assert_shows(screen, store, ReportKind.SOURCES, LAST_365)


async def test_sequences_say_they_are_not_per_job_when_a_job_is_picked(seeded):
    store, data = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "j")
        await burst(pilot, "designer\r")
        await press(pilot, "end")
        assert screen.selection.kind is ReportKind.SEQUENCES
        assert header(screen).startswith("Sequences · every sequence · last 365 days")
        assert "not per job" in note(screen)
        assert_shows(screen, store, ReportKind.SEQUENCES, LAST_365)


async def test_r_cycles_the_ranges_and_each_shows_its_own_figures(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        for days, label, count in (
            (ALL_TIME, "all time", 6),
            (LAST_30, "last 30 days", 3),
            (LAST_90, "last 90 days", 4),
            (LAST_365, "last 365 days", 5),
        ):
            await press(pilot, "r")
            assert header(screen) == f"Funnel · All jobs · {label} · {count} applied in the range"
            assert_shows(screen, store, ReportKind.FUNNEL, days)


async def test_R_applies_typed_days_and_a_bad_day_is_one_line_in_the_dialog(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "down", "down", "down", "down")  # rejection reasons
        await press(pilot, "R")
        dialog = app.screen
        assert isinstance(dialog, ReportRangeDialog)
        assert dialog.query_one("#report-from").value == LAST_365[0].isoformat()  # what is shown now
        for typed_from, typed_to, message in (
            ("2026-13-01", "", "2026-13-01 is not a date: write YYYY-MM-DD"),
            ("2026-02-01", "2026-01-01", "from 2026-02-01 is after to 2026-01-01"),
        ):
            await set_days(pilot, dialog, typed_from, typed_to)
            await press(pilot, "enter")
            assert app.screen is dialog
            assert str(dialog.query_one("#report-range-error").render()) == message
            await press(pilot, "shift+tab")
        assert screen.selection.range_label == "last 365 days"  # nothing applied
        assert not said(app)
        await press(pilot, "escape")
        assert header(screen) == "Rejection reasons · All jobs · last 365 days · 5 applied in the range"
        await press(pilot, "R")
        await set_days(pilot, app.screen, "2026-01-01", "2026-01-31")
        await press(pilot, "enter")
        assert (
            header(screen)
            == "Rejection reasons · All jobs · 2026-01-01 to 2026-01-31 · 1 applied in the range"
        )
        assert_shows(screen, store, ReportKind.REJECTIONS, (date(2026, 1, 1), date(2026, 1, 31)))
        assert shown_rows(screen) == [["Not enough experience", "Screen", "rejected", "1"]]


async def set_days(pilot, dialog, typed_from: str, typed_to: str) -> None:
    """Type both days with keys: ctrl+u empties From, the day is typed, tab, the same in To."""
    assert dialog.focused is dialog.query_one("#report-from")
    await press(pilot, "ctrl+u")
    await burst(pilot, typed_from)
    await press(pilot, "tab", "ctrl+u")
    if typed_to:
        await burst(pilot, typed_to)


async def test_keys_typed_in_one_burst_show_the_last_choice_only(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "5rrr")  # 365 → all time → 30 → 90
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        assert header(screen) == "Funnel · All jobs · last 90 days · 4 applied in the range"
        assert_shows(screen, store, ReportKind.FUNNEL, LAST_90)
        await send_keys(pilot, "down", "down", "down", "r", "down")
        await settle(pilot)
        assert header(screen) == "Rejection reasons · All jobs · last 365 days · 5 applied in the range"
        assert_shows(screen, store, ReportKind.REJECTIONS, LAST_365)


async def test_a_slow_read_finishing_after_a_newer_choice_is_not_drawn(seeded, monkeypatch):
    store, _ = seeded
    release = threading.Event()
    funnel = ReportRepository.funnel

    def slow_funnel(self, f, zone):
        if f.start is None:  # all time: held until the next report has been drawn
            release.wait(10)
        return funnel(self, f, zone)

    monkeypatch.setattr(ReportRepository, "funnel", slow_funnel)
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("r")  # all time: held
        await pilot.pause()
        assert header(screen) == "Funnel · All jobs · all time · reading…"
        assert screen.query_one(ReportView).loading  # the last 365 days' figures are not shown as all time's
        await press(pilot, "down")  # time in stage, all time: drawn
        assert header(screen).startswith("Time in stage · All jobs · all time · ")
        release.set()
        await settle(pilot)
        assert screen.shown.result.kind is ReportKind.STAGES and not screen.query_one(ReportView).loading
        assert_shows(screen, store, ReportKind.STAGES, ALL_TIME)


async def test_a_failed_read_is_one_message_and_the_next_choice_works(seeded, monkeypatch):
    store, _ = seeded
    sources = ReportRepository.sources

    def failing(self, f, zone):
        if f.start is None:
            raise InvalidInput("the reports could not be read")
        return sources(self, f, zone)

    monkeypatch.setattr(ReportRepository, "sources", failing)
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "down", "down", "down", "r")
        assert said(app) == ["the reports could not be read"]
        assert app.screen is screen and app.return_code is None
        assert header(screen) == "Sources · All jobs · all time · not read (ctrl+r reads again)"
        assert shown_rows(screen) == []  # no figures of the range shown before
        await press(pilot, "r")
        assert_shows(screen, store, ReportKind.SOURCES, LAST_30)
        assert said(app) == ["the reports could not be read"]


async def test_board_reports_pools_reports_reads_again_and_keeps_the_choice(seeded):
    store, data = seeded
    app = reports_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "down", "down", "down", "r", "r")  # sources, last 30 days
        assert header(screen) == "Sources · All jobs · last 30 days · 3 applied in the range"
        await press(pilot, "t")
        assert isinstance(app.screen, PoolsScreen)
        # Meanwhile someone applies (today, from a job board).
        from reports_helpers import NOW

        apply(store, data["design"], "Finn Ng", at=NOW, source="Job board")
        await press(pilot, "j")  # on the pools `j` is the pools' own, never the reports' job picker
        assert not isinstance(app.screen, ReportJobPicker)
        await press(pilot, "5")
        assert app.screen is screen
        assert header(screen) == "Sources · All jobs · last 30 days · 4 applied in the range"
        assert_shows(screen, store, ReportKind.SOURCES, LAST_30)
        assert ["Job board", "1", "0", "0.0%"] in shown_rows(screen)
        await press(pilot, "b")
        await press(pilot, "5")
        assert header(screen) == "Sources · All jobs · last 30 days · 4 applied in the range"
        assert not said(app)


async def test_the_footer_and_the_key_panel_name_the_screens_keys(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reports(pilot)
        footer = drawn(app).splitlines()[-1]
        for shown in ("j Job", "r Range", "R From–to", "e Export", "h HTML", "q Quit", "? Keys"):
            assert shown in footer, footer
        await pilot.resize_terminal(140, 50)  # the panel beside the screen, every key in view
        await press(pilot, "question_mark")
        region = app.screen.query_one(HelpPanel).region
        lines = [line[region.x : region.right].strip(" ▏") for line in drawn(app).splitlines()]
        panel = " ".join(" ".join(lines[region.y : region.bottom]).split())
        for described in ("j Job Report on one job or all jobs", "r Range Next range: last 30, 90, 365 days",
                          "R From–to Type the days", "e Export Save this report", "h HTML Save all seven"):  # fmt: skip
            assert described in panel, panel
