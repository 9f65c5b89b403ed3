"""Nurture sequences at scale (#14): the due queue's first page and enrolling 10,000 people at once.

A SQLite database with `--people` prospects (default 1,000,000) and `--enrollments` enrollments (default
100,000) in one three-step sequence is built with raw bulk SQL (INSERT ... SELECT from a counter, the
search triggers off while it goes in; the search index is left empty, nothing here searches): 70% of the
enrollments are active with one due touch, spread from 30 days overdue to 30 days ahead, the rest
completed with three done touches. 5% of the people are in a pool as "not interested", 2% are active
applicants, so the eligibility checks find something. The database is built under bench/.cache/ (never
committed) and copied once per run of this bench.

Measured, each beside a baseline from the same run:
- the due queue's first page (50 touches, oldest first) through `store.touches.due()`, beside the same
  query in raw sqlite3 (until the store's queue is on this branch: the queue's SQL through the store's
  engine with the messages rendered, as `due()` does). Budget < 50 ms.
- enrolling 10,000 people through `store.enrollments.enroll` (eligibility checks, one transaction), beside
  a raw sqlite3 bulk insert of the same enrollments and first touches without any checks. Budget < 1 s.
Each run enrolls a different 10,000 people, so no run finds the previous one's enrollments.

    python -m bench nurture                    # full size
    python -m bench nurture --people 100000    # small: enrollments default to a tenth of the people
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.dataset import CACHE, connect, scratch_copy
from bench.report import Budget, Result, text_table

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 9, 0)  # naive UTC, a Wednesday
TODAY = date(2026, 3, 4)
ENROLL = 10_000
PAGE = 50
SEQUENCE = "Bench warm-up"
POOL = "Bench pool"


def _log(message: str = "") -> None:
    print(message, file=sys.stderr, flush=True)


def build(path: Path, people: int, enrollments: int, log=_log) -> Path:
    """The template database (kept in bench/.cache/ and reused while its size matches)."""
    from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
    from pipeline_tui.store import Store

    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store.open(str(path), actor="bench")
    try:
        store.sequences.add(
            SequenceDraft(
                name=SEQUENCE,
                steps=(
                    StepDraft(
                        channel="email",
                        subject="Hi {{ first_name }}",
                        body="Hello {{ full_name }} at {{ company }}",
                    ),
                    StepDraft(channel="linkedin", wait_days=3, body="Following up, {{ first_name }}"),
                    StepDraft(channel="call", wait_days=2, business_days=True, body="Call {{ full_name }}"),
                ),
            )
        )
        store.pools.create_pool(POOL)
        store.jobs.create_job("Bench job")
    finally:
        store.close()
    conn = connect(path)
    try:
        _fill(conn, people, enrollments)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    log(
        f"  built {people:,} people, {enrollments:,} enrollments in {time.perf_counter() - started:.1f} s: {path}"
    )
    return path


def _fill(conn, people: int, enrollments: int) -> None:
    stamp = "2026-01-01 00:00:00.000000"
    (seq_id,) = conn.execute("SELECT id FROM sequence WHERE name = ?", (SEQUENCE,)).fetchone()
    (pool_id,) = conn.execute("SELECT id FROM pool WHERE name = ?", (POOL,)).fetchone()
    job_id, stage_id = conn.execute("SELECT job_id, id FROM stage ORDER BY position LIMIT 1").fetchone()
    counter = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    conn.execute("BEGIN")
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(
        "INSERT INTO candidate (full_name, email, current_company, current_title, location, consent_status, "
        "created_at, updated_at) " + counter + "SELECT 'Person ' || i, 'p' || i || '@example.org', "
        "'Company ' || (i % 5000), 'Engineer', 'Berlin', 'unknown', ?, ? FROM n",
        (people, stamp, stamp),
    )
    # Everyone past the enrolled ones is in the pool; 5% of them not interested.
    conn.execute(
        "INSERT INTO pool_member (pool_id, candidate_id, added_at, added_by, status) SELECT ?, id, ?, 'bench', "
        "CASE WHEN id % 20 = 0 THEN 'not_interested' ELSE 'new' END FROM candidate WHERE id > ?",
        (pool_id, stamp, enrollments),
    )
    conn.execute(
        "INSERT INTO application (candidate_id, job_id, stage_id, status, applied_at, stage_entered_at, rating, "
        "version, updated_at) SELECT id, ?, ?, 'active', ?, ?, 0, 1, ? FROM candidate WHERE id % 50 = 7",
        (job_id, stage_id, stamp, stamp, stamp),
    )
    conn.execute(
        "INSERT INTO enrollment (sequence_id, candidate_id, pool_id, status, enrolled_at, ended_at, actor) "
        "SELECT ?, id, ?, CASE WHEN id % 10 < 7 THEN 'active' ELSE 'completed' END, ?, "
        "CASE WHEN id % 10 < 7 THEN NULL ELSE ? END, 'bench' FROM candidate WHERE id <= ? AND id % 50 <> 7",
        (seq_id, pool_id, stamp, stamp, enrollments),
    )
    conn.execute(
        "INSERT INTO touch (enrollment_id, step, channel, due_on, status) SELECT id, 1 + id % 3, "
        "CASE id % 3 WHEN 0 THEN 'email' WHEN 1 THEN 'linkedin' ELSE 'call' END, "
        "date(?, (id % 61 - 30) || ' days'), 'due' FROM enrollment WHERE status = 'active'",
        (TODAY.isoformat(),),
    )
    for step, channel in ((1, "email"), (2, "linkedin"), (3, "call")):
        conn.execute(
            "INSERT INTO touch (enrollment_id, step, channel, due_on, status, done_at, delivery, subject, body) "
            "SELECT id, ?, ?, '2026-01-05', 'done', ?, 'manual', 'Hi', 'Hello' FROM enrollment "
            "WHERE status = 'completed'",
            (step, channel, stamp),
        )
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")


RAW_PAGE = """
SELECT t.id, t.enrollment_id, e.candidate_id, c.full_name, c.email, c.current_company, c.current_title,
  c.location, s.id, s.name, t.step, t.channel, t.due_on, p.name,
  coalesce(t.subject, ss.subject), coalesce(t.body, ss.body)
