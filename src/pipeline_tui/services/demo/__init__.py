"""Realistic demo data: a small company's hiring, with weeks of pipeline history and a sourcing CRM.

Interviews, scorecards, offers and nurture sequences follow through the repositories (services/demo/hiring.py,
offers.py, nurture.py), each at its moment in the demo's past.

Deterministic: the same seed and `now` give the same rows (Faker and `random.Random` are both seeded), so
tests can count on it. Times are relative to `now` so time in stage, stale cards and "not contacted in 90 days"
mean something whenever the demo is opened. Written through the store's bulk writer in a second or so.

The company is data (catalogue.py: jobs with their stages, pools, tags, names, reasons); company.py draws
people and histories from it; rows.py shapes the rows the bulk writer takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.services.demo.catalogue import DEMO_SEED
from pipeline_tui.services.demo.company import DemoCompany
from pipeline_tui.store import Store
from pipeline_tui.store.change_history import rebuild_from_history
from pipeline_tui.store.database import Database
from pipeline_tui.store.seeding import SeedWriter

__all__ = ["DEMO_SEED", "DemoSummary", "build_demo"]


@dataclass
class DemoSummary:
    path: str | None
    counts: dict[str, int] = field(default_factory=dict)
    featured_job_id: int | None = None  # the busiest board, where the demo opens


def build_demo(db: Database, *, now: datetime | None = None, seed: int = DEMO_SEED) -> DemoSummary:
    """Fill an empty database with the demo company. Refuses a database that already holds data."""
    writer = SeedWriter(db, chunk=5_000)
    if not writer.is_empty():
        raise RuleViolation(
            "the database already holds people, jobs or pools; demo data only goes into a new, empty database"
        )
    company = DemoCompany(writer, now=(now or utcnow()).replace(microsecond=0), seed=seed)
    company.build()
    company.write()
    counts = dict(writer.written)
    counts.update(add_hiring(Store(db), company, seed=seed))
    # Who did what, in the order it happened (the bulk-written weeks included): the activity feed's story.
    counts["change_log"] = rebuild_from_history(db)
    path = db.sqlite_path
    return DemoSummary(path=str(path) if path else None, counts=counts, featured_job_id=company.jobs[0]["id"])


def add_hiring(store: Store, company: DemoCompany, *, seed: int) -> dict[str, int]:
    """Plans, interviews, scorecards, offers, handoffs taken further and nurture sequences through the
    repositories (services/demo/hiring.py, offers.py, journey.py, nurture.py)."""
    from pipeline_tui.services.demo.hiring import DemoHiring
    from pipeline_tui.services.demo.journey import advance_handoffs
    from pipeline_tui.services.demo.nurture import add_nurture
    from pipeline_tui.services.demo.offers import add_offers

    hiring = DemoHiring(store, company, seed=seed)
    hiring.add_team_and_plans()
    hiring.add_interviews()
    add_offers(hiring)
    advance_handoffs(hiring)
    add_nurture(hiring, seed=seed)
    return dict(hiring.counts)
