"""`--explain`: which SQL a store call ran, how long each statement took, and SQLite's plan for the slow ones.

Hooks SQLAlchemy's cursor events on the store's engine while a named measurement runs, then prints the
statements of each (slowest first) with EXPLAIN QUERY PLAN run on a separate raw connection.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import event

from bench.dataset import connect

SLOW = 0.002  # plans are printed for statements slower than this


class Tracer:
    def __init__(self, engine, path: Path) -> None:
        self.path = path
        self.current: str | None = None
        self.seen: dict[str, list[tuple[float, str, object]]] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def start(self, name: str) -> None:
        self.current = name

    def stop(self) -> None:
        self.current = None

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("bench_t0", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        t0 = conn.info["bench_t0"].pop()
        if self.current is not None:
            shown = "(executemany)" if executemany else parameters
            self.seen.setdefault(self.current, []).append((time.perf_counter() - t0, statement, shown))

    def report(self, log) -> None:
        raw = connect(self.path)
        try:
            for name, stmts in self.seen.items():
                total = sum(s[0] for s in stmts)
                log(f"\n[explain] {name}: {len(stmts)} statements, {total * 1000:.1f} ms in SQLite calls")
                for took, sql, params in sorted(stmts, key=lambda s: -s[0])[:6]:
                    log(f"  {took * 1000:8.2f} ms  {' '.join(sql.split())[:400]}")
                    if not isinstance(params, str):
                        log(f"             params {str(params)[:200]}")
                    if (
                        took >= SLOW
                        and sql.lstrip().upper().startswith("SELECT")
                        and not isinstance(params, str)
                    ):
                        try:
                            for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params or ()):
                                log(f"             plan: {row[3]}")
                        except Exception as exc:  # noqa: BLE001 - diagnostics only
                            log(f"             (no plan: {exc})")
        finally:
            raw.close()
