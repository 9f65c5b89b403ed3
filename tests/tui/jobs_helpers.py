"""Pilot helpers for the jobs screen, the job form and the status dialog: read the table, type in fields."""

from __future__ import annotations

from helpers import press, settle

from pipeline_tui.screens.jobs.screen import JobsScreen


def rows(screen: JobsScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def titles(screen: JobsScreen) -> list[str]:
    return [row[0] for row in rows(screen)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_jobs(pilot) -> JobsScreen:
    await settle(pilot)
    await press(pilot, "3")
    screen = pilot.app.screen
    assert isinstance(screen, JobsScreen)
    return screen


async def type_text(pilot, text: str) -> None:
    """Type `text` key by key (spaces and punctuation included), then wait for the work it started."""
    await pilot.press(*text)
    await settle(pilot)
