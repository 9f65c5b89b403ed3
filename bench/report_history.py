"""History `seed --bench` does not write, added to the reports bench's own copy of the dataset.

The seed writes applications with moves, rejections, withdrawals and hires, pools with members and logged
touches. The reports also read handoffs from pools, offers, nurture sequences and their touches, undone
changes, reopened applications and renamed stages: none of them are in the seeded file, so without them the
journey's handoff columns, the offer acceptance rate and the whole sequences report would be timed over
nothing. The bench therefore copies the dataset (the file it was given is only read, through SQLite's
backup API) and adds, with raw bulk SQL, in one transaction:

- handoffs: every "Sourced" application by a pool member comes from that pool (origin_pool_id, source
  "pool: NAME", its first event a 'handoff'); the member is converted and joined 7-96 days before;
- offers: accepted for every hire, sent for those in an offer stage now, declined / expired / rescinded for
  those who withdrew or were rejected there;
- three sequences of three steps; a sixth of the pool members enrolled over the last year (done, skipped,
  replied, opted-out and due touches; replies and opt-outs after step 1 or 2);
- one active application in 50 moved on and the move undone (a 'move' and its 'undo');
- one rejected application in 40 reopened two days after and rejected again a week later;
- the second stage of one job in five renamed since ("Recruiter screen"; the history says "Phone screen").

Not added: removed stages. A source of an older schema is upgraded in the copy first (as `pipeline-tui db
upgrade` would), and the planner's statistics of the tables written are made afresh afterwards (as `seed`
ends with ANALYZE). The copy lives in bench/.cache/ and is reused while the source file (path, size,
modification time), VERSION and the migrations are the same.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

from bench.dataset import CACHE

VERSION = 1
COUNTS = ("handoffs", "offers", "sequences", "enrollments", "touches", "undone moves", "reopens", "renamed")


def prepared(source: Path, log) -> tuple[Path, dict[str, int]]:
    """The enriched copy of `source` (made now, or reused) and what was added to it."""
    from pipeline_tui.store.database import Database

    CACHE.mkdir(parents=True, exist_ok=True)
    stat = source.stat()
    where = str(source.resolve())
    key = {
        "source": where,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "version": VERSION,
        "schema": _schema_digest(),
    }
    copy = CACHE / f"reports-{source.stem}-{hashlib.sha1(where.encode()).hexdigest()[:8]}.db"
    meta_path = copy.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = None
    if meta is not None and meta.get("key") == key and copy.exists():
        return copy, meta["added"]
    started = time.perf_counter()
    log(f"  copying {source} and adding the history the reports read ...")
    for p in (copy, meta_path, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        p.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(copy, isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        src.close()
        dst.close()
    # A source of an older schema: the copy is upgraded, as a user's file would be.
    Database.open(str(copy)).close()
    dst = sqlite3.connect(copy, isolation_level=None)
    try:
        added = add_history(dst)
    finally:
        dst.close()
    meta_path.write_text(json.dumps({"key": key, "added": added}, indent=2), encoding="utf-8")
    took = time.perf_counter() - started
    log(f"  {copy.name}: {', '.join(f'{k} {v:,}' for k, v in added.items())} ({took:.0f} s)")
    return copy, added


def _schema_digest() -> str:
    """What the migrations say (not only the head's name: a migration may still be amended before release)."""
    from pipeline_tui.store import migrations

    versions = Path(migrations.__file__).resolve().parent / "versions"
    digest = hashlib.sha1()
    for path in sorted(versions.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def add_history(conn: sqlite3.Connection) -> dict[str, int]:
    """Everything the module docstring lists, in one transaction; then fresh planner statistics."""
    (now,) = conn.execute("SELECT max(at) FROM stage_event").fetchone()
    conn.execute("BEGIN")
    added = {
        "handoffs": _handoffs(conn),
        "offers": _offers(conn),
        **_sequences(conn, now),
        "undone moves": _undone_moves(conn),
        "reopens": _reopens(conn, now),
        "renamed": conn.execute(
            "UPDATE stage SET name = 'Recruiter screen' WHERE position = 1 AND job_id % 5 = 1"
        ).rowcount,
    }
    conn.execute("COMMIT")
    for table in (
        "application",
        "stage_event",
        "pool_member",
        "offer",
        "sequence_step",
        "enrollment",
        "touch",
    ):
        conn.execute(f"ANALYZE {table}")
    return added


STAMP = "|| '.000000'"  # SQLite's datetime() has no fraction; stored times have six digits


def _handoffs(conn: sqlite3.Connection) -> int:
    n = conn.execute(
        "UPDATE application SET origin_pool_id = (SELECT min(m.pool_id) FROM pool_member m "
        "WHERE m.candidate_id = application.candidate_id) "
        "WHERE source = 'Sourced' AND candidate_id IN (SELECT candidate_id FROM pool_member)"
    ).rowcount
    conn.execute(
        "UPDATE application SET source = 'pool: ' || (SELECT p.name FROM pool p WHERE p.id = origin_pool_id) "
        "WHERE origin_pool_id IS NOT NULL"
    )
    conn.execute(
        "UPDATE stage_event SET action = 'handoff', note = (SELECT a.source FROM application a "
        "WHERE a.id = stage_event.application_id) WHERE action = 'applied' "
        "AND application_id IN (SELECT id FROM application WHERE origin_pool_id IS NOT NULL)"
    )
    conn.execute(
        "UPDATE pool_member SET status = 'converted', added_at = min(added_at, (SELECT datetime(min(a.applied_at), "
        f"'-' || (7 + pool_member.candidate_id % 90) || ' days') {STAMP} FROM application a "
        "WHERE a.origin_pool_id = pool_member.pool_id AND a.candidate_id = pool_member.candidate_id)) "
        "WHERE (pool_id, candidate_id) IN (SELECT origin_pool_id, candidate_id FROM application "
        "WHERE origin_pool_id IS NOT NULL)"
    )
    return n


def _changed(conn: sqlite3.Connection, sql: str, params: dict | None = None) -> int:
    """Rows written by one statement (a cursor's rowcount is -1 for one that starts WITH)."""
    before = conn.total_changes
    conn.execute(sql, params or {})
    return conn.total_changes - before


def _offers(conn: sqlite3.Connection) -> int:
    return _changed(
        conn,
        """
WITH into_offer AS (
    SELECT e.application_id, min(e.at) AS at FROM stage_event e JOIN stage s ON s.id = e.to_stage_id
    WHERE s.kind = 'offer' GROUP BY e.application_id
)
INSERT INTO offer (application_id, version, status, job_title, salary, currency, sent_at, resolved_at,
                   created_at, updated_at)
SELECT a.id, 1,
       CASE a.status WHEN 'hired' THEN 'accepted' WHEN 'withdrawn' THEN 'declined' WHEN 'active' THEN 'sent'
            ELSE CASE WHEN a.id % 2 = 0 THEN 'expired' ELSE 'rescinded' END END,
       j.title, 60000 + (a.id % 50) * 1000, 'EUR', coalesce(o.at, a.stage_entered_at),
       CASE WHEN a.status = 'active' THEN NULL ELSE a.updated_at END,
       coalesce(o.at, a.stage_entered_at), a.updated_at
FROM application a
JOIN stage cur ON cur.id = a.stage_id
JOIN job j ON j.id = a.job_id
LEFT JOIN into_offer o ON o.application_id = a.id
WHERE cur.kind = 'offer' OR a.status = 'hired'
ORDER BY a.id""",
    )


# Each enrollment's touches by h = (candidate_id / 6) % 100: (from h, to h, step, status, days after enrolling).
PLAN = """plan(lo, hi, step, status, days) AS (VALUES
    (0, 8, 1, 'done', 0), (0, 8, 2, 'replied', 2),
    (8, 12, 1, 'done', 0), (8, 12, 2, 'done', 3), (8, 12, 3, 'replied', 4),
    (12, 15, 1, 'done', 0), (12, 15, 2, 'opted_out', 1),
    (15, 20, 1, 'skipped', 0), (15, 20, 2, 'done', 3), (15, 20, 3, 'done', 5),
    (20, 60, 1, 'done', 0), (20, 60, 2, 'done', 3), (20, 60, 3, 'done', 5),
    (60, 90, 1, 'done', 0), (60, 90, 2, 'due', 3),
    (90, 100, 1, 'due', 0))"""


def _sequences(conn: sqlite3.Connection, now: str) -> dict[str, int]:
    conn.execute(
        "INSERT INTO sequence (name, description, created_at, updated_at, actor) VALUES "
        "('Bench: engineers', 'bench', :t, :t, 'bench'), ('Bench: designers', 'bench', :t, :t, 'bench'), "
        "('Bench: sales', 'bench', :t, :t, 'bench')",
        {"t": now},
    )
    conn.execute(
        "INSERT INTO sequence_step (sequence_id, position, channel, wait_days, business_days, subject, body) "
        "SELECT s.id, p.pos, p.channel, p.wait, 0, 'Hi {{ first_name }}', 'Hello {{ full_name }}' "
        "FROM sequence s, (SELECT 1 AS pos, 'email' AS channel, 0 AS wait UNION ALL SELECT 2, 'linkedin', 3 "
        "UNION ALL SELECT 3, 'call', 2) p WHERE s.name LIKE 'Bench: %'"
    )
    enrollments = _changed(
        conn,
        f"""
WITH seqs AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM sequence WHERE name LIKE 'Bench: %'),
{PLAN},
people AS (
    SELECT candidate_id, min(pool_id) AS pool_id, (candidate_id / 6) % 100 AS h,
           datetime(:now, '-' || (10 + (candidate_id / 6) % 355) || ' days') {STAMP} AS at
    FROM pool_member WHERE candidate_id % 6 = 1 GROUP BY candidate_id
)
INSERT INTO enrollment (sequence_id, candidate_id, pool_id, status, stop_reason, enrolled_at, ended_at, actor)
SELECT s.id, p.candidate_id, p.pool_id,
       CASE WHEN p.h < 15 THEN 'stopped' WHEN p.h < 60 THEN 'completed' ELSE 'active' END,
       CASE WHEN p.h < 12 THEN 'replied' WHEN p.h < 15 THEN 'opted_out' END, p.at,
       CASE WHEN p.h < 60 THEN (SELECT datetime(p.at, '+' || max(days) || ' days') {STAMP} FROM plan
                                WHERE p.h >= plan.lo AND p.h < plan.hi) END,
       'bench'
FROM people p JOIN seqs s ON s.k = p.candidate_id % 3
ORDER BY p.candidate_id""",
        {"now": now},
    )
    touches = _changed(
        conn,
        f"""
WITH {PLAN}
INSERT INTO touch (enrollment_id, step, channel, due_on, status, done_at, delivery)
SELECT e.id, plan.step, CASE plan.step WHEN 1 THEN 'email' WHEN 2 THEN 'linkedin' ELSE 'call' END,
       date(e.enrolled_at, '+' || plan.days || ' days'), plan.status,
       CASE WHEN plan.status <> 'due' THEN datetime(e.enrolled_at, '+' || plan.days || ' days') {STAMP} END,
       CASE WHEN plan.status = 'done' THEN 'manual' END
FROM enrollment e
JOIN plan ON (e.candidate_id / 6) % 100 >= plan.lo AND (e.candidate_id / 6) % 100 < plan.hi
WHERE e.actor = 'bench'
ORDER BY e.id, plan.step""",
    )
    return {"sequences": 3, "enrollments": enrollments, "touches": touches}


def _undone_moves(conn: sqlite3.Connection) -> int:
    conn.execute(
        f"""
INSERT INTO stage_event (application_id, from_stage_id, to_stage_id, from_stage_name, to_stage_name, from_status,
                         to_status, action, prev_stage_entered_at, at, actor)
SELECT a.id, cur.id, nxt.id, cur.name, nxt.name, 'active', 'active', 'move', a.stage_entered_at,
       datetime(a.stage_entered_at, '+1 hours') {STAMP}, 'bench (undone)'
FROM application a
JOIN stage cur ON cur.id = a.stage_id
JOIN stage nxt ON nxt.job_id = cur.job_id AND nxt.position = cur.position + 1
WHERE a.status = 'active' AND a.id % 50 = 0 AND nxt.kind <> 'hired'
ORDER BY a.id"""
    )
    return conn.execute(
        f"""
INSERT INTO stage_event (application_id, from_stage_id, to_stage_id, from_stage_name, to_stage_name, from_status,
                         to_status, action, prev_stage_entered_at, undoes_event_id, at, actor)
SELECT m.application_id, m.to_stage_id, m.from_stage_id, m.to_stage_name, m.from_stage_name, 'active', 'active',
       'undo', m.at, m.id, datetime(m.at, '+5 minutes') {STAMP}, 'bench'
FROM stage_event m WHERE m.actor = 'bench (undone)' AND m.action = 'move'
ORDER BY m.id"""
    ).rowcount


def _reopens(conn: sqlite3.Connection, now: str) -> int:
    last_reject = (
        "SELECT a.id AS app, e.to_stage_id AS stage, e.to_stage_name AS name, e.reason_id, "
        "e.prev_stage_entered_at AS entered, e.at FROM application a JOIN stage_event e ON e.id = "
        "(SELECT max(x.id) FROM stage_event x WHERE x.application_id = a.id AND x.action = 'reject') "
        "WHERE a.status = 'rejected' AND a.id % 40 = 0 AND e.at < datetime(:now, '-10 days')"
    )
    columns = (
        "application_id, from_stage_id, to_stage_id, from_stage_name, to_stage_name, from_status, to_status, "
        "action, reason_id, prev_stage_entered_at, at, actor"
    )
    n = conn.execute(
        f"INSERT INTO stage_event ({columns}) SELECT app, stage, stage, name, name, 'rejected', 'active', "
        f"'reopen', NULL, entered, datetime(at, '+2 days') {STAMP}, 'bench' FROM ({last_reject}) ORDER BY app",
        {"now": now},
    ).rowcount
    conn.execute(
        f"INSERT INTO stage_event ({columns}) SELECT app, stage, stage, name, name, 'active', 'rejected', "
        f"'reject', reason_id, entered, datetime(at, '+9 days') {STAMP}, 'bench' FROM ({last_reject}) ORDER BY app",
        {"now": now},
    )
    conn.execute(
        "UPDATE application SET version = version + 2, updated_at = (SELECT max(e.at) FROM stage_event e "
        "WHERE e.application_id = application.id) WHERE id IN (SELECT application_id FROM stage_event "
        "WHERE action = 'reopen' AND actor = 'bench')"
    )
    return n
