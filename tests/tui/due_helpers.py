"""The due queue on the Today screen: Noor (a team member, so messages go out from noor@example.com) works the
touches due on Wednesday 4 March 2026 in Berlin. Ada's step 1 came due on Monday (2 days late), Grace's and
Linus's today, Mary's is not due until Friday. Everyone is in the "Backend prospects" pool, status new.

Not a test module by itself: `seed_due(store)` fills a store, `due_app(...)` is the app on TODAY_NOW with the
SMTP settings and exports folder a test gives it (the SMTP ones read from PIPELINE_TUI_SMTP_*, as the app
reads them)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from board_data import record_notifications
from helpers import settle
from nurture_data import THREE_STEPS, add_people, enroll_people, seed_sequence
from sqlalchemy import select
from today_data import TODAY_NOW

from pipeline_tui.app import PipelineApp
from pipeline_tui.config import Settings, smtp_from_env
from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.core.smtp_settings import SmtpSettings
from pipeline_tui.screens.today.screen import TodayScreen
from pipeline_tui.store import Store
from pipeline_tui.store.models import Activity, Candidate, PoolMember
from pipeline_tui.store.nurture_tables import Enrollment, Touch

MONDAY, TODAY, FRIDAY = date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)
STRANGE_STEPS = (
    StepDraft(
        channel="email",
        wait_days=0,
        subject="[bold]Hi[/] {{ first_name }}",
        body="Plain [red]markup[/red] stays\n\x1b[31mno colour\x1b[0m either",
    ),
)


def seed_due(store: Store) -> dict:
    """Noor on the team, the pool, the Warm-up sequence (e-mail, LinkedIn, call) and four people in it."""
    store.team.add("Noor Haddad", "noor@example.com", "recruiter")
    pool = store.pools.create_pool("Backend prospects")
    ada, grace, linus, mary = add_people(
        store, "Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mary Jackson", pool_id=pool.id
    )
    sequence_id = seed_sequence(store, THREE_STEPS, name="Warm-up")
    touches = {}
    for person, day in ((ada, MONDAY), (grace, TODAY), (linus, TODAY), (mary, FRIDAY)):
        (touches[person],) = enroll_people(store, sequence_id, [person], day, pool_id=pool.id)
    return {
        "pool": pool.id,
        "sequence": sequence_id,
        "ada": ada,
        "grace": grace,
        "linus": linus,
        "mary": mary,
        "touch": touches,
    }


def seed_many(store: Store, count: int) -> list[int]:
    """`count` people due today (one sequence, e-mail first), in the order the queue lists them."""
    sequence_id = seed_sequence(store, THREE_STEPS, name="Many")
    names = [f"Person{n:03d} Example" for n in range(count)]
    ids = add_people(store, *names)
    return enroll_people(store, sequence_id, ids, TODAY)


def due_app(
    store: Store, tmp_path: Path, *, smtp: SmtpSettings | None = None, start: str = "jobs"
) -> PipelineApp:
    settings = Settings(
        db=store.db.url,
        state_file=tmp_path / "state.json",
        exports_dir=tmp_path / "exports",
        smtp=smtp if smtp is not None else smtp_from_env(SmtpSettings(), os.environ),
    )
    app = PipelineApp(store, replace(settings), start=start)
    app.clock = lambda: TODAY_NOW
    record_notifications(app)
    return app


async def open_queue(pilot):
    """`4`, and the due queue once read; returns the queue section."""
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    return screen.query_one("#today-due")


def queue_rows(queue) -> list[list[str]]:
    table = queue.table
    if not queue.query_one("#due-body").display:
        return []
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def heading(queue) -> str:
    return str(queue.query_one(".today-heading").render())


def notice(queue) -> str:
    line = queue.query_one("#due-notice")
    return str(line.render()) if line.display else ""


def preview(queue) -> str:
    return str(queue.query_one("#due-message").render())


def touch_of(store: Store, touch_id: int) -> Touch:
    with store.db.transaction() as s:
        row = s.get(Touch, touch_id)
        s.expunge(row)
        return row


def touches_of(store: Store, candidate_id: int) -> list[tuple[int, str, date]]:
    """(step, status, due_on) of every touch of the person, in step order."""
    with store.db.transaction() as s:
        rows = s.execute(
            select(Touch.step, Touch.status, Touch.due_on)
            .join(Enrollment, Enrollment.id == Touch.enrollment_id)
            .where(Enrollment.candidate_id == candidate_id)
            .order_by(Touch.step, Touch.id)
        ).all()
    return [tuple(r) for r in rows]


def enrollment_of(store: Store, candidate_id: int) -> tuple[str, str | None]:
    with store.db.transaction() as s:
        row = s.execute(
            select(Enrollment.status, Enrollment.stop_reason).where(Enrollment.candidate_id == candidate_id)
        ).one()
    return tuple(row)


def activities_of(store: Store, candidate_id: int) -> list[tuple[str, str]]:
    with store.db.transaction() as s:
        rows = s.execute(
            select(Activity.kind, Activity.body)
            .where(Activity.candidate_id == candidate_id)
            .order_by(Activity.id)
        ).all()
    return [tuple(r) for r in rows]


def pool_status(store: Store, candidate_id: int) -> str:
    with store.db.transaction() as s:
        return s.execute(
            select(PoolMember.status).where(PoolMember.candidate_id == candidate_id)
        ).scalar_one()


def consent_of(store: Store, candidate_id: int) -> tuple[str, str | None]:
    with store.db.transaction() as s:
        row = s.execute(
            select(Candidate.consent_status, Candidate.consent_method).where(Candidate.id == candidate_id)
        ).one()
    return tuple(row)