FROM touch t
JOIN enrollment e ON e.id = t.enrollment_id
JOIN candidate c ON c.id = e.candidate_id
JOIN sequence s ON s.id = e.sequence_id
LEFT JOIN sequence_step ss ON ss.sequence_id = e.sequence_id AND ss.position = t.step
LEFT JOIN pool p ON p.id = e.pool_id
WHERE t.status = 'due' AND t.due_on <= :today
ORDER BY t.due_on, t.id
LIMIT :page
"""


def _queue_page(store) -> tuple[str, object]:
    """What measures the first page: the store's queue when it exists, else its SQL through the store."""
    try:
        touches = store.touches
    except ImportError:
        touches = None
    if touches is not None:
        return "store.touches.due()", lambda: touches.due(now=NOW, zone=ZONE, limit=PAGE)
    from sqlalchemy import text

    from pipeline_tui.core.message_templates import render

    def page():
        with store.db.transaction() as s:
            rows = s.execute(text(RAW_PAGE), {"today": TODAY.isoformat(), "page": PAGE}).all()
        out = []
        for r in rows:
            values = {"first_name": r[3].split()[0], "full_name": r[3], "company": r[5] or ""}
            out.append((render(r[14], values), render(r[15], values)))
        return out

    return "queue SQL via the store's engine, rendered", page


def _timed(call) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = call()
    return time.perf_counter() - t0, value


