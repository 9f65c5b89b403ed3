"""What the new-user try-out of the Reports screen found, pressed with real keys: the from–to dialog takes
date, enter, date, enter (also in one fast burst) and never turns two empty fields into "all time" without a
word; "all" typed in the job picker keeps All jobs; a wide table keeps its first column when it scrolls
sideways at 80x24; the footer and the key panel name each key for what it does here."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import burst, press, said, settle
from reports_helpers import LAST_365, drawn, expected, expected_rows, reports_app, seed_reports, shown_rows
from textual import events
from textual.keys import _character_to_key
from textual.widgets import HelpPanel

from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.job_picker import ReportJobPicker
from pipeline_tui.screens.reports.range_dialog import NOTHING_TYPED, ReportRangeDialog
from pipeline_tui.screens.reports.report_view import ReportTable
from pipeline_tui.screens.reports.screen import ReportsScreen

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


def named(*parts: str) -> list[str]:
    """Key names: a named key ("ctrl+u", "enter") as it is, a date typed key by key ("-" is "minus")."""
    return [k for p in parts for k in ([p] if "+" in p or p in ("enter", "tab") else map(key_of, p))]


def key_of(char: str) -> str:
    return char if char.isalnum() else _character_to_key(char)


CHARACTERS = {"minus": "-"}


async def send_keys(pilot, *keys: str) -> None:
    """The keys queued at once, as a terminal delivers a paste or a script's keys; then wait."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


@pytest.fixture
def seeded(store):
    return store, seed_reports(store)


async def open_reports(pilot) -> ReportsScreen:
    await settle(pilot)
    await press(pilot, "5")
    assert isinstance(pilot.app.screen, ReportsScreen)
    return pilot.app.screen


def error_line(dialog) -> str:
    return str(dialog.query_one("#report-range-error").render())


@pytest.mark.parametrize(
    ("fast", "between"),
    [(False, "enter"), (True, "enter"), (True, "tab")],
    ids=["typed", "burst", "burst-tab"],
)
async def test_date_enter_date_enter_applies_the_days_without_tab(seeded, fast, between):
    """Also the try-out's burst: end, ctrl+u, the day, tab, end, ctrl+u, the day, enter, all at once."""
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "R")
        dialog = app.screen
        assert isinstance(dialog, ReportRangeDialog)
        typed = named("end", "ctrl+u", "2026-01-01", between, "end", "ctrl+u", "2026-01-31", "enter")
        if fast:
            await send_keys(pilot, *typed)
        else:
            await press(pilot, *typed)
        assert app.screen is screen, error_line(dialog)
        assert screen.selection.days(screen.today) == JANUARY
        assert "2026-01-01 to 2026-01-31" in drawn(app).splitlines()[1]
        want = expected(store, ReportKind.FUNNEL, JANUARY)
        assert shown_rows(screen) == expected_rows(want)
        assert not said(app)


async def test_enter_in_from_moves_to_to_and_a_bad_from_is_said_there(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "R")
        dialog = app.screen
        await press(pilot, *named("ctrl+u", "2026-13-01", "enter"))
        assert app.screen is dialog
        assert dialog.focused is dialog.query_one("#report-from")
        assert error_line(dialog) == "2026-13-01 is not a date: write YYYY-MM-DD"
        await press(pilot, *named("ctrl+u", "2026-01-01", "enter"))
        assert app.screen is dialog and dialog.focused is dialog.query_one("#report-to")
        assert dialog.query_one("#report-to").value == LAST_365[1].isoformat()  # To untouched
        assert screen.selection.range_label == "last 365 days"  # nothing applied yet


@pytest.mark.parametrize("fast", [False, True], ids=["typed", "burst"])
async def test_both_fields_empty_on_enter_says_so_and_applies_nothing(seeded, fast):
    """A burst that emptied both fields and lost the dates (or a user who cleared both) is not silently
    "all time": one line says what to type, the dialog stays, the screen keeps its days."""
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "R")
        dialog = app.screen
        typed = ["ctrl+u", "tab", "ctrl+u", "enter"]
        if fast:
            await send_keys(pilot, *typed)
        else:
            await press(pilot, *typed)
        assert app.screen is dialog
        assert error_line(dialog) == NOTHING_TYPED
        assert NOTHING_TYPED[:40] in drawn(app)
        await press(pilot, "escape")
        assert app.screen is screen
        assert screen.selection.range_label == "last 365 days"
        assert shown_rows(screen) == expected_rows(expected(store, ReportKind.FUNNEL, LAST_365))


async def test_typing_all_in_the_job_picker_keeps_all_jobs(seeded):
    store, data = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "j")
        await burst(pilot, "backend\r")
        assert screen.selection.job_id == data["backend"].id
        await press(pilot, "j")
        picker = app.screen
        assert isinstance(picker, ReportJobPicker)
        await burst(pilot, "all")
        text = drawn(app)
        assert "All jobs" in text
        assert "enter pick · ↑↓ move · esc cancel" in text  # the hint in view at 80x24
        await burst(pilot, " jobs\r")
        assert app.screen is screen
        assert screen.selection.job_id is None
        assert shown_rows(screen) == expected_rows(expected(store, ReportKind.FUNNEL, LAST_365))


async def test_the_job_pickers_hint_is_in_view_at_80x24(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reports(pilot)
        await press(pilot, "j")
        assert "enter pick · ↑↓ move · esc cancel" in drawn(app)


async def test_the_first_column_stays_when_a_wide_table_scrolls_sideways(seeded):
    """Pool journey at 80x24 is wider than the room: after tab and end the last column is in view and so
    is the pool's name."""
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, *["down"] * list(ReportKind).index(ReportKind.JOURNEY))
        table = screen.query_one(ReportTable)
        assert table.fixed_columns == 1
        await press(pilot, "tab")
        assert app.focused is table
        await press(pilot, "right", "right", "right", "right", "right", "right", "right", "right", "right")
        await press(pilot, "end")
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await settle(pilot)
        assert table.scroll_x > 0  # it did scroll sideways
        rows = drawn(app).splitlines()
        body = [row.split("\u2502", 1)[1] for row in rows if "\u2502" in row]  # right of the reports list
        assert any(row.startswith(" Pool ") for row in body), "\n".join(rows)  # its header, still first
        assert any(row.startswith(" Backend\u2026") for row in body), "\n".join(rows)  # the pool's row
        assert any("to hire" in row for row in rows)  # the last column ("Handoff to hire") in view


async def test_the_footer_and_key_panel_say_what_each_key_does_here(seeded):
    store, _ = seeded
    app = reports_app(store)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_reports(pilot)
        await press(pilot, "question_mark")
        region = app.screen.query_one(HelpPanel).region
        lines = [line[region.x : region.right].strip(" ▏") for line in drawn(app).splitlines()]
        panel = " ".join(" ".join(lines[region.y : region.bottom]).split())
        assert "times" not in panel.casefold(), panel
        for described in ("tab List ↔ table", "^r Reload Read the report again", "5 Reports This screen"):
            assert described in panel, panel
