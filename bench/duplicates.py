"""Possible duplicates at full size (issue 11): `people duplicates` and the pool browser's segment.

- first search: a fresh store's `duplicates.pairs(limit=50)`, what `pipeline-tui people duplicates --limit 50`
  runs (and the first open of the "Possible duplicates" segment): shared phones, then near names blocked by
  company and by location, with the people of each pair;
- segment page, searched: `prospects.count("duplicates")` + `prospects.page("duplicates", sort="name")` once
  the pairs are known (the segment opened again, paged, or counted in the side list).

Baselines, raw sqlite3 on the same file: for the first search, the SQL it cannot do without (the scan of
everyone's name, company and location, and the shared-phone GROUP BY over the phone index), fetched and
nothing else; for the page, the same page of the same people by a hand-written IN list.
"""

from __future__ import annotations

import json
import time

from bench.dataset import Dataset, connect
from bench.report import Budget, Result

LIMIT = 50
PAGE = 100
SCAN_SQL = (
    "SELECT id, full_name, current_company, location FROM candidate "
    "WHERE anonymised_at IS NULL AND (current_company IS NOT NULL OR location IS NOT NULL)"
)
PHONES_SQL = (
    "SELECT i.value, i.candidate_id, i.display FROM identity i JOIN candidate c ON c.id = i.candidate_id "
    "WHERE i.kind = 'phone' AND c.anonymised_at IS NULL AND i.value IN (SELECT value FROM identity "
    "WHERE kind = 'phone' AND value <> '' GROUP BY value HAVING count(*) > 1) ORDER BY i.value, i.candidate_id"
)
PAGE_SQL = (
    "SELECT c.id, c.full_name, c.email, c.current_title, c.current_company, c.location FROM candidate c "
    "WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.full_name, c.id LIMIT ?"
)


def raw_scan(conn) -> int:
    """The reads a duplicate search needs, fetched in raw sqlite3 and nothing done with them."""
    conn.execute("BEGIN")
    n = len(conn.execute(SCAN_SQL).fetchall()) + len(conn.execute(PHONES_SQL).fetchall())
    conn.execute("COMMIT")
    return n


def raw_page(conn, ids: list[int]) -> int:
    conn.execute("BEGIN")
    listed = json.dumps(ids)
    total = conn.execute("SELECT count(*) FROM json_each(?)", (listed,)).fetchone()[0]
    conn.execute(PAGE_SQL, (listed, PAGE)).fetchall()
    conn.execute("COMMIT")
    return total


def measure(dataset: Dataset, runs: int, log) -> list[Result]:
    from pipeline_tui.store import Store

    runs = min(runs, 2) if dataset.size.full else runs  # each first search reads a million people
    conn = connect(dataset.path)
    first, scan, page, raw = [], [], [], []
    try:
        for i in range(runs):
            store = Store.open(str(dataset.path), actor="bench")
            try:
                t0 = time.perf_counter()
                pairs = store.duplicates.pairs(LIMIT)
                first.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                total = store.prospects.count("duplicates")
                shown = store.prospects.page("duplicates", sort="name", limit=PAGE)
                page.append(time.perf_counter() - t0)
                everyone = store.duplicates.people()
            finally:
                store.close()
            t0 = time.perf_counter()
            raw_scan(conn)
            scan.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw_total = raw_page(conn, everyone)
            raw.append(time.perf_counter() - t0)
            if raw_total != total or len(shown) != min(PAGE, total) or not pairs:
                raise RuntimeError(f"segment shows {len(shown)} of {total}; raw count {raw_total}")
            log(f"  duplicates run {i}: first search {first[-1]:.2f} s ({len(pairs)} pairs shown, {total:,} "
                f"people in pairs), raw scan {scan[-1]:.2f} s; segment page {page[-1] * 1000:.0f} ms, "
                f"raw {raw[-1] * 1000:.0f} ms")  # fmt: skip
    finally:
        conn.close()
    people = dataset.facts.counts["candidate"]
    return [
        Result(
            "duplicates.first",
            f"Possible duplicates, first search ({people:,} people)",
            "s",
            first,
            "raw scan of names/places + phone GROUP BY",
            scan,
            Budget(max_value=2.0, text="< 2 s (issue 11 brief)"),
            f"a fresh store's duplicates.pairs(limit={LIMIT}) = `people duplicates --limit {LIMIT}`, the first "
            "open of the segment",
            dataset.size.full,
        ),
        Result(
            "duplicates.page",
            "Possible duplicates segment, count + page (searched)",
            "s",
            page,
            "raw count + page by IN list",
            raw,
            Budget(max_value=0.300, text="< 300 ms"),
            f"prospects.count + prospects.page(sort=name, limit={PAGE}) with the pairs known",
            dataset.size.full,
        ),
    ]
