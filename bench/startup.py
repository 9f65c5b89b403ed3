"""Start-up and memory, measured in a real pseudo-terminal at 120x40.

Start-up: from just before `pipeline-tui --db BIG` is forked to the moment the first card of a board column
(the largest job, remembered as the last job) is drawn; baseline: `python bench/bare_app.py`, a Textual app
with one label, forked and waited for the same way. Runs alternate between the two so load on a shared machine
hits both alike.

Memory: peak RSS (VmHWM) of the TUI after browsing: cards down and across the board, `t` to the talent pools
(all candidates), rows and pages down, a free-text search, back to the board with `b`; baseline: the bare
app's peak RSS.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from bench.dataset import Dataset, Facts, pipeline_tui_command
from bench.report import Budget, Result
from bench.terminal import PtyProcess

BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
SIZE = (120, 40)


def _env(dataset: Dataset, home: Path) -> dict[str, str]:
    """A clean environment: own data/config dirs, the state file opening the largest job."""
    from pipeline_tui.store.database import Database

    db = Database.open(str(dataset.path))
    key = db.url
    db.close()
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "state.json").write_text(
        json.dumps({key: {"last_job": dataset.facts.largest_job}}), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINE_TUI_", "TEXTUAL"))}
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        PIPELINE_TUI_DATA_DIR=str(data),
        PIPELINE_TUI_CONFIG_DIR=str(home / "config"),
    )
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


def _markers(dataset: Dataset) -> list[str]:
    # A column is ~22 cells wide at 120 columns: the start of a name is drawn whole.
    return [name[:12] for name in dataset.facts.first_cards if name[:12].strip()]


def _start_board(dataset: Dataset, env: dict[str, str]) -> tuple[PtyProcess, float]:
    argv = [*pipeline_tui_command(), "--db", str(dataset.path)]
    proc = PtyProcess(argv, env, size=SIZE)
    try:
        seen = proc.wait_for(_markers(dataset), timeout=120)
    except Exception:
        proc.close()
        raise
    return proc, seen - proc.started


def _start_bare(env: dict[str, str]) -> tuple[PtyProcess, float]:
    from bench.bare_app import READY

    proc = PtyProcess([sys.executable, str(BARE_APP)], env, size=SIZE)
    try:
        seen = proc.wait_for(READY, timeout=60)
    except Exception:
        proc.close()
        raise
    return proc, seen - proc.started


def measure(dataset: Dataset, runs: int, log, *, startup: bool = True, memory: bool = True) -> list[Result]:
    """Start-up pairs (bare app, then pipeline-tui); the last run(s) go on browsing for the memory figure.

    Full size: one warm-up pair first (page cache, .pyc files), not counted; --quick skips it."""
    full = dataset.size.full
    pairs = (runs + 1 if full else runs) if startup else (2 if full else 1)
    browse_from = pairs - (2 if full else 1) if memory else pairs
    app_times: list[float] = []
    bare_times: list[float] = []
    app_rss: list[float] = []
    bare_rss: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-terminal-") as tmp:
        for i in range(pairs):
            counted = i > 0 or not full
            env = _env(dataset, Path(tmp) / f"run{i}")
            proc, bare = _start_bare(env)
            try:
                if i >= browse_from:
                    proc.drain(0.3)
                    bare_rss.append(proc.peak_rss_mb())
            finally:
                proc.close()
            proc, took = _start_board(dataset, env)
            try:
                if i >= browse_from:
                    _browse(proc, 0.5 if full else 0.2)
                    if proc.poll() is not None:
                        raise RuntimeError(f"pipeline-tui exited while browsing: {proc.text[-600:]!r}")
                    app_rss.append(proc.peak_rss_mb())
            finally:
                proc.close()
            if counted:
                app_times.append(took)
                bare_times.append(bare)
            memo = f"; peak RSS {app_rss[-1]:.0f} MB (bare {bare_rss[-1]:.0f} MB)" if i >= browse_from else ""
            log(f"  run {i}{' (warm-up)' if not counted else ''}: start-up pipeline-tui {took * 1000:.0f} ms, "
                f"bare Textual {bare * 1000:.0f} ms{memo}")  # fmt: skip
    out = []
    if startup:
        out.append(
            Result(
                key="startup",
                title="Start-up to board cards drawn (pty)",
                unit="s",
                samples=app_times,
                baseline_title="bare Textual app, 1 label",
                baseline=bare_times,
                budget=Budget(max_ratio=2.5, text="<= 2.5x"),
                note=f"pipeline-tui --db ({dataset.size.name}), largest job "
                f"({dataset.facts.largest_job_active:,} active) as the remembered last job; 120x40 pty",
            )
        )
    if memory:
        out.append(
            Result(
                key="memory",
                title="TUI peak RSS while browsing (VmHWM)",
                unit="MB",
                samples=app_rss,
                baseline_title="bare Textual app, 1 label",
                baseline=bare_rss,
                budget=Budget(max_value=200.0, text="< 200 MB"),
                note="board scrolled, t to pools (all candidates), rows and pages down, search, b back",
                judged_absolute=full,
            )
        )
    return out


def _browse(proc: PtyProcess, pause: float) -> None:
    """Drive the TUI like a user looking around, giving it `pause` seconds to draw after each burst."""
    for keys in ("j" * 15, "l", "j" * 10, "l", "\x1b[6~" * 3, "l", "j" * 5):
        proc.send(keys)
        proc.drain(pause)
    mark = proc.send("t")
    proc.wait_for("All candidates", timeout=120, since=mark)
    proc.drain(pause)
    for keys in ("j" * 30, "\x1b[6~" * 10, "j" * 30, "\x1b[6~" * 10):
        proc.send(keys)
        proc.drain(pause)
    proc.send("/")
    proc.drain(pause / 2)
    proc.send("data berlin\r")
    proc.drain(pause * 4)
    for keys in ("j" * 20, "\x1b[6~" * 5):
        proc.send(keys)
        proc.drain(pause)
    proc.send("b")
    proc.drain(pause * 2)


def compare(db: Path, facts_file: Path, runs: int, against: Path | None, log=print) -> dict[str, list[float]]:
    """Start-up on any copy of a benchmark database, without the rest of the suite: per round the bare app,
    then (with `against`, another checkout's src/ put first on PYTHONPATH) the other build, then this one.
    One warm-up round first (page cache, .pyc files), not counted."""
    import statistics

    from bench.dataset import FULL

    meta = json.loads(facts_file.read_text(encoding="utf-8"))
    dataset = Dataset(FULL, db, 0.0, "", "", Facts(**meta["facts"]))
    times: dict[str, list[float]] = {"bare": [], "other": [], "this": []}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        for i in range(runs + 1):
            env = _env(dataset, Path(tmp) / f"run{i}")
            proc, took = _start_bare(env)
            proc.close()
            seen = {"bare": took}
            if against is not None:
                proc, seen["other"] = _start_board(dataset, {**env, "PYTHONPATH": str(against)})
                proc.close()
            proc, seen["this"] = _start_board(dataset, env)
            proc.close()
            if i:
                for name, value in seen.items():
                    times[name].append(value)
            shown = ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in seen.items())
            log(f"  round {i}{' (warm-up)' if not i else ''}: {shown}")
    bare = statistics.median(times["bare"])
    for name in ("other", "this") if against is not None else ("this",):
        ratios = [t / b for t, b in zip(times[name], times["bare"], strict=True)]
        log(f"{name}: median {statistics.median(times[name]) * 1000:.0f} ms = {statistics.median(times[name]) / bare:.2f}x "
            f"the bare app's median {bare * 1000:.0f} ms; median of per-round ratios {statistics.median(ratios):.2f}x")  # fmt: skip
    return times


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=compare.__doc__)
    parser.add_argument(
        "--db", type=Path, required=True, help="a COPY of a benchmark database (it is opened)"
    )
    parser.add_argument("--facts", type=Path, required=True, help="its facts file (bench/.cache/<size>.json)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, default=None, help="another checkout's src/ to compare with")
    args = parser.parse_args()
    compare(args.db, args.facts, args.runs, args.against)
