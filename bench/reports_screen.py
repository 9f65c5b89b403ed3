"""The Reports screen drawn at full size: the real app in-process at 120x40 (`App.run_test`).

On the board (settled), `5` is pressed and timed until the first frame in which the first report's table
(rows in its DataTable) and chart (the ReportChart widget showing a chart) are drawn; then a switch to the
next report (`down` in the report list: time in stage) until its table and chart are drawn. Each is also
timed until the screen settles (no new frame for QUIET s, no store work left). The app's clock is pinned to
the dataset's last moment, so the screen's default range (last 365 days) ends on the dataset's last day.
A fresh app per run, so `5` always builds the screen; at full size run 0 is a warm-up (imports).

Baselines: the report's own SQL (every job, the last 365 days: the funnel, then time in stage) in raw
sqlite3, in the same run. Budget (issue 15): the screen drawn in < 1 s.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.report import Budget, Result

BUDGET = Budget(max_value=1.0, text="< 1 s")
QUIET = 0.1  # no new frame for this long: the screen has settled
SWITCH_KEY = "down"


def table_and_chart(app) -> tuple[object, ...] | None:
    """What the Reports screen shows when its table and chart are both drawn (the table's columns and first
    row, to tell one report from the next), else None."""
    from textual.widgets import DataTable

    if getattr(app, "current_mode", None) != "reports":
        return None
    screen = app.screen
    tables = [t for t in screen.query(DataTable) if t.display and t.row_count]
    charts = [c for c in screen.query("ReportChart") if c.display and _chart_drawn(c)]
    if not tables or not charts:
        return None
    table = tables[0]
    first = tuple(str(cell) for cell in table.get_row_at(0))
    return (tuple(str(c.label) for c in table.columns.values()), first, table.row_count)


def _chart_drawn(chart) -> bool:
    """A ReportChart given its spec (`show`) and laid out: its bars, or its one "nothing to chart" line."""
    region = chart.content_region
    return chart.spec is not None and region.width > 0 and region.height > 0


async def _one_run(path: Path, store, moment: datetime, log) -> dict[str, float]:
    from textual.worker import WorkerState

    from pipeline_tui.app import PipelineApp
    from pipeline_tui.config import Settings

    unfinished = (WorkerState.PENDING, WorkerState.RUNNING)
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        app = PipelineApp(store, Settings(db=str(path), state_file=Path(tmp) / "state.json"))
        app.clock = lambda: moment
        frames: list[tuple[float, object]] = []  # (when, what it showed: table_and_chart) of every frame
        display = app._display

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            frames.append((time.perf_counter(), table_and_chart(app)))

        app._display = timed_display  # type: ignore[method-assign]

        def idle() -> bool:
            return not any(w.state in unfinished for w in app.workers)

        async def settled(t0: float, ready, timeout: float = 60.0) -> float:
            """Seconds from t0 to the last frame, once that frame showed what `ready(seen)` wants, no frame
            came for QUIET s and no store work is left."""
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                last, seen = frames[-1] if frames else (0.0, None)
                if last > t0 and now - last >= QUIET and idle() and ready(seen):
                    return last - t0
                if now - t0 > timeout:
                    raise TimeoutError(f"the screen did not settle (mode {app.current_mode})")

        def first_drawn(t0: float, ready) -> float:
            """To the first frame after t0 that showed what `ready` wants."""
            return next(when - t0 for when, seen in frames if when > t0 and ready(seen))

        out: dict[str, float] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await settled(time.perf_counter() - 1, lambda seen: True)
            t0 = time.perf_counter()
            await pilot.press("5")
            out["open_settled"] = await settled(t0, lambda seen: seen is not None)
            out["open"] = first_drawn(t0, lambda seen: seen is not None)
            first = frames[-1][1]
            t0 = time.perf_counter()
            await pilot.press(SWITCH_KEY)
            out["switch_settled"] = await settled(t0, lambda seen: seen not in (None, first))
            out["switch"] = first_drawn(t0, lambda seen: seen not in (None, first))
    return out


def measure(path: Path, job: tuple[int, str], runs: int, log, *, full: bool, writable: bool) -> list[Result]:
    from bench.reports import REPORTS as ORDER
    from bench.reports import ZONE, last_day, open_store, raw_run, read_only
    from pipeline_tui.app import PipelineApp
    from pipeline_tui.core.report_range import RangePreset, ReportFilter, preset_range

    if "reports" not in PipelineApp.MODES:
        log("  Reports screen: not on this branch yet (no mode 'reports'): not measured")
        return []
    os.environ["PIPELINE_TUI_TZ"] = ZONE.key  # the screen's zone (user_zone()) is the store bench's
    conn = read_only(path)
    store = open_store(path, writable=writable)
    (at,) = conn.execute("SELECT max(at) FROM stage_event").fetchone()
    moment = datetime.fromisoformat(at).replace(tzinfo=None)
    start, end = preset_range(RangePreset.LAST_365, last_day(conn))
    first = ReportFilter(start=start, end=end)
    keys = ("open", "switch", "open_settled", "switch_settled", "raw", "raw_switch")
    out: dict[str, list[float]] = {k: [] for k in keys}
    try:
        for i in range(runs + 1 if full else runs):
            found = asyncio.run(_one_run(path, store, moment, log))
            found["raw"] = raw_run(conn, store.db.dialect, ORDER[0], first)[0]
            found["raw_switch"] = raw_run(conn, store.db.dialect, ORDER[1], first)[0]
            if i > 0 or not full:
                for key in keys:
                    out[key].append(found[key])
            log(f"  reports screen run {i}{' (warm-up)' if full and not i else ''}: 5 to table and chart "
                f"{found['open'] * 1000:.0f} ms (settled {found['open_settled'] * 1000:.0f} ms), next report "
                f"{found['switch'] * 1000:.0f} ms (settled {found['switch_settled'] * 1000:.0f} ms)")  # fmt: skip
    finally:
        store.close()
        conn.close()
    days = f"funnel of every job, last 365 days ({start}..{end})"
    med = {k: sorted(v)[len(v) // 2] for k, v in out.items()}
    return [
        Result("reports.screen.open", "Reports screen: 5 to first report drawn", "s", out["open"],
               "raw sqlite3, first report's SQL", out["raw"], BUDGET,
               f"key 5 on the board to the first frame with the table and chart of the {days}; settled "
               f"(no frame for {QUIET * 1000:.0f} ms, no store work) {med['open_settled'] * 1000:.0f} ms", full),
        Result("reports.screen.switch", "Reports screen: next report drawn", "s", out["switch"],
               "raw sqlite3, next report's SQL", out["raw_switch"], BUDGET,
               f"`{SWITCH_KEY}` in the report list to the next report's table and chart drawn; settled "
               f"{med['switch_settled'] * 1000:.0f} ms", full),
    ]  # fmt: skip
