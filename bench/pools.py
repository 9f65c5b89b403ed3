"""The talent-pool browser's queries, through the store calls its screen makes, beside raw sqlite3.

- first page of the largest pool: `prospects.count(pool)` + `prospects.page(pool, sort="name", limit=100)`
  (what selecting a pool in the side list runs; the table's page is 100 rows);
- free-text search over all candidates: the same two calls with the query bar's text (`data berlin`, the last
  word a prefix as while typing);
- two-tag filter over all candidates: `tag:A tag:B` with the two most used tags;
- bulk-tag 10,000 prospects of the largest pool: `tags.tag(ids, [name])`, one transaction.

Baselines: the SQL each call sent, replayed in raw sqlite3 on the same file (bench/replay.py): the same
queries, without SQLAlchemy and record building; for bulk-tag, the tag row and 10,000 link INSERTs by
`executemany` in one transaction. Hand-written SQL for each read checks that the store's answers are right
(same count, same first page). Bulk-tag links are deleted again after each run.

Screen level: the real app in-process, `t` from the board until the browser is drawn and a search until it is
drawn, beside the SQL they sent, replayed.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.dataset import Dataset, connect
from bench.replay import Recorder, replay
from bench.report import Budget, Result

PAGE = 100
BULK = 10_000
SEARCH = "data berlin"
BULK_TAG = "Bench bulk tag"
BUDGET = Budget(max_ratio=3.0, max_value=0.050, text="<= 3x, < 50 ms")
OPEN_BUDGET = Budget(max_value=0.300, text="< 300 ms")  # issue 9: `t` to a drawn pool browser
SEARCH_SCREEN_BUDGET = Budget(max_value=0.100, text="< 100 ms")  # issue 9: a search submitted to drawn
QUIET = 0.1  # no new frame for this long (and no store work running): the screen has settled
REPLAYED = "raw sqlite3, same SQL replayed"

COLUMNS = "c.id, c.full_name, c.email, c.current_title, c.current_company, c.location, c.last_contacted_at, c.source"
LATEST_STATUS = (
    "(SELECT pm.status FROM pool_member pm WHERE pm.candidate_id = c.id "
    "ORDER BY pm.added_at DESC, pm.pool_id DESC LIMIT 1)"
)
TAGS_SQL = (
    "SELECT ct.candidate_id, t.name FROM candidate_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.candidate_id IN ({marks}) ORDER BY t.name_key"
)


def _tags(conn: sqlite3.Connection, ids: list[int]) -> int:
    if not ids:
        return 0
    return len(conn.execute(TAGS_SQL.format(marks=",".join("?" * len(ids))), ids).fetchall())


def raw_pool_page(conn: sqlite3.Connection, pool_id: int) -> tuple[int, list]:
    conn.execute("BEGIN")
    total = conn.execute("SELECT count(*) FROM pool_member WHERE pool_id = ?", (pool_id,)).fetchone()[0]
    rows = conn.execute(
        f"SELECT {COLUMNS}, pm.status, pm.added_at FROM candidate c "
        "JOIN pool_member pm ON pm.candidate_id = c.id AND pm.pool_id = ? "
        "ORDER BY c.full_name, c.id LIMIT ?",
        (pool_id, PAGE),
    ).fetchall()
    _tags(conn, [r[0] for r in rows])
    conn.execute("COMMIT")
    return total, rows


def _all_page(conn: sqlite3.Connection, where: str, params: tuple) -> tuple[int, list]:
    conn.execute("BEGIN")
    total = conn.execute(f"SELECT count(*) FROM candidate c WHERE {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {COLUMNS}, {LATEST_STATUS}, c.created_at FROM candidate c WHERE {where} "
        "ORDER BY c.full_name, c.id LIMIT ?",
        (*params, PAGE),
    ).fetchall()
    _tags(conn, [r[0] for r in rows])
    conn.execute("COMMIT")
    return total, rows


def raw_search(conn: sqlite3.Connection, fts: str) -> tuple[int, list]:
    return _all_page(conn, "c.id IN (SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH ?)", (fts,))


def raw_two_tags(conn: sqlite3.Connection, key_a: str, key_b: str) -> tuple[int, list]:
    has = "c.id IN (SELECT ct.candidate_id FROM candidate_tag ct JOIN tag t ON t.id = ct.tag_id WHERE t.name_key = ?)"
    return _all_page(conn, f"{has} AND {has}", (key_a, key_b))


def raw_bulk_tag(conn: sqlite3.Connection, ids: list[int], name: str, key: str) -> None:
    conn.execute("BEGIN")
    conn.execute("INSERT OR IGNORE INTO tag (name, name_key) VALUES (?, ?)", (name, key))
    tag_id = conn.execute("SELECT id FROM tag WHERE name_key = ?", (key,)).fetchone()[0]
    conn.executemany(
        "INSERT INTO candidate_tag (candidate_id, tag_id) VALUES (?, ?)", [(i, tag_id) for i in ids]
    )
    conn.execute("COMMIT")


def drop_tag(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("BEGIN")
    conn.execute("DELETE FROM candidate_tag WHERE tag_id IN (SELECT id FROM tag WHERE name_key = ?)", (key,))
    conn.execute("DELETE FROM tag WHERE name_key = ?", (key,))
    conn.execute("COMMIT")


def measure(dataset: Dataset, runs: int, log, *, explain: bool = False) -> list[Result]:
    from pipeline_tui.core.query import parse_query
    from pipeline_tui.core.validation import tag_key
    from pipeline_tui.store import Store
    from pipeline_tui.store.search import fts5_expression

    facts = dataset.facts
    pool = facts.largest_pool
    tag_a, tag_b = facts.top_tags[:2]
    two_tags = f'tag:"{tag_a}" tag:"{tag_b}"'
    parsed_search = parse_query(SEARCH)
    fts = fts5_expression(parsed_search)
    key_a, key_b = tag_key(tag_a), tag_key(tag_b)
    bulk_key = tag_key(BULK_TAG)
    conn = connect(dataset.path)
    store = Store.open(str(dataset.path), actor="bench")
    tracer = None
    if explain:
        from bench.explain import Tracer

        tracer = Tracer(store.db.engine, dataset.path)
    ids = [r[0] for r in conn.execute(
        "SELECT candidate_id FROM pool_member WHERE pool_id = ? ORDER BY candidate_id LIMIT ?", (pool, BULK)
    )]  # fmt: skip
    t: dict[str, list[float]] = {}

    recorder = Recorder(store.db.engine)

    def timed(name: str, fn, keep: bool, *, replayed: bool = False):
        """Time fn; with `replayed`, also time the SQL it sent, replayed in raw sqlite3 (`raw_<name>`)."""
        t0 = time.perf_counter()
        value = recorder.record(fn) if replayed else fn()
        took = time.perf_counter() - t0
        if keep:
            t.setdefault(name, []).append(took)
            if replayed:
                t.setdefault(f"raw_{name}", []).append(replay(conn, recorder.statements))
        return value

    def store_page(view, query):
        total = store.prospects.count(view, query)
        return total, store.prospects.page(view, query, sort="name", limit=PAGE)

    checks: dict[str, tuple[int, int]] = {}
    drop_tag(conn, bulk_key)
    try:
        for i in range(runs + 1):
            keep = i > 0
            if tracer and i == runs:
                tracer.start("pools.first_page")
            s_total, s_rows = timed("page", lambda: store_page(pool, ""), keep, replayed=True)
            if tracer and i == runs:
                tracer.start("pools.search")
            q_total, q_rows = timed("search", lambda: store_page("all", SEARCH), keep, replayed=True)
            if tracer and i == runs:
                tracer.start("pools.two_tags")
            g_total, g_rows = timed("tags", lambda: store_page("all", two_tags), keep, replayed=True)
            if tracer and i == runs:
                tracer.start("pools.bulk_tag")
            result = timed("bulk", lambda: store.tags.tag(ids, [BULK_TAG]), keep)
            if tracer:
                tracer.stop()
            assert result.changed == len(ids), result
            drop_tag(conn, bulk_key)
            r_total, r_rows = raw_pool_page(conn, pool)  # hand-written SQL: a cross-check
            rq_total, rq_rows = raw_search(conn, fts)
            rg_total, rg_rows = raw_two_tags(conn, key_a, key_b)
            timed("raw_bulk", lambda: raw_bulk_tag(conn, ids, BULK_TAG, bulk_key), keep)
            drop_tag(conn, bulk_key)
            # Same answers, or the comparison means nothing.
            for what, ours, theirs in (
                ("first page", (s_total, [r.id for r in s_rows]), (r_total, [r[0] for r in r_rows])),
                ("search", (q_total, [r.id for r in q_rows]), (rq_total, [r[0] for r in rq_rows])),
                ("two tags", (g_total, [r.id for r in g_rows]), (rg_total, [r[0] for r in rg_rows])),
            ):
                if ours != theirs:
                    raise RuntimeError(
                        f"pools {what}: store and raw SQL disagree ({ours[0]} vs {theirs[0]} rows)"
                    )
            checks = {
                "page": (s_total, len(s_rows)),
                "search": (q_total, len(q_rows)),
                "tags": (g_total, len(g_rows)),
            }
        screen = asyncio.run(_screen(dataset, store, conn, recorder, runs, checks["search"][0], log))
    finally:
        drop_tag(conn, bulk_key)
        recorder.close()
        if tracer:
            tracer.report(log)
        store.close()
        conn.close()
    size = dataset.size.full
    return [
        Result("pools.first_page", "Pools: first page of largest pool", "s", t["page"], REPLAYED, t["raw_page"], BUDGET, f"{facts.largest_pool_name!r}: {checks['page'][0]:,} members, "
               f"count + {PAGE} rows by name + their tags", size),
        Result("pools.search", "Pools: free-text search (all)", "s", t["search"], REPLAYED,
               t["raw_search"], BUDGET, f"{SEARCH!r} over {facts.counts['candidate']:,} people: "
               f"{checks['search'][0]:,} match; count + first page", size),
        Result("pools.two_tags", "Pools: two-tag filter (all)", "s", t["tags"], REPLAYED,
               t["raw_tags"], BUDGET, f"{two_tags}: {checks['tags'][0]:,} match; count + first page", size),
        Result("pools.open.screen", "Pools: t from board to browser drawn", "s", screen["open"],
               REPLAYED, screen["raw_open"], OPEN_BUDGET,
               "frame, all candidates: count and first page drawn (side counts and preview follow in "
               f"workers; settled, {facts.counts['pool']:,} pool counts in: "
               f"{_median_ms(screen['open_settled'])})", size),
        Result("pools.search.screen", "Pools: search applied, drawn (screen)", "s", screen["search"],
               REPLAYED, screen["raw_search"], SEARCH_SCREEN_BUDGET, f"{SEARCH!r} submitted to its first "
               f"page drawn (settled, preview in: {_median_ms(screen['search_settled'])})", size),
        Result("pools.bulk_tag", "Pools: bulk-tag 10,000 prospects", "s", t["bulk"], "raw executemany, 1 txn",
               t["raw_bulk"], BUDGET, f"{len(ids):,} people of the largest pool, one new tag", size),
    ]  # fmt: skip


def _median_ms(values: list[float]) -> str:
    return f"{sorted(values)[len(values) // 2] * 1000:.0f} ms" if values else "n/a"


def _rows_shown(app, total: int) -> bool:
    """The browser shows `total` people and the first page of them is at hand (so this frame draws rows)."""
    screen = app.screen
    if type(screen).__name__ != "PoolsScreen":
        return False
    table = screen.query_one("#prospects")
    return table.total == total and table.row_at(0) is not None


async def _screen(
    dataset: Dataset, store, conn, recorder, runs: int, search_total: int, log
) -> dict[str, list[float]]:
    """The real app in-process at 120x40: `t` from the board to the pool browser drawn (frame, all candidates'
    count and first page; the side list's counts and the preview follow in workers), then a search applied
    (the query bar's value set and submitted, as Enter does) until its first page is drawn. Each is also
    timed until the screen settles (no new frame for QUIET s): everything filled in. A fresh app per run,
    so `t` always builds the screen."""
    from textual.worker import WorkerState

    from pipeline_tui.app import PipelineApp
    from pipeline_tui.config import Settings

    UNFINISHED = (WorkerState.PENDING, WorkerState.RUNNING)  # noqa: N806
    full = dataset.size.full
    everyone = dataset.facts.counts["candidate"]
    keys = ("open", "search", "raw_open", "raw_search", "open_settled", "search_settled")
    out: dict[str, list[float]] = {k: [] for k in keys}
    for i in range(runs + 1 if full else runs):
        with tempfile.TemporaryDirectory(prefix="bench-pools-") as tmp:
            app = PipelineApp(store, Settings(db=str(dataset.path), state_file=Path(tmp) / "state.json"))
            frames: list[float] = []
            shown: list[tuple[int, float]] = []  # (total shown, when) of frames that drew rows
            display = app._display

            def timed_display(
                screen, renderable, display=display, frames=frames, shown=shown, app=app
            ) -> None:
                display(screen, renderable)
                now = time.perf_counter()
                frames.append(now)
                for total in (everyone, search_total):
                    if _rows_shown(app, total):
                        shown.append((total, now))

            app._display = timed_display  # type: ignore[method-assign]

            async def settled(t0: float, ready=lambda: True, frames=frames, timeout: float = 60.0) -> float:
                """Seconds from t0 to the last frame, once `ready()` and no frame came for QUIET s."""
                while True:
                    await asyncio.sleep(0.01)
                    now = time.perf_counter()
                    last = frames[-1] if frames else 0.0
                    if last > t0 and now - last >= QUIET and ready():
                        return last - t0
                    if now - t0 > timeout:
                        raise TimeoutError("the pool browser did not settle")

            def idle(total: int, app=app) -> bool:
                """Rows of `total` drawn and no store work left running (counts and preview are in)."""
                return _rows_shown(app, total) and not any(w.state in UNFINISHED for w in app.workers)

            def first_rows(t0: float, total: int, settled: float, shown=shown) -> float:
                """To the first frame drawn with rows of `total` (the settled time if none was seen)."""
                return next((when - t0 for n, when in shown if n == total and when > t0), settled)

            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                await settled(time.perf_counter() - 1)
                t0 = time.perf_counter()
                recorder.statements, recorder.active = [], True
                await pilot.press("t")
                open_settled = await settled(t0, lambda: idle(everyone))
                opened = first_rows(t0, everyone, open_settled)
                recorder.active = False
                raw_open = replay(conn, recorder.statements)
                screen = app.screen
                table = screen.query_one("#prospects")
                if type(screen).__name__ != "PoolsScreen" or table.total != everyone:
                    raise RuntimeError(f"t did not show all {everyone:,} candidates")
                from textual.widgets import Input

                query = screen.query_one("#query", Input)
                t0 = time.perf_counter()
                recorder.statements, recorder.active = [], True
                query.value = SEARCH
                await query.action_submit()
                search_settled = await settled(t0, lambda: idle(search_total))
                searched = first_rows(t0, search_total, search_settled)
                recorder.active = False
                raw_search = replay(conn, recorder.statements)
                if table.total != search_total:
                    raise RuntimeError(f"search showed {table.total} people, expected {search_total}")
        if i > 0 or not full:
            for key, value in zip(
                keys, (opened, searched, raw_open, raw_search, open_settled, search_settled), strict=True
            ):
                out[key].append(value)
        log(f"  pools screen run {i}{' (warm-up)' if full and not i else ''}: t to first page drawn "
            f"{opened * 1000:.0f} ms (settled {open_settled * 1000:.0f} ms), search to drawn "
            f"{searched * 1000:.0f} ms (settled {search_settled * 1000:.0f} ms)")  # fmt: skip
    return out


def screen_only(path: Path, runs: int = 3) -> None:
    """`python -m bench.pools DB [RUNS]`: only the two on-screen figures, on a copy of a built dataset (its
    `.json` beside it). For profiling the browser without the whole suite."""
    import json

    from bench.dataset import FULL, Facts
    from pipeline_tui.store import Store

    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    dataset = Dataset(FULL, path, 0.0, "", "", Facts(**meta["facts"]))
    conn = connect(path)
    store = Store.open(str(path), actor="bench")
    recorder = Recorder(store.db.engine)
    try:
        search_total = store.prospects.count("all", SEARCH)
        out = asyncio.run(_screen(dataset, store, conn, recorder, runs, search_total, print))
    finally:
        recorder.close()
        store.close()
        conn.close()
    for key, values in out.items():
        values = sorted(values)
        print(
            f"{key:>15}: median {values[len(values) // 2] * 1000:.0f} ms  ({', '.join(f'{v * 1000:.0f}' for v in values)})"
        )


if __name__ == "__main__":
    import sys

    screen_only(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
