"""Pilot helpers for the Reports screen: a fixed small history (tests/report_data.py, the store's own calls at
pinned times), the app on 6 March 2026, and what the screen shows (header, note, table rows, chart)."""

from __future__ import annotations

from datetime import date

from board_data import make_app
from nurture_data import add_people, enroll_people, seed_sequence
from report_data import apply, day, handoff, hire, job_with_stages, move, person, pool_with, reject, withdraw
from textual import events
from textual.widgets import DataTable, Static

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.core.report_tables import cell_text
from pipeline_tui.services.reports import ReportResult, run_report
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import plain

NOW = day(60, 8)  # Friday 6 March 2026, 17:00 UTC (T0 is Monday 5 January 2026, 09:00)
TODAY = date(2026, 3, 6)
LAST_365 = (date(2025, 3, 7), TODAY)
LAST_30 = (date(2026, 2, 5), TODAY)
LAST_90 = (date(2025, 12, 7), TODAY)
BACKEND = "Backend [b]Engineer[/b]"  # shown literally, never as markup


def seed_reports(store: Store) -> dict:
    """Two jobs: applications long ago (over a year: all time only), months ago (last 365 days), weeks ago
    (last 90) and days ago (last 30), moved, rejected, withdrawn and hired; a pool with a handoff."""
    backend = job_with_stages(store, BACKEND, opened_at=day(-220))
    design = job_with_stages(
        store, "Product Designer", ("Applied", "Portfolio", "Offer", "Hired"), opened_at=day(-30)
    )
    old = apply(store, design, "Olga Old", at=day(-400), source="Web")
    reject(store, old, "Skills mismatch", at=day(-398))
    ada = apply(store, backend, "Ada Lovelace", at=day(-200), source="LinkedIn")
    move(store, ada, "Screen", at=day(-190))
    move(store, ada, "Interview", at=day(-180, 12))
    hire(store, ada, at=day(-150))
    ben = apply(store, backend, "Ben Okafor", at=day(5), source="Referral")
    move(store, ben, "Screen", at=day(7))
    reject(store, ben, "Not enough experience", at=day(10))
    cleo = apply(store, backend, "Cleo Park", at=day(45), source="LinkedIn")
    move(store, cleo, "Screen", at=day(50))
    dan = apply(store, design, "Dan Brook", at=day(50), source="Web")
    withdraw(store, dan, "Accepted another offer", at=day(52))
    eve = person(store, "Eve Moreau", at=day(20))
    pool = pool_with(store, "Backend prospects", [eve], at=day(20))
    eve_app = handoff(store, backend, eve, pool, at=day(40))
    move(store, eve_app, "Interview", at=day(55))
    seed_touches(store)
    return {"backend": backend, "design": design, "pool": pool}


def seed_touches(store: Store) -> None:
    """A three-step sequence: Gus and Ivy got its first e-mail on 4 February, Gus replied two days later."""
    sequence = seed_sequence(store, name="Warm-up")
    with pinned_at(day(30)):
        gus, ivy = add_people(store, "Gus Hale", "Ivy Chen")
    first = enroll_people(store, sequence, [gus, ivy], on=day(30))
    second = [store.touches.done(touch, now=day(30, 1)).next for touch in first]
    store.touches.replied(second[0].id, now=day(32))


def reports_app(store: Store, tmp_path=None):
    return make_app(store, now=NOW, tmp_path=tmp_path, start="board")


def expected(
    store: Store, kind: ReportKind, days: tuple, job_id: int | None = None, zone=None
) -> ReportResult:
    from pipeline_tui.core.local_time import user_zone

    f = ReportFilter(job_id=None if kind is ReportKind.SEQUENCES else job_id, start=days[0], end=days[1])
    return run_report(store, kind, f, zone or user_zone())


def expected_rows(result: ReportResult) -> list[list[str]]:
    """The report's rows as a user reads them: every cell by `cell_text`, user text cleaned as shown."""
    table = result.table
    return [
        [plain(cell_text(v, c.kind)) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ]


def shown_rows(screen) -> list[list[str]]:
    table = screen.query_one("#report-table", DataTable)
    if not table.display:
        return []
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def shown_columns(screen) -> list[str]:
    table = screen.query_one("#report-table", DataTable)
    return [str(column.label).replace("\n", " ") for column in table.ordered_columns]


def header(screen) -> str:
    return str(screen.query_one("#reports-bar", Static).render())


def note(screen) -> str:
    shown = screen.query_one("#reports-note", Static)
    return str(shown.render()) if shown.display else ""


def drawn(app) -> str:
    """Every line of the terminal as drawn."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def send_keys(pilot, *keys: str) -> None:
    """Named keys ("down", "r") queued at once, as a terminal delivers a fast burst (helpers.burst types
    characters only)."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
