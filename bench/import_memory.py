"""Peak memory of a CSV import at two file sizes: streaming keeps it flat in the file's size.

Each import runs in a fresh subprocess (`python -m bench.import_memory FILE DB`) that imports the file into
an empty database with `import_prospects` and prints its peak RSS (VmHWM from /proc/self/status), so one
measurement's heap never counts in the next. The result is the peak at twice the import group's row count
(200,000 rows at full size), the baseline the peak at the row count itself (100,000): the ratio is how much
the peak grows when the file doubles (1.0 = flat).

    python -m bench.import_memory --rows 100000 200000     # the two figures alone, without the suite
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.imports import POOL, _empty_template, write_csv
from bench.report import Budget, Result


def peak_rss_mb(csv_path: Path, db: Path) -> float:
    """Import `csv_path` into `db` in a new process; its VmHWM in MB."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.import_memory", "--child", str(csv_path), str(db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return float(out.stdout.strip().splitlines()[-1])


def measure_sizes(rows: list[int], workdir: Path, log) -> dict[int, float]:
    template = _empty_template(workdir / "template.db")
    peaks: dict[int, float] = {}
    for n in rows:
        csv_path = workdir / f"prospects-{n}.csv"
        write_csv(csv_path, n)
        db = workdir / f"import-{n}.db"
        db.write_bytes(template.read_bytes())
        peaks[n] = peak_rss_mb(csv_path, db)
        log(
            f"  import of {n:,} rows: peak RSS {peaks[n]:,.0f} MB ({csv_path.stat().st_size / 1e6:,.1f} MB file)"
        )
        csv_path.unlink()
        for p in workdir.glob(f"import-{n}.db*"):
            p.unlink()
    return peaks


def measure(dataset, runs: int, log) -> list[Result]:
    n = dataset.size.import_rows
    runs = 1 if dataset.size.full else min(runs, 2)
    small: list[float] = []
    large: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-memory-", dir=dataset.path.parent) as tmp:
        for _ in range(runs):
            peaks = measure_sizes([n, 2 * n], Path(tmp), log)
            small.append(peaks[n])
            large.append(peaks[2 * n])
    return [
        Result(
            "import.memory",
            f"Import peak RSS, {2 * n:,} vs {n:,} rows",
            "MB",
            large,
            f"the same import of {n:,} rows",
            small,
            Budget(max_ratio=1.25, text="flat: <= 1.25x"),
            "import_prospects in a fresh process per file (VmHWM); the CSV is streamed from disk",
            dataset.size.full,
        )
    ]


def _child(csv_path: str, db: str) -> None:
    from pipeline_tui.services.imports import import_prospects
    from pipeline_tui.store import Store

    store = Store.open(db, actor="bench")
    try:
        result = import_prospects(store, csv_path, pool=POOL)
    finally:
        store.close()
    if result.report.failed:
        raise SystemExit(f"{len(result.report.failed)} rows failed")
    status = Path("/proc/self/status").read_text()
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    print(f"{kb / 1024:.1f}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.import_memory", description=__doc__.split("\n\n")[0])
    p.add_argument("--child", nargs=2, metavar=("CSV", "DB"), help=argparse.SUPPRESS)
    p.add_argument("--rows", nargs="+", type=int, default=[100_000, 200_000])
    args = p.parse_args(argv)
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-memory-") as tmp:
        peaks = measure_sizes(args.rows, Path(tmp), lambda m: print(m, file=sys.stderr))
    for n, mb in peaks.items():
        print(f"{n:>9,} rows: {mb:,.0f} MB")


if __name__ == "__main__":
    main()
