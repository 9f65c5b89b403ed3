"""Fixed jobs for the jobs-screen tests and snapshots: the board's jobs (board_data.seed_board) plus a draft,
a closed and a filled one, each with its team, and timestamps pinned so "days open" never drifts."""

from __future__ import annotations

from datetime import timedelta

from board_data import NOW, seed_board
from sqlalchemy import update

from pipeline_tui.store import Store
from pipeline_tui.store.models import Job


def seed_jobs(store: Store, *, strange: bool = False) -> dict:
    """Six jobs across every status filter (open, on hold, draft, closed) with departments and teams."""
    data = seed_board(store)
    mia = store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    raj = store.team.add("Raj Patel", "raj@example.com", "recruiter")
    store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    store.jobs.create_job(
        "Site Reliability Engineer",
        department="Engineering",
        location="Lisbon",
        status="draft",
        hiring_manager_id=mia.id,
        recruiter_id=raj.id,
        headcount=2,
    )
    closed = store.jobs.create_job(
        "Sales Lead", department="Sales", location="London", opened_at=NOW - timedelta(days=120)
    )
    store.jobs.set_status(closed.id, "closed")
    data.update(mia=mia, raj=raj)
    if strange:
        store.jobs.create_job("[b]Chief[/b] [@click=app.quit]Officer", department="Exec [i]x[/i]")
    with store.db.transaction() as s:  # pin what the store stamps with "now", name the teams
        s.execute(update(Job).where(Job.id == closed.id).values(closed_at=NOW - timedelta(days=20)))
        s.execute(
            update(Job)
            .where(Job.id == data["backend"].id)
            .values(hiring_manager_id=mia.id, recruiter_id=raj.id, headcount=2)
        )
        s.execute(update(Job).where(Job.id == data["design"].id).values(recruiter_id=raj.id))
        s.execute(update(Job).where(Job.opened_at.is_(None), Job.status != "draft").values(opened_at=NOW))
        s.execute(update(Job).where(Job.opened_at > NOW).values(opened_at=NOW - timedelta(days=1)))
    return data
