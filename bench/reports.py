"""The reports (issue 15) at full size: each one through the store beside its own SQL in raw sqlite3.

For each of the seven reports, for every job and for the largest job (sequences are not per job), over all
time and over the last 90 days (ending on the dataset's last day, in Europe/Berlin):
`store.reports.<report>(filter, zone)` is timed beside exactly the statements that report runs
(`store/reports/<module>.statements(dialect, filter, zone)`, parameters through `dialect.driver_params`)
executed in raw sqlite3 on the same file, every row fetched, one transaction. The two alternate within each
run; the figure is the median of --runs after one warm-up run. Budget (issue 15): < 500 ms each at full size.
Each note also gives the CPU time of the measuring thread (`time.thread_time`, where SQLite runs), store and
raw: on a shared machine it moves far less with the load than the wall-clock figure the budget judges.
The Reports screen is measured by bench/reports_screen.py.

The database is a copy of the dataset with the history the seed does not write (handoffs, offers, sequences,
undone changes, reopens, renamed stages: bench/report_history.py); `--as-seeded` measures the file as it is,
opened read-only.

    python -m bench reports                         # the cached full dataset
    python -m bench reports --db /tmp/bench15.db    # a dataset built elsewhere with `seed --bench`
    python -m bench reports --quick                 # seconds; the numbers are not judged
"""

from __future__ import annotations

import importlib
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.report import Budget, Result

ZONE = ZoneInfo("Europe/Berlin")
BUDGET = Budget(max_value=0.500, text="< 500 ms")
RANGE_DAYS = 90


@dataclass(frozen=True)
class Report:
    """One report: its CLI name, the store method and the module whose `statements` it runs."""

    kind: str
    title: str
    method: str
    module: str
    per_job: bool = True


REPORTS = (
    Report("funnel", "Funnel", "funnel", "funnel"),
    Report("stages", "Time in stage", "stage_times", "stage_times"),
    Report("hiring", "Hiring", "hiring", "hiring"),
    Report("sources", "Sources", "sources", "sources"),
    Report("rejections", "Rejection reasons", "rejections", "rejections"),
    Report("journey", "Pool journey", "journey", "journey"),
    Report("sequences", "Sequences", "sequences", "sequence_steps", per_job=False),
)


@dataclass(frozen=True)
class Scope:
    """Which applications a measurement reads: a job (or all) and a range of days (or all time)."""

    key: str
    label: str
    job_id: int | None
    start: date | None
    end: date | None

    def filter(self):
        from pipeline_tui.core.report_range import ReportFilter

        return ReportFilter(job_id=self.job_id, start=self.start, end=self.end)


def last_day(conn: sqlite3.Connection) -> date:
    """The dataset's last local day: its latest stage event (a cached dataset may be months old)."""
    (at,) = conn.execute("SELECT max(at) FROM stage_event").fetchone()
    moment = datetime.fromisoformat(at).replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZONE).date()


def scopes(job_id: int, job_title: str, today: date) -> list[Scope]:
    start = today - timedelta(days=RANGE_DAYS - 1)
    last = f"last {RANGE_DAYS} days"
    return [
        Scope("all.all", "all jobs, all time", None, None, None),
        Scope(f"all.{RANGE_DAYS}", f"all jobs, {last}", None, start, today),
        Scope("job.all", f"largest job ({job_title}), all time", job_id, None, None),
        Scope(f"job.{RANGE_DAYS}", f"largest job, {last}", job_id, start, today),
    ]


