"""Hand-computed histories for the report tests (issue 15), written through the real store API at chosen
times: every change goes through the same repository call the board makes, with the store's clock pinned
(`core.clock.pinned_at`) to the moment the test names, so a report test can say "Ada spent 2.5 days in
Screen" and mean exactly that.

Not a test module: each helper takes the store, and an application as its record or id (its current version
is read here, so a test never threads versions through). Times are naive UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import count

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.records import ApplicationRecord, JobRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store import Store

T0 = datetime(2026, 1, 5, 9, 0)  # a Monday; day(n) counts from here
STAGES = ("Applied", "Screen", "Interview", "Offer", "Hired")

_emails = count(1)
AppRef = ApplicationRecord | int


def day(n: float, hours: float = 0) -> datetime:
    """T0 plus `n` days and `hours` hours: the times the fixtures are written at."""
    return T0 + timedelta(days=n, hours=hours)


def job_with_stages(
    store: Store,
    title: str,
    stages: Sequence[str] = STAGES,
    *,
    opened_at: datetime = T0,
    headcount: int = 1,
) -> JobRecord:
    """An open job with these stages in order: the last is the hired stage, a stage named "Offer" (any
    case) the offer stage, every other one active."""
    kinds = []
    for i, name in enumerate(stages):
        kind = "hired" if i == len(stages) - 1 else "offer" if name.lower() == "offer" else "active"
        kinds.append((name, kind))
    with pinned_at(opened_at):
        return store.jobs.create_job(title, stages=kinds, opened_at=opened_at, headcount=headcount)


def stage_id(store: Store, job: JobRecord | int, name: str) -> int:
    return store.jobs.find_stage(_job_id(job), name).id


def person(store: Store, name: str, *, at: datetime = T0) -> int:
    """A new person (a unique e-mail each); returns the candidate id."""
    with pinned_at(at):
        return store.candidates.add(
            CandidateInput.parse(full_name=name, email=f"report{next(_emails)}@example.com")
        ).id


def apply(
    store: Store,
    job: JobRecord | int,
    who: str | int,
    *,
    at: datetime,
    source: str | None = None,
    stage: str | None = None,
) -> ApplicationRecord:
    """`who` (a new person by this name, or a candidate id: one person applying to two jobs) applies at
    `at`, into the first stage unless `stage` names another."""
    cid = person(store, who, at=at) if isinstance(who, str) else who
    into = stage_id(store, job, stage) if stage is not None else None
    with pinned_at(at):
        return store.applications.apply(cid, _job_id(job), source=source, stage_id=into, at=at)


def move(store: Store, app: AppRef, stage: str, *, at: datetime) -> ApplicationRecord:
    """A move on the board (into the hired stage it is a hire, as there)."""
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.move_to_stage(
            rec.id, stage_id(store, rec.job_id, stage), rec.version, at=at
        )


def reject(store: Store, app: AppRef, reason: str | None = None, *, at: datetime) -> ApplicationRecord:
    """Rejected by us, with a reason by its name (None: no reason given)."""
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.reject(rec.id, _reason_id(store, reason), rec.version)


def withdraw(store: Store, app: AppRef, reason: str | None = None, *, at: datetime) -> ApplicationRecord:
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.withdraw(rec.id, _reason_id(store, reason), rec.version)


def hire(store: Store, app: AppRef, *, at: datetime) -> ApplicationRecord:
    """`h` on the board: straight into the job's hired stage from wherever they are."""
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.hire(rec.id, rec.version)


def reopen(store: Store, app: AppRef, *, at: datetime) -> ApplicationRecord:
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.reopen(rec.id, rec.version)


def undo(store: Store, app: AppRef, *, at: datetime) -> ApplicationRecord:
    """Undo the application's latest change not yet undone."""
    rec = _current(store, app)
    with pinned_at(at):
        return store.applications.undo_last_move(rec.id, rec.version)


def rename_stage(store: Store, job: JobRecord | int, old: str, new: str) -> None:
    store.jobs.rename_stage(stage_id(store, job, old), new)


def remove_stage(
    store: Store, job: JobRecord | int, name: str, *, move_to: str | None = None, at: datetime = T0
) -> None:
    """Remove a stage; its applications (if any) move to `move_to` at `at`, as the jobs screen does."""
    target = stage_id(store, job, move_to) if move_to is not None else None
    with pinned_at(at):
        store.jobs.remove_stage(stage_id(store, job, name), move_to_stage_id=target)


def pool_with(store: Store, name: str, members: Sequence[int], *, at: datetime) -> int:
    """A talent pool holding `members` (candidate ids), all added at `at`; returns its id."""
    with pinned_at(at):
        pool = store.pools.create_pool(name)
        store.pools.add_to_pool(pool.id, list(members), added_by="tester")
    return pool.id


def handoff(
    store: Store, job: JobRecord | int, candidate_id: int, pool_id: int, *, at: datetime
) -> ApplicationRecord:
    """A sourcer hands a prospect over from a pool (services.pipeline.hand_over): source "pool: NAME"."""
    with pinned_at(at):
        hand_over(store, _job_id(job), [candidate_id], pool_id=pool_id)
    line = store.applications.in_job(candidate_id, _job_id(job))
    assert line is not None, "the handoff made no application"
    return store.applications.get(line.id)


def _current(store: Store, app: AppRef) -> ApplicationRecord:
    return store.applications.get(app if isinstance(app, int) else app.id)


def _job_id(job: JobRecord | int) -> int:
    return job if isinstance(job, int) else job.id


def _reason_id(store: Store, reason: str | None) -> int | None:
    if reason is None:
        return None
    for r in store.applications.rejection_reasons():
        if r.name == reason:
            return r.id
    raise LookupError(f"no rejection reason {reason!r}")