def measure(template: Path, people: int, runs: int, log=_log) -> list[Result]:
    from pipeline_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-nurture-", dir=template.parent) as tmp:
        db = scratch_copy(template, Path(tmp) / "nurture.db")
        raw = connect(db)
        store = Store.open(str(db), actor="bench")
        try:
            (seq_id,) = raw.execute("SELECT id FROM sequence WHERE name = ?", (SEQUENCE,)).fetchone()
            (pool_id,) = raw.execute("SELECT id FROM pool WHERE name = ?", (POOL,)).fetchone()
            (first_free,) = raw.execute(
                "SELECT coalesce(max(candidate_id), 0) + 1 FROM enrollment"
            ).fetchone()
            title, page = _queue_page(store)
            queue, queue_raw = [], []
            for i in range(runs + 1):  # the first run warms up
                took, found = _timed(page)
                took_raw, raw_rows = _timed(
                    lambda: raw.execute(RAW_PAGE, {"today": TODAY.isoformat(), "page": PAGE}).fetchall()
                )
                if len(found) != PAGE or len(raw_rows) != PAGE:
                    raise RuntimeError(f"the first page has {len(found)} / {len(raw_rows)} rows, not {PAGE}")
                if i:
                    queue.append(took)
                    queue_raw.append(took_raw)
                log(f"  due page run {i}: {title} {took * 1000:.1f} ms, raw sqlite3 {took_raw * 1000:.2f} ms")
            enroll, enroll_raw, batches = [], [], iter(range(first_free, people + 1, ENROLL))
            for i in range(runs + 1):
                ids = list(range(next(batches), people + 1))[:ENROLL]
                t0 = time.perf_counter()
                result = store.enrollments.enroll(seq_id, ids, pool_id=pool_id, now=NOW, zone=ZONE)
                took = time.perf_counter() - t0
                raw_ids = list(range(next(batches), people + 1))[:ENROLL]
                took_raw = _raw_enroll(raw, seq_id, pool_id, raw_ids)
                if i:
                    enroll.append(took)
                    enroll_raw.append(took_raw)
                skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(result.skipped.items()))
                log(
                    f"  enroll run {i}: store {took:.3f} s ({result.enrolled:,} enrolled; skipped {skipped}), "
                    f"raw bulk insert {took_raw:.3f} s"
                )
        finally:
            store.close()
            raw.close()
    full = people >= 1_000_000
    return [
        Result(
            "nurture.due_page",
            f"Due queue: first page of {PAGE}",
            "s",
            queue,
            "raw sqlite3, same query",
            queue_raw,
            Budget(max_value=0.050, text="< 50 ms"),
            f"{title}; {people:,} prospects, touches due from 30 days overdue to 30 days ahead",
            full,
        ),
        Result(
            "nurture.enroll",
            f"Enroll {ENROLL:,} people",
            "s",
            enroll,
            "raw bulk insert, no checks",
            enroll_raw,
            Budget(max_value=1.0, text="< 1 s"),
            "store.enrollments.enroll: eligibility per person (erased, consent, active applicant, already "
            "active, not interested, e-mail), enrollments and first touches, one transaction",
            full,
        ),
    ]


def _raw_enroll(conn, seq_id: int, pool_id: int, ids: list[int]) -> float:
    """The same rows as enroll() writes, as two INSERT ... SELECT in one transaction, no checks."""
    import json

    at = NOW.strftime("%Y-%m-%d %H:%M:%S.000000")
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    (before,) = conn.execute("SELECT coalesce(max(id), 0) FROM enrollment").fetchone()
    conn.execute(
        "INSERT INTO enrollment (sequence_id, candidate_id, pool_id, status, enrolled_at, actor) "
        "SELECT ?, value, ?, 'active', ?, 'bench' FROM json_each(?)",
        (seq_id, pool_id, at, json.dumps(ids)),
    )
    conn.execute(
        "INSERT INTO touch (enrollment_id, step, channel, due_on, status) "
        "SELECT id, 1, 'email', ?, 'due' FROM enrollment WHERE id > ?",
        (TODAY.isoformat(), before),
    )
    conn.execute("COMMIT")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench nurture", description=__doc__.split("\n\n")[0])
    p.add_argument("--people", type=int, default=1_000_000, help="prospects (default 1,000,000)")
    p.add_argument("--enrollments", type=int, default=None, help="enrollments (default a tenth of --people)")
    p.add_argument("--runs", type=int, default=None, help="measured runs after one warm-up (default 5)")
    p.add_argument("--rebuild", action="store_true", help="build the database again")
    args = p.parse_args(argv)
    enrollments = args.enrollments if args.enrollments is not None else args.people // 10
    # Every run (and the warm-up) enrolls 10,000 people through the store and 10,000 raw, never the same.
    fits = (args.people - enrollments) // (2 * ENROLL) - 1
    args.runs = args.runs or min(5, fits)
    if args.runs < 1 or args.runs > fits:
        p.error(f"{args.people:,} people with {enrollments:,} enrolled leave room for {max(fits, 0)} runs")
    CACHE.mkdir(parents=True, exist_ok=True)
    template = CACHE / f"nurture-{args.people}-{enrollments}.db"
    if args.rebuild or not template.exists():
        _log(f"[nurture] building {template.name}")
        build(template, args.people, enrollments)
    started = time.perf_counter()
    results = measure(template, args.people, args.runs)
    print()
    print(
        f"nurture sequences, {args.people:,} prospects, {enrollments:,} enrollments, median of {args.runs} runs "
        "after one warm-up run" + ("" if args.people >= 1_000_000 else " (budgets judged at 1,000,000 only)")
    )
    print(text_table(results))
    for r in results:
        if r.note:
            print(f"  {r.key}: {r.note}")
    print(f"\n({time.perf_counter() - started:.0f} s measuring; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