def read_only(path: Path) -> sqlite3.Connection:
    """A raw sqlite3 connection that cannot write, with the pragmas the store sets on its connections."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def raw_run(conn: sqlite3.Connection, dialect, report: Report, f) -> tuple[float, int]:
    """Seconds to run the report's own statements in raw sqlite3 (one transaction, every row fetched), and
    how many rows they gave."""
    module = importlib.import_module(f"pipeline_tui.store.reports.{report.module}")
    statements = module.statements(dialect, f, ZONE)
    rows = 0
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    for st in statements:
        rows += len(conn.execute(st.sql, dialect.driver_params(st.params)).fetchall())
    conn.execute("COMMIT")
    return time.perf_counter() - t0, rows


def size_of(payload) -> str:
    if isinstance(payload, list | tuple):
        return f"{len(payload):,} row{'' if len(payload) == 1 else 's'}"
    return "1 record"


def open_store(path: Path, *, writable: bool):
    from pipeline_tui.store import Store
    from pipeline_tui.store.database import Database

    return Store(Database.open(str(path), actor="bench", read_only=not writable))


def measure_store(
    path: Path, job: tuple[int, str], runs: int, log, *, full: bool, writable: bool
) -> list[Result]:
    """Every report in every scope, store call beside raw sqlite3 (see the module docstring)."""
    store = open_store(path, writable=writable)
    conn = read_only(path)
    results: list[Result] = []
    try:
        dialect = store.db.dialect
        today = last_day(conn)
        for report in REPORTS:
            call = getattr(store.reports, report.method)
            for scope in scopes(*job, today):
                if scope.job_id is not None and not report.per_job:
                    continue  # sequences are not per job (the CLI refuses --job for them)
                f = scope.filter()
                took, raw, cpu, raw_cpu, shape = [], [], [], [], ""
                for i in range(runs + 1):  # run 0 warms the page cache; not counted
                    c0, t0 = time.thread_time(), time.perf_counter()
                    payload = call(f, ZONE)
                    t1, c1 = time.perf_counter(), time.thread_time()
                    raw_took, raw_rows = raw_run(conn, dialect, report, f)
                    c2 = time.thread_time()
                    if i:
                        took.append(t1 - t0)
                        raw.append(raw_took)
                        cpu.append(c1 - c0)
                        raw_cpu.append(c2 - c1)
                    shape = f"{size_of(payload)} ({raw_rows:,} from SQL)"
                spent = f"CPU {_ms(cpu)} (raw {_ms(raw_cpu)})"
                log(
                    f"  {report.kind:<10} {scope.label:<44} store {_ms(took)}, raw sqlite3 {_ms(raw)}; "
                    f"{spent}: {shape}"
                )
                note = f"{shape}; {spent}" if scope.key == "all.all" else spent
                results.append(_result(report, scope, took, raw, note, full))
    finally:
        conn.close()
        store.close()
    return results


def _ms(samples: list[float]) -> str:
    import statistics

    return f"{statistics.median(samples) * 1000:.1f} ms"


def _result(report: Report, scope: Scope, took, raw, note: str, full: bool) -> Result:
    label = scope.label.split(" (")[0]
    if not report.per_job:
        label = label.replace("all jobs", "every sequence")
    return Result(
        f"reports.{report.kind}.{scope.key}",
        f"Report {report.title}: {label}",
        "s",
        took,
        "raw sqlite3, same SQL",
        raw,
        BUDGET,
        note,
        full,
    )


def measure(data, runs: int, log, *, as_seeded: bool = False, explain: bool = False) -> list[Result]:
    """The reports group of `python -m bench`: store calls, then the screen (bench/reports_screen.py)."""
    from bench import report_history, reports_screen

    if as_seeded:
        path, added = data.path, {}
    else:
        path, added = report_history.prepared(data.path, log)
    conn = read_only(path)
    try:
        job, today = _largest_job(conn), last_day(conn)
    finally:
        conn.close()
    full = data.size.full
    results = measure_store(path, job, runs, log, full=full, writable=not as_seeded)
    if explain:
        explain_plans(path, log)
    results += reports_screen.measure(path, job, runs, log, full=full, writable=not as_seeded)
    first = results[0]
    first.note = (
        f"each report through `store.reports.<report>(filter, zone)` beside its module's `statements()` run in "
        f"raw sqlite3; largest job: {job[1]}; last {RANGE_DAYS} days = "
        f"{today - timedelta(days=RANGE_DAYS - 1)}..{today} (the dataset's last day, {ZONE.key}); "
        f"{first.note}"
    )
    if added:
        first.note += "; history added to the copy measured (bench/report_history.py): " + ", ".join(
            f"{k} {v:,}" for k, v in added.items()
        )
    return results


def explain_plans(path: Path, log) -> None:
    """`--explain`: SQLite's plan of every report's statements (every job, all time)."""
    from pipeline_tui.core.report_range import ReportFilter
    from pipeline_tui.store.dialects import dialect_for

    dialect = dialect_for("sqlite")
    conn = read_only(path)
    try:
        for report in REPORTS:
            module = importlib.import_module(f"pipeline_tui.store.reports.{report.module}")
            for n, st in enumerate(module.statements(dialect, ReportFilter(), ZONE), 1):
                log(f"\n[explain] {report.kind} statement {n}: {' '.join(st.sql.split())[:300]} ...")
                for row in conn.execute("EXPLAIN QUERY PLAN " + st.sql, dialect.driver_params(st.params)):
                    log(f"  plan: {row[3]}")
    finally:
        conn.close()


def _largest_job(conn: sqlite3.Connection) -> tuple[int, str]:
    """The job with the most applications (all statuses: the report reads every one)."""
    return conn.execute(
        "SELECT j.id, j.title FROM job j JOIN application a ON a.job_id = j.id GROUP BY j.id "
        "ORDER BY count(*) DESC, j.id LIMIT 1"
    ).fetchone()
