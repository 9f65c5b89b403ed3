"""The stage board on the largest job: open it, move one applicant, undo — at two layers, beside raw sqlite3.

Store layer: exactly the calls the board screen makes (`jobs.get` + `jobs.stages` +
`applications.board(include_closed=True)` to open; `move_to_stage`; `undo_last_move`). Screen layer: the real
`PipelineApp` run in-process at 120x40 (`App.run_test`), timed from the call or key press to the last frame
the compositor renders before the app goes quiet; the database is checked after each step (committed).

Baselines (raw sqlite3, same file, same pragmas): for opening, the SQL the store sent, replayed with every row
fetched (bench/replay.py; a hand-written board query cross-checks the card count); for move and undo, the same
UPDATE of the application and INSERT of its stage_event in one transaction.

Writes are put back afterwards (events deleted, the application row restored), so the cached dataset does
not drift from run to run.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bench.dataset import Dataset, connect
from bench.replay import Recorder, replay
from bench.report import Budget, Result

ABS_MS = 0.050
STORE_BUDGET = Budget(max_ratio=3.0, max_value=ABS_MS, text="<= 3x, < 50 ms")
SCREEN_BUDGET = Budget(max_value=ABS_MS, text="< 50 ms")
QUIET = 0.1  # no new frame for this long: the screen has settled


@dataclass
class AppRow:
    """An application's row before a measured write, to put it back exactly."""

    id: int
    stage_id: int
    status: str
    stage_entered_at: str
    version: int
    updated_at: str
    max_event: int

    @classmethod
    def take(cls, conn: sqlite3.Connection, app_id: int) -> AppRow:
        row = conn.execute(
            "SELECT stage_id, status, stage_entered_at, version, updated_at FROM application WHERE id = ?",
            (app_id,),
        ).fetchone()
        max_event = conn.execute("SELECT coalesce(max(id), 0) FROM stage_event").fetchone()[0]
        return cls(app_id, *row, max_event)

    def restore(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")
        conn.execute("DELETE FROM stage_event WHERE application_id = ? AND id > ?", (self.id, self.max_event))
        conn.execute(
            "UPDATE application SET stage_id = ?, status = ?, stage_entered_at = ?, version = ?, updated_at = ? "
            "WHERE id = ?",
            (self.stage_id, self.status, self.stage_entered_at, self.version, self.updated_at, self.id),
        )
        conn.execute("COMMIT")


def _subject(conn: sqlite3.Connection, job_id: int) -> tuple[int, int, int, str, str]:
    """The top card of the first column (the one the board focuses) and the next stage: (app, stage, next
    stage, stage name, next stage name)."""
    stages = conn.execute(
        "SELECT id, name FROM stage WHERE job_id = ? ORDER BY position, id", (job_id,)
    ).fetchall()
    app_id = conn.execute(
        "SELECT id FROM application WHERE job_id = ? AND stage_id = ? AND status IN ('active', 'hired') "
        "ORDER BY stage_entered_at, id LIMIT 1",
        (job_id, stages[0][0]),
    ).fetchone()[0]
    return app_id, stages[0][0], stages[1][0], stages[0][1], stages[1][1]


# -- raw sqlite3 baselines ---------------------------------------------------------------------------------

BOARD_SQL = """
SELECT a.id, a.candidate_id, a.job_id, a.stage_id, a.status, a.rejection_reason_id, a.rejection_note, a.source,
       a.origin_pool_id, a.applied_at, a.stage_entered_at, a.rating, a.version, a.updated_at,
       c.id, c.full_name, c.email, c.current_title, c.current_company, c.location, r.name
FROM application a
JOIN candidate c ON c.id = a.candidate_id
LEFT JOIN rejection_reason r ON r.id = a.rejection_reason_id
WHERE a.job_id = ? AND a.status IN ('active', 'hired', 'rejected', 'withdrawn')
ORDER BY a.stage_entered_at, a.id
"""
TAGS_SQL = """
SELECT ct.candidate_id, t.name FROM candidate_tag ct JOIN tag t ON t.id = ct.tag_id
WHERE ct.candidate_id IN ({marks}) ORDER BY ct.candidate_id, t.name_key
"""


def raw_open(conn: sqlite3.Connection, job_id: int) -> int:
    conn.execute("BEGIN")
    conn.execute("SELECT * FROM job WHERE id = ?", (job_id,)).fetchone()
    conn.execute("SELECT * FROM stage WHERE job_id = ? ORDER BY position, id", (job_id,)).fetchall()
    rows = conn.execute(BOARD_SQL, (job_id,)).fetchall()
    ids = list(dict.fromkeys(r[1] for r in rows))
    tags = 0
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        tags += len(conn.execute(TAGS_SQL.format(marks=",".join("?" * len(chunk))), chunk).fetchall())
    conn.execute("COMMIT")
    return len(rows)


def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


def raw_change(conn: sqlite3.Connection, app_id: int, version: int, from_stage: tuple[int, str],
               to_stage: tuple[int, str], action: str) -> None:  # fmt: skip
    """The UPDATE and INSERT a move (or its undo) writes, in one transaction."""
    now = datetime.now()
    conn.execute("BEGIN")
    cur = conn.execute(
        "UPDATE application SET stage_id = ?, stage_entered_at = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        (to_stage[0], _stamp(now), _stamp(now), app_id, version),
    )
    assert cur.rowcount == 1, "raw move lost its version race"
    conn.execute(
        "INSERT INTO stage_event (application_id, from_stage_id, to_stage_id, from_stage_name, to_stage_name, "
        "from_status, to_status, action, prev_stage_entered_at, at, actor) "
        "VALUES (?, ?, ?, ?, ?, 'active', 'active', ?, ?, ?, 'bench')",
        (app_id, from_stage[0], to_stage[0], from_stage[1], to_stage[1], action,
         _stamp(now - timedelta(days=1)), _stamp(now)),
    )  # fmt: skip
    conn.execute("COMMIT")


# -- measurements ------------------------------------------------------------------------------------------


def measure(dataset: Dataset, runs: int, log, *, explain: bool = False) -> list[Result]:
    from pipeline_tui.store import Store

    facts = dataset.facts
    job = facts.largest_job
    conn = connect(dataset.path)
    store = Store.open(str(dataset.path), actor="bench")
    app_id, stage_a, stage_b, name_a, name_b = _subject(conn, job)
    t: dict[str, list[float]] = {k: [] for k in ("open", "move", "undo", "raw_open", "raw_move", "raw_undo")}
    recorder = Recorder(store.db.engine)
    tracer = None
    if explain:
        from bench.explain import Tracer

        tracer = Tracer(store.db.engine, dataset.path)
    try:
        for i in range(runs + 1):  # run 0 warms caches; not counted
            trace = tracer is not None and i == runs

            def timed(name: str, fn, *, keep: bool = i > 0, trace: bool = trace):
                if trace:
                    tracer.start(f"board.{name}")
                t0 = time.perf_counter()
                value = fn()
                took = time.perf_counter() - t0
                if trace:
                    tracer.stop()
                if keep:
                    t[name].append(took)
                return value

            # store layer: what the board screen calls; baseline: the same SQL replayed in raw sqlite3
            cards = timed(
                "open",
                lambda: recorder.record(
                    lambda: (
                        store.jobs.get(job),
                        store.jobs.stages(job),
                        store.applications.board(job, include_closed=True),
                    )[-1]
                ),
            )
            if i > 0:
                t["raw_open"].append(replay(conn, recorder.statements))
            before = AppRow.take(conn, app_id)
            moved = timed("move", partial(store.applications.move_to_stage, app_id, stage_b, before.version))
            assert moved.stage_id == stage_b
            back = timed("undo", partial(store.applications.undo_last_move, app_id, moved.version))
            assert back.stage_id == stage_a
            before.restore(conn)
            # raw sqlite3, same file
            n = raw_open(conn, job)  # hand-written SQL: a cross-check of the card count
            assert n == len(cards), (n, len(cards))
            before = AppRow.take(conn, app_id)
            timed("raw_move", partial(raw_change, conn, app_id, before.version, (stage_a, name_a), (stage_b, name_b), "move"), trace=False)  # fmt: skip
            timed("raw_undo", partial(raw_change, conn, app_id, before.version + 1, (stage_b, name_b), (stage_a, name_a), "undo"), trace=False)  # fmt: skip
            before.restore(conn)
        screen = asyncio.run(_screen(dataset, store, conn, runs, app_id, stage_a, stage_b, log))
    finally:
        recorder.close()
        if tracer is not None:
            tracer.report(log)
        store.close()
        conn.close()
    size = dataset.size.full
    where = f"largest job, {len(cards):,} cards ({facts.largest_job_active:,} active)"
    return [
        Result("board.open.store", "Board: open largest job (store)", "s", t["open"], "raw sqlite3, same SQL replayed",
               t["raw_open"], STORE_BUDGET, where, size),
        Result("board.open.screen", "Board: open largest job (screen, drawn)", "s", screen["open"],
               "raw sqlite3, same SQL replayed", t["raw_open"], SCREEN_BUDGET, where + "; open_job() to last frame", size),
        Result("board.move.store", "Board: move one applicant (store)", "s", t["move"],
               "raw UPDATE+INSERT, 1 txn", t["raw_move"], STORE_BUDGET, "move_to_stage, committed", size),
        Result("board.move.screen", "Board: move one applicant (key >, drawn)", "s", screen["move"],
               "raw UPDATE+INSERT, 1 txn", t["raw_move"], SCREEN_BUDGET, "keypress to committed and redrawn", size),
        Result("board.undo.store", "Board: undo the move (store)", "s", t["undo"], "raw UPDATE+INSERT, 1 txn",
               t["raw_undo"], STORE_BUDGET, "undo_last_move, committed", size),
        Result("board.undo.screen", "Board: undo the move (key u, drawn)", "s", screen["undo"],
               "raw UPDATE+INSERT, 1 txn", t["raw_undo"], SCREEN_BUDGET, "keypress to committed and redrawn", size),
    ]  # fmt: skip


def _shown_in(board, stage_id: int, app_id: int) -> bool:
    """The card is in that stage's column and has the focus (the focus follows a moved card)."""
    card = board.current_card
    in_column = any(c.application.id == app_id for c in board.column(stage_id).cards.cards)
    return in_column and card is not None and card.application.id == app_id


async def _screen(dataset, store, conn, runs, app_id, stage_a, stage_b, log) -> dict[str, list[float]]:
    from pipeline_tui.app import PipelineApp
    from pipeline_tui.config import Settings

    facts = dataset.facts
    out: dict[str, list[float]] = {"open": [], "move": [], "undo": []}
    with tempfile.TemporaryDirectory(prefix="bench-board-") as tmp:
        settings = Settings(db=str(dataset.path), state_file=Path(tmp) / "state.json")
        app = PipelineApp(store, settings)
        frames: list[float] = []
        display = app._display

        def timed_display(screen, renderable) -> None:  # every frame the compositor renders
            display(screen, renderable)
            frames.append(time.perf_counter())

        app._display = timed_display  # type: ignore[method-assign]

        async def settled(t0: float, timeout: float = 30.0) -> float:
            """Wait until the store work started is done and frames stop coming; the last frame's time minus
            t0. (The board reads and writes in workers: a quiet screen alone may still be waiting on one.)"""
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                last = frames[-1] if frames else 0.0
                working = any(not worker.is_finished for worker in app.workers)
                if last > t0 and now - last >= QUIET and not working:
                    return last - t0
                if now - t0 > timeout:
                    raise TimeoutError("the board did not settle")

        async def quiet(seconds: float = 0.3, timeout: float = 30.0) -> None:
            """Before a key is timed: `seconds` in which the event loop ran freely (every poll on time), no
            frame was drawn, no layout or repaint waited and no store work ran. Opening a big board draws in
            several frames with gaps (a collector pass can stall the loop for longer than QUIET); what is
            left of it must not land in the key's time."""
            t0 = calm_since = time.perf_counter()
            seen = len(frames)
            while True:
                before = time.perf_counter()
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                screen = app.screen
                pending = screen._layout_required or screen._scroll_required or screen._dirty_widgets
                working = any(not worker.is_finished for worker in app.workers)
                if now - before > 0.05 or len(frames) != seen or pending or working:
                    calm_since, seen = now, len(frames)
                elif now - calm_since >= seconds:
                    return
                if now - t0 > timeout:
                    raise TimeoutError("the board did not go quiet")

        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            board = app.screen
            full = dataset.size.full
            for i in range(runs + 1 if full else runs):  # full size: run 0 is a warm-up
                counted = i > 0 or not full
                board.open_job(facts.small_job)
                await settled(time.perf_counter() - 1)
                await pilot.pause()
                t0 = time.perf_counter()
                board.open_job(facts.largest_job)
                took = await settled(t0)
                await quiet()
                card = board.current_card
                if card is None or card.application.id != app_id:
                    raise RuntimeError(
                        f"the board focused {card and card.application.id}, expected #{app_id}"
                    )
                before = AppRow.take(conn, app_id)
                t0 = time.perf_counter()
                await pilot.press("greater_than_sign")
                moved = await settled(t0)
                await quiet()
                now_stage = conn.execute(
                    "SELECT stage_id FROM application WHERE id = ?", (app_id,)
                ).fetchone()[0]
                if now_stage != stage_b or not _shown_in(board, stage_b, app_id):
                    raise RuntimeError("the move was not committed and shown")
                t0 = time.perf_counter()
                await pilot.press("u")
                undone = await settled(t0)
                now_stage = conn.execute(
                    "SELECT stage_id FROM application WHERE id = ?", (app_id,)
                ).fetchone()[0]
                if now_stage != stage_a or not _shown_in(board, stage_a, app_id):
                    raise RuntimeError("the undo was not committed and shown")
                before.restore(conn)
                if counted:
                    out["open"].append(took)
                    out["move"].append(moved)
                    out["undo"].append(undone)
                log(f"  board screen run {i}{' (warm-up)' if not counted else ''}: open {took * 1000:.0f} ms, "
                    f"move {moved * 1000:.0f} ms, undo {undone * 1000:.0f} ms")  # fmt: skip
    return out
