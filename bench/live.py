"""Team mode (#16): what following others' changes costs, how fast a change arrives, and bursts.

    python -m bench live [--pg URL] [--seconds 5]      # also in the suite: --only live

Measured, each beside a baseline from the same run:
- idle CPU of the watch (the thread that follows the change log) on a SQLite file and, with a PostgreSQL
  URL (--pg, or PIPELINE_TUI_TEST_PG_URL), on PostgreSQL: CPU time of this process per second while
  nothing changes, beside the same process idle without a watch. Budget: under 1% of one core.
- idle CPU of the whole app (headless, the board shown) with live updates on, beside the same app with
  them off. Budget: under 1% of one core (a ratio means little beside an app that idles at ~0).
- arrival: from another user's move being committed to the watch handing it over, beside the move itself.
  Budget: within 2 s (the issue's).
- bursts: 1,000 changes in one transaction (a bulk tag) and 1,000 moves in 1,000 transactions, as fast as
  one writer can: how many batches (screen refreshes) they arrive as, beside the 1,000 repaints a refresh
  per change would be.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.report import Budget, Result, text_table

BURST = 1_000
_JOBS = itertools.count(1)


def _log(message: str = "") -> None:
    print(message, file=sys.stderr, flush=True)


def _store(url: str, actor: str):
    from pipeline_tui.store import Store

    return Store.open(url, actor=actor)


def _fresh_pg(base: str) -> str:
    """A new database on the server at `base` (dropped by the caller with _drop_pg)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"bench_live_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_pg(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def _job_with_people(store, count: int) -> tuple[int, list[int], list[int]]:
    """A job with `count` applicants in its first stage: (job id, application ids, stage ids)."""
    from pipeline_tui.core.validation import CandidateInput

    made = next(_JOBS)
    job = store.jobs.create_job(f"Bench live job {made}")
    stages = [s.id for s in store.jobs.stages(job.id)]
    apps = []
    for i in range(count):
        person = store.candidates.add(
            CandidateInput.parse(full_name=f"Person {made}-{i}", email=f"p{made}-{i}@bench.test")
        )
        apps.append(store.applications.apply(person.id, job.id, source="bench").id)
    return job.id, apps, stages


def _cpu_per_second(seconds: float) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    time.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - started)


def idle_watch(url: str, label: str, seconds: float, runs: int) -> Result:
    reader = _store(url, "reader")
    watch = reader.watch(lambda _b: None)
    baseline = [_cpu_per_second(seconds) for _ in range(runs)]
    watch.start()
    while watch.connected is not True:
        time.sleep(0.05)
    samples = [_cpu_per_second(seconds) for _ in range(runs)]
    watch.stop()
    reader.close()
    return Result(
        f"live.idle.{label}",
        f"Idle CPU following the log ({label}), per second",
        "%",
        samples,
        "the same process idle without the watch",
        baseline,
        Budget(max_value=0.01, text="< 1% of a core"),
        note=f"{label}: {watch.wakes} reads of the log while idle ({runs} x {seconds:g} s)",
    )


def idle_app(url: str, seconds: float, runs: int) -> Result:
    from dataclasses import replace

    from pipeline_tui.app import PipelineApp
    from pipeline_tui.config import Settings

    def one(live: bool) -> float:
        store = _store(url, "app")
        app = PipelineApp(store, replace(Settings(db=url), live_updates=live))

        async def run() -> float:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause(1.0)  # drawn, settled
                started, cpu = time.perf_counter(), time.process_time()
                await asyncio.sleep(seconds)
                return (time.process_time() - cpu) / (time.perf_counter() - started)

        try:
            return asyncio.run(run())
        finally:
            store.close()

    baseline = [one(False) for _ in range(runs)]
    samples = [one(True) for _ in range(runs)]
    return Result(
        "live.idle.app",
        "Idle CPU of the app (board shown, headless), per second",
        "%",
        samples,
        "the same app with live updates off",
        baseline,
        Budget(max_value=0.01, text="< 1% of a core"),
    )


