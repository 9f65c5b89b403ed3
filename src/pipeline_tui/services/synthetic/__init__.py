"""Synthetic data at scale (`pipeline-tui seed --jobs N --applicants N --prospects N`, `--bench`).

Built for volume, not charm: names, companies and titles are drawn once from Faker into lists and then
combined with a seeded `random.Random`, and rows go to the store's bulk writer in chunks. Every application
still gets a consistent stage history (see services/timeline.py), every candidate a unique e-mail at the reserved
example.* domains (so synthetic people never collide with demo or real ones).

Shape: `prospects` people only in the CRM (tagged, in pools); `applicants` applications, about a tenth of
them by prospects (people in both a pool and a job), the rest by new people. `largest_job` pins the
biggest job's active applicants (the benchmark's 5,000). `BENCH` is the benchmark's full dataset.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime

from pipeline_tui.core.clock import utcnow
from pipeline_tui.services.synthetic.applications import make_applications, make_jobs
from pipeline_tui.services.synthetic.catalogue import CHUNK
from pipeline_tui.services.synthetic.names import SyntheticNames
from pipeline_tui.services.synthetic.people import Progress, SyntheticRun
from pipeline_tui.services.synthetic.plan import BENCH, OVERLAP_SHARE, SeedPlan
from pipeline_tui.store.database import Database
from pipeline_tui.store.seeding import SeedWriter

__all__ = ["BENCH", "OVERLAP_SHARE", "Progress", "SeedPlan", "SeedReport", "seed_synthetic"]


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)

    def rate(self, table: str, phase: str | None = None) -> float:
        secs = self.phase_seconds.get(phase or table, self.seconds) or 1e-9
        return self.counts.get(table, 0) / secs


def seed_synthetic(
    db: Database, plan: SeedPlan, *, now: datetime | None = None, progress: Progress | None = None
) -> SeedReport:
    """Write `plan`'s synthetic data with bulk inserts; returns counts and timings."""
    plan = plan.resolved()
    started = time.perf_counter()
    now = (now or utcnow()).replace(microsecond=0)
    rng = random.Random(plan.seed)
    writer = SeedWriter(db, chunk=CHUNK)
    names = SyntheticNames(rng)
    report = SeedReport()
    run = SyntheticRun(writer, plan, rng, names, now, progress, report.phase_seconds)
    run.timed("tags", run.make_tags)
    run.timed("pools", run.make_pools)
    run.timed("prospects", run.make_prospects)
    jobs = run.timed("jobs", lambda: make_jobs(run))
    run.timed("applications", lambda: make_applications(run, jobs))
    t = time.perf_counter()
    writer.finish()
    report.phase_seconds["finish"] = time.perf_counter() - t
    report.counts = dict(writer.written)
    report.seconds = time.perf_counter() - started
    return report
