"""Hand-computed histories for the report tests (issue 15), written through the real store API at chosen
times: every change goes through the same repository call the board makes, with the store's clock pinned
(`core.clock.pinned_at`) to the moment the test names, so a report test can say "Ada spent 2.5 days in
Screen" and mean exactly that.

Not a test module: each helper takes the store, and an application as its record or id (its current version
is read here, so a test never threads versions through). Times are naive UTC.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.records import ApplicationRecord, JobRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store import Store

T0 = datetime(2026, 1, 5, 9, 0)  # a Monday; day(n) counts from here
STAGES = ("Applied", "Screen", "Interview", "Offer", "Hired")

_emails = count(1)
AppRef = ApplicationRecord | int
PG_ENV = "PIPELINE_TUI_TEST_PG_URL"
# What a module-scoped report fixture is parametrized with: the same tests on SQLite and PostgreSQL.
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def report_store(engine: str, folder: Path) -> Iterator[Store]:
    """A store on a new SQLite file in `folder`, or on a new PostgreSQL database (dropped afterwards), that
    a whole test module reads: its history is written once, the reports only read. Like conftest's
    any_store, but module-scoped."""
    if engine == "sqlite":
        store = Store.open(str(folder / "reports.db"), actor="tester")
        try:
            yield store
        finally:
            store.close()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL half skipped: set {PG_ENV} to a server URL (CI does)")
    url = make_url(base)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store.open(url.set(database=name).render_as_string(hide_password=False), actor="tester")
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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


# -- one hand-computed history, read by the funnel, time-in-stage and rejection tests ---------------------------
#
# Backend Engineer: Applied, Screen, Interview, Offer, Hired (Screen renamed "Phone screen" at the end).
#   Ada    d0 apply; Screen d1; Interview d3; Offer d6; moved to Hired d8                 -> hired
#   Ben    d0 apply; Interview d2 (skips Screen); rejected d4 "Failed technical assessment"
#   Cleo   d1 apply; Screen d2; Interview d4; back to Screen d5; Interview d7; withdrew d9
#          "Accepted another offer"                                                   (re-entries)
#   Dan    d1 apply; Screen d2 12:00 later; Interview d3, undone an hour later; rejected d5 "Skills mismatch"
#   Eve    d2 apply; Screen d3; rejected d4, undone 2 h later; Interview d6; Offer d8    -> active in Offer
#   Finn   d2 apply (no source); rejected d3 (no reason); reopened d5; Screen d6; Interview d8 -> active
#   Gia    d3 apply; Screen d4; Interview d5; Offer d6; hired d7 (`h`); reopened d9 (back to Offer);
#          rejected d10 06:00 later "Salary expectations too high"
#   Hal    d4 apply; Screen d5; withdrew d6 "Personal reasons"      (Hal also applies to Data Analyst)
#   Ivy    in the pool "Silver medalists" since d0; handed over d5; Screen d6                -> active
#   Lena   applied 2026-01-13 23:30 UTC (2026-01-14 00:30 in Berlin)                       -> active
# Data Analyst: Applied, Test, Interview, Hired (Test removed on d9, its applications moved to Interview).
#   Hal    d5 apply; Test d6; Interview d8; moved to Hired d10                              -> hired
#   Jo     d6 apply; Test d7; rejected d8 "Skills mismatch" (still in Test when it is removed: moved too)
#   Kim    d7 apply; Test d8; moved to Interview by the removal d9; rejected d11 "Failed technical assessment"
#   Mo     d8 apply; withdrew d8 12:00 later (no reason)
LENA_APPLIED = datetime(2026, 1, 13, 23, 30)


def pipeline_history(store: Store) -> dict[str, int]:
    """Write the history above; returns application ids by person (Hal's two: "Hal", "Hal DA") and the
    jobs' ids ("backend", "analyst")."""
    backend = job_with_stages(store, "Backend Engineer")
    analyst = job_with_stages(store, "Data Analyst", ("Applied", "Test", "Interview", "Hired"))
    ids = {"backend": backend.id, "analyst": analyst.id}

    def walk(name: str, first: datetime, source: str | None, *steps: tuple) -> None:
        app = apply(store, backend, name, at=first, source=source)
        ids[name] = app.id
        _steps(store, app.id, steps)

    walk(
        "Ada",
        day(0),
        "Referral",
        (move, "Screen", day(1)),
        (move, "Interview", day(3)),
        (move, "Offer", day(6)),
        (move, "Hired", day(8)),
    )
    walk(
        "Ben",
        day(0),
        "LinkedIn",
        (move, "Interview", day(2)),
        (reject, "Failed technical assessment", day(4)),
    )
    walk(
        "Cleo",
        day(1),
        "Referral",
        (move, "Screen", day(2)),
        (move, "Interview", day(4)),
        (move, "Screen", day(5)),
        (move, "Interview", day(7)),
        (withdraw, "Accepted another offer", day(9)),
    )
    walk(
        "Dan",
        day(1),
        "LinkedIn",
        (move, "Screen", day(2, 12)),
        (move, "Interview", day(3)),
        (undo, None, day(3, 1)),
        (reject, "Skills mismatch", day(5)),
    )
    walk(
        "Eve",
        day(2),
        "Careers page",
        (move, "Screen", day(3)),
        (reject, "Not enough experience", day(4)),
        (undo, None, day(4, 2)),
        (move, "Interview", day(6)),
        (move, "Offer", day(8)),
    )
    walk(
        "Finn",
        day(2),
        None,
        (reject, None, day(3)),
        (reopen, None, day(5)),
        (move, "Screen", day(6)),
        (move, "Interview", day(8)),
    )
    walk(
        "Gia",
        day(3),
        "Referral",
        (move, "Screen", day(4)),
        (move, "Interview", day(5)),
        (move, "Offer", day(6)),
        (hire, None, day(7)),
        (reopen, None, day(9)),
        (reject, "Salary expectations too high", day(10, 6)),
    )
    walk("Hal", day(4), "Careers page", (move, "Screen", day(5)), (withdraw, "Personal reasons", day(6)))
    ivy = person(store, "Ivy", at=day(0))
    silver = pool_with(store, "Silver medalists", [ivy], at=day(0))
    ids["Ivy"] = handoff(store, backend, ivy, silver, at=day(5)).id
    _steps(store, ids["Ivy"], [(move, "Screen", day(6))])
    ids["Lena"] = apply(store, backend, "Lena", at=LENA_APPLIED, source="LinkedIn").id

    hal = store.applications.get(ids["Hal"]).candidate_id
    for name, who, first, source, steps in (
        (
            "Hal DA",
            hal,
            day(5),
            "Referral",
            [(move, "Test", day(6)), (move, "Interview", day(8)), (move, "Hired", day(10))],
        ),
        ("Jo", "Jo", day(6), "LinkedIn", [(move, "Test", day(7)), (reject, "Skills mismatch", day(8))]),
        ("Kim", "Kim", day(7), "Referral", [(move, "Test", day(8))]),
        ("Mo", "Mo", day(8), "LinkedIn", [(withdraw, None, day(8, 12))]),
    ):
        ids[name] = apply(store, analyst, who, at=first, source=source).id
        _steps(store, ids[name], steps)
    remove_stage(store, analyst, "Test", move_to="Interview", at=day(9))
    reject(store, ids["Kim"], "Failed technical assessment", at=day(11))
    rename_stage(store, backend, "Screen", "Phone screen")
    return ids


def _steps(store: Store, app_id: int, steps: Sequence[tuple]) -> None:
    """(change, argument, at) in order: argument is the stage of a move, the reason of a reject or
    withdraw, unused (None) for hire, reopen and undo."""
    for change, argument, at in steps:
        if change in (move, reject, withdraw):
            change(store, app_id, argument, at=at)
        else:
            change(store, app_id, at=at)