def arrival(url: str, label: str, runs: int) -> Result:
    writer, reader = _store(url, "ann"), _store(url, "ben")
    job_id, apps, stages = _job_with_people(writer, runs)
    arrived = threading.Event()
    watch = reader.watch(lambda _b: arrived.set())
    watch.start()
    while watch.connected is not True:
        time.sleep(0.05)
    samples, baseline = [], []
    for app_id in apps:
        arrived.clear()
        version = writer.applications.get(app_id).version
        started = time.perf_counter()
        writer.applications.move_to_stage(app_id, stages[1], version)
        committed = time.perf_counter()
        arrived.wait(5.0)
        samples.append(time.perf_counter() - committed)
        baseline.append(committed - started)
    watch.stop()
    writer.close()
    reader.close()
    poll = "polls PRAGMA data_version once a second" if label == "sqlite" else "LISTEN/NOTIFY"
    return Result(
        f"live.arrival.{label}",
        f"A move by another user reaches the watch ({label})",
        "s",
        samples,
        "the move itself (commit)",
        baseline,
        Budget(max_value=2.0, text="< 2 s"),
        note=f"{label}: {poll}; the watch settles 150 ms after a wake so a burst is read once",
    )


def bursts(url: str, label: str) -> list[Result]:
    writer, reader = _store(url, "ann"), _store(url, "ben")
    job_id, apps, stages = _job_with_people(writer, BURST)
    people = [writer.applications.get(a).candidate_id for a in apps]
    batches: list[int] = []
    watch = reader.watch(lambda b: batches.append(b.count))
    watch.start()
    while watch.connected is not True:
        time.sleep(0.05)
    out = []
    for kind, write in (
        ("one", lambda: writer.tags.tag(people, ["bench-burst"])),
        (
            "many",
            lambda: [
                writer.applications.move_to_stage(a, stages[2], writer.applications.get(a).version)
                for a in apps
            ],
        ),
    ):
        batches.clear()
        started = time.perf_counter()
        write()
        wrote = time.perf_counter() - started
        deadline = time.monotonic() + 10
        while sum(batches) < BURST and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.5)  # anything still to come
        title = "in one transaction (bulk tag)" if kind == "one" else "in 1,000 transactions (moves)"
        out.append(
            Result(
                f"live.burst.{kind}.{label}",
                f"{BURST:,} changes {title}: batches ({label})",
                "n",
                [float(len(batches))],
                "one refresh per change",
                [float(BURST)],
                Budget(max_ratio=0.05, text="≤ 5% of the changes"),
                note=f"{label} {kind}: {len(batches)} batches for {sum(batches):,} changes written in {wrote:.1f} s",
            )
        )
    watch.stop()
    writer.close()
    reader.close()
    return out


def measure(runs: int, log=_log, *, quick: bool = False, pg: str | None = None, seconds: float | None = None):
    seconds = seconds or (1.0 if quick else 5.0)
    runs = 2 if quick else max(3, runs)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        targets = [("sqlite", str(Path(tmp) / "live.db"))]
        pg = pg or os.environ.get("PIPELINE_TUI_TEST_PG_URL")
        if pg:
            targets.append(("postgresql", _fresh_pg(pg)))
        try:
            for label, url in targets:
                _store(url, "setup").close()
                log(f"  idle ({label})")
                results.append(idle_watch(url, label, seconds, runs))
                log(f"  arrival ({label})")
                results.append(arrival(url, label, 3 if quick else 10))
            log("  idle app (sqlite)")
            results.append(idle_app(targets[0][1], seconds, 1 if quick else 3))
            for label, url in targets:
                log(f"  bursts ({label})")
                results += bursts(url, label)
        finally:
            for _label, url in targets[1:]:
                _drop_pg(url)
    return results


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench live", description=__doc__.split("\n\n")[0])
    p.add_argument("--pg", default=None, help="a PostgreSQL server URL (a database is made and dropped)")
    p.add_argument("--seconds", type=float, default=5.0, help="seconds per idle sample")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args(argv)
    results = measure(args.runs, quick=args.quick, pg=args.pg, seconds=args.seconds)
    print(text_table(results))
    for r in results:
        if r.note:
            print(f"  {r.key}: {r.note}")
    return 0
