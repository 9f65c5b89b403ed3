"""Importing a CSV of prospects through the project's import API, beside raw sqlite3 `executemany`.

The file is what a LinkedIn-style export looks like (first and last name, e-mail, phone, title, company,
location, profile URL), 100,000 rows at full size, all new people. Each run starts from a fresh copy of an
empty database at the current schema:

- import: `services.imports.import_prospects(store, FILE, pool="Bench import")`, the call behind
  `pipeline-tui import prospects FILE --pool NAME`: reading and recognising the file, validating each row,
  duplicate checks, batched transactions, pool membership and the full-text index;
- baseline: plain Python reading the same file with `csv.reader` and sqlite3 `executemany` of the same
  people, their identities (e-mail, phone, LinkedIn: the rows the import writes since schema 0004) and pool
  memberships into the copy, in one transaction, with the search-index triggers dropped first (plain
  inserts, nothing else).

Also the source of the seed measurement's baseline (raw insert rate in rows/s).
"""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.dataset import Dataset, connect, scratch_copy
from bench.report import Budget, Result

FIRST = ("Anna", "Ben", "Chiara", "Dawid", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kaja", "Luca",
         "Maya", "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe")  # fmt: skip
LAST = ("Meyer", "Kowalski", "Rossi", "Jansen", "Dubois", "Garcia", "Novak", "Berg", "Silva", "Weber",
        "Costa", "Nowak", "Moreau", "Fischer", "Bianchi", "Smit", "Lopez", "Horvat", "Lind", "Keller")  # fmt: skip
TITLES = ("Backend Engineer", "Senior Data Engineer", "Product Designer", "Engineering Manager", "SRE",
          "Account Executive", "Data Analyst", "Frontend Engineer", "Staff Engineer", "Recruiter")  # fmt: skip
CITIES = ("Berlin", "Amsterdam", "Lisbon", "Warsaw", "Paris", "London", "Vienna", "Remote")
HEADERS = [
    "First Name",
    "Last Name",
    "Email Address",
    "Phone",
    "Title",
    "Company",
    "Location",
    "LinkedIn Profile",
]
POOL = "Bench import"


def write_csv(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for i in range(n):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            w.writerow([
                first, last, f"{first}.{last}.{i}@import.example.org".lower(),
                f"+49 30 {rng.randint(1000000, 9999999)}", rng.choice(TITLES), f"Company {rng.randint(1, 5000)}",
                rng.choice(CITIES), f"https://www.linkedin.com/in/{first}-{last}-{i}".lower(),
            ])  # fmt: skip


def raw_import(db: Path, csv_path: Path) -> int:
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        people = [
            (
                i,
                f"{r[0]} {r[1]}",
                r[2].strip().lower(),
                r[3],
                r[6],
                r[4],
                r[5],
                r[7],
                "import",
                "unknown",
                now,
                now,
            )
            for i, r in enumerate(reader, start=1)
        ]
    conn = connect(db)
    try:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO pool (id, name, created_at) VALUES (1, ?, ?)", (POOL, now))
        conn.executemany(
            "INSERT INTO candidate (id, full_name, email, phone, location, current_title, current_company, "
            "linkedin_url, source, consent_status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        conn.executemany(
            "INSERT INTO pool_member (pool_id, candidate_id, added_at, added_by, status) VALUES (1, ?, ?, 'bench', 'new')",
            [(p[0], now) for p in people],
        )
        # The same identity rows the import writes (e-mail, phone, LinkedIn), canonical forms made the plain way.
        conn.executemany(
            "INSERT INTO identity (candidate_id, kind, value, display, is_primary, created_at) VALUES (?,?,?,?,1,?)",
            [
                row
                for p in people
                for row in (
                    (p[0], "email", p[2], p[2], now),
                    (p[0], "phone", "+" + "".join(c for c in p[3] if c.isdigit()), p[3], now),
                    (p[0], "linkedin", p[7].lower().split("://", 1)[-1].removeprefix("www."), p[7], now),
                )
            ],
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(people)


def _empty_template(path: Path) -> Path:
    from pipeline_tui.store.database import Database

    Database.open(str(path)).close()
    conn = connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _without_search_triggers(path: Path) -> None:
    conn = connect(path)
    try:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
    finally:
        conn.close()


def measure(dataset: Dataset, runs: int, log) -> tuple[list[Result], float]:
    """Returns the results and the baseline's raw insert rate (table rows per second: people, identities and
    pool memberships) for the seed comparison."""
    from pipeline_tui.services.imports import import_prospects
    from pipeline_tui.store import Store

    n = dataset.size.import_rows
    runs = min(runs, 2) if dataset.size.full else runs  # 100,000 rows: CPU-bound, no warm-up needed
    ours: list[float] = []
    base: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-", dir=dataset.path.parent) as tmp:
        tmpdir = Path(tmp)
        csv_path = tmpdir / "prospects.csv"
        write_csv(csv_path, n)
        template = _empty_template(tmpdir / "template.db")
        for i in range(runs):
            target = scratch_copy(template, tmpdir / "import.db")
            store = Store.open(str(target), actor="bench")
            try:
                t0 = time.perf_counter()
                result = import_prospects(store, csv_path, pool=POOL)
                took = time.perf_counter() - t0
            finally:
                store.close()
            if result.report.created != n or result.report.failed:
                raise RuntimeError(
                    f"import created {result.report.created} of {n} ({len(result.report.failed)} failed)"
                )
            target = scratch_copy(template, tmpdir / "raw.db")
            _without_search_triggers(target)
            t0 = time.perf_counter()
            written = raw_import(target, csv_path)
            raw = time.perf_counter() - t0
            assert written == n
            ours.append(took)
            base.append(raw)
            log(f"  import run {i}: import {took:.2f} s "
                f"({n / took:,.0f} rows/s), raw executemany {raw:.2f} s ({n / raw:,.0f} rows/s)")  # fmt: skip
    med_raw = statistics.median(base)
    results = [
        Result(
            "import.csv",
            f"Import {n:,} CSV rows (prospects)",
            "s",
            ours,
            "raw csv + executemany, 1 txn",
            base,
            Budget(max_ratio=3.0, text="<= 3x"),
            f"import_prospects into an empty DB, pool + FTS index; {n / statistics.median(ours):,.0f} rows/s "
            f"vs {n / med_raw:,.0f} rows/s raw",
            dataset.size.full,
        )
    ]
    return results, 5 * n / med_raw  # per person: the candidate, 3 identities and the membership
