"""Handing 20,000 prospects over to a job: how long the handoff's one transaction holds the write lock.

A database with one open job and one pool of 20,000 prospects (imported with the project's own import) is
copied for each run. The measurement is `services.pipeline.hand_over(store, job, everyone, pool_id=pool)`,
the call behind `a` in the pool browser: an application at the first stage for each, a 'handoff' stage
event each, pool status converted, one unit of work. While it runs, SQLite's write lock is held for most
of it, so this time is how long another user's move may have to wait (their busy wait is 5 s).

Baseline: raw sqlite3 on another copy, one transaction: INSERT ... SELECT of the applications, of their
stage events, and the UPDATE of the pool status.

    python -m bench.handoff --people 20000     # the figure alone, without the suite
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.dataset import connect, scratch_copy
from bench.imports import POOL, _empty_template, write_csv
from bench.report import Budget, Result

JOB = "Bench handoff"


def build(workdir: Path, people: int) -> Path:
    """A database holding one open job and one pool of `people` prospects."""
    from pipeline_tui.services.imports import import_prospects
    from pipeline_tui.store import Store

    template = _empty_template(workdir / "handoff-template.db")
    csv_path = workdir / "handoff.csv"
    write_csv(csv_path, people)
    store = Store.open(str(template), actor="bench")
    try:
        import_prospects(store, csv_path, pool=POOL)
        store.jobs.create_job(JOB)
    finally:
        store.close()
    csv_path.unlink()
    conn = connect(template)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return template


def handoff_once(template: Path, workdir: Path) -> float:
    from pipeline_tui.services.pipeline import hand_over
    from pipeline_tui.store import Store

    db = scratch_copy(template, workdir / "handoff.db")
    conn = connect(db)
    ids = [cid for (cid,) in conn.execute("SELECT candidate_id FROM pool_member ORDER BY candidate_id")]
    conn.close()
    store = Store.open(str(db), actor="bench")
    try:
        job = store.jobs.find_by_title(JOB)
        pool = store.pools.find_by_name(POOL)
        t0 = time.perf_counter()
        result = hand_over(store, job.id, ids, pool_id=pool.id)
        took = time.perf_counter() - t0
    finally:
        store.close()
    if result.changed != len(ids):
        raise RuntimeError(f"handed over {result.changed} of {len(ids)}")
    return took


def raw_once(template: Path, workdir: Path) -> float:
    db = scratch_copy(template, workdir / "raw-handoff.db")
    conn = connect(db)
    try:
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
        (job_id,) = conn.execute("SELECT id FROM job WHERE title = ?", (JOB,)).fetchone()
        (pool_id,) = conn.execute("SELECT id FROM pool WHERE name = ?", (POOL,)).fetchone()
        stage_id, stage_name = conn.execute(
            "SELECT id, name FROM stage WHERE job_id = ? ORDER BY position LIMIT 1", (job_id,)
        ).fetchone()
        source = f"pool: {POOL}"
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO application (candidate_id, job_id, stage_id, status, source, origin_pool_id, "
            "applied_at, stage_entered_at, rating, version, updated_at) "
            "SELECT candidate_id, ?, ?, 'active', ?, ?, ?, ?, 0, 1, ? FROM pool_member WHERE pool_id = ?",
            (job_id, stage_id, source, pool_id, now, now, now, pool_id),
        )
        conn.execute(
            "INSERT INTO stage_event (application_id, to_stage_id, to_stage_name, to_status, action, note, at, "
            "actor) SELECT id, ?, ?, 'active', 'handoff', ?, ?, 'bench' FROM application WHERE job_id = ?",
            (stage_id, stage_name, source, now, job_id),
        )
        conn.execute("UPDATE pool_member SET status = 'converted' WHERE pool_id = ?", (pool_id,))
        conn.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        conn.close()


def measure(dataset, runs: int, log, people: int | None = None) -> list[Result]:
    people = people or (20_000 if dataset.size.full else 2_000)
    ours: list[float] = []
    base: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-handoff-", dir=dataset.path.parent) as tmp:
        workdir = Path(tmp)
        template = build(workdir, people)
        for i in range(runs):
            ours.append(handoff_once(template, workdir))
            base.append(raw_once(template, workdir))
            log(f"  handoff run {i}: hand_over {ours[-1]:.2f} s, raw INSERT ... SELECT {base[-1]:.3f} s")
    return [
        Result(
            "pools.handoff",
            f"Pools: hand over {people:,} prospects",
            "s",
            ours,
            "raw INSERT ... SELECT, 1 txn",
            base,
            Budget(max_value=2.0, text="< 2 s (write lock)"),
            f"hand_over of a {people:,}-person pool to an open job: applications, handoff events, "
            "pool status converted; one transaction",
            dataset.size.full,
        )
    ]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.handoff", description=__doc__.split("\n\n")[0])
    p.add_argument("--people", type=int, default=20_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-handoff-") as tmp:
        workdir = Path(tmp)
        template = build(workdir, args.people)
        ours = [handoff_once(template, workdir) for _ in range(args.runs)]
        base = [raw_once(template, workdir) for _ in range(args.runs)]
    print(
        f"hand_over of {args.people:,}: median {statistics.median(ours):.3f} s (runs {', '.join(f'{t:.3f}' for t in ours)})"
    )
    print(f"raw INSERT ... SELECT: median {statistics.median(base):.3f} s", file=sys.stdout)


if __name__ == "__main__":
    main()
