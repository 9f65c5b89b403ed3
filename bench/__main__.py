"""`python -m bench`: the benchmark suite (issue 6). Run from the repository root; not part of pytest.

    python -m bench --quick            # seconds: a tiny dataset, proves the suite works
    python -m bench                    # full size: 1,000,000 candidates (built once, cached in bench/.cache/)
    python -m bench --only board,pools --runs 7
    python -m bench --only pools --explain   # the store's SQL per measurement, timings and query plans
    python -m bench nurture [--people N]     # nurture sequences: the due queue's first page, enrolling 10,000
    python -m bench reports [--db PATH]      # the seven reports (#15) and the Reports screen (--only reports)
    python -m bench live [--pg URL]          # team mode (#16): idle CPU, arrival of a change, bursts

Every figure is printed beside a baseline measured in the same run, with the issue's budget and PASS/OVER.
Results also go to a JSON file (default bench/.cache/results-<size>.json).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

GROUPS = ("startup", "memory", "board", "pools", "duplicates", "import", "reports", "live", "seed")


def _log(message: str = "") -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny dataset; seconds (numbers are not judged)")
    p.add_argument("--runs", type=int, default=None, help="measured runs per item (default 5, --quick 2)")
    p.add_argument("--only", default="", help=f"comma-separated groups: {', '.join(GROUPS)}")
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to write results (default bench/.cache/results-<size>.json)",
    )
    p.add_argument(
        "--rebuild", action="store_true", help="rebuild the cached dataset with `pipeline-tui seed`"
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="print the store's SQL, timings and plans (board, pools, reports)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        help="measure this dataset (built with `seed --bench`) instead of the cached one; the reports group "
        "only reads it, board and pools write to it and put every row back",
    )
    p.add_argument(
        "--as-seeded",
        action="store_true",
        help="reports: measure the dataset as seeded (read-only), without the history bench/report_history.py adds",
    )
    p.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help="write the Performance section here (default after a complete full-size run: bench/RESULTS.md)",
    )
    args = p.parse_args(argv)
    wanted = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in wanted if g not in GROUPS]
    if unknown:
        p.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    args.groups = wanted or list(GROUPS)
    if args.runs is not None and args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["nurture"]:
        from bench import nurture

        return nurture.main(argv[1:])
    if argv[:1] == ["live"]:
        from bench import live

        return live.main(argv[1:])
    if argv[:1] == ["reports"]:
        argv = ["--only", "reports", *argv[1:]]
    args = parse_args(argv)
    from bench import (
        board,
        dataset,
        duplicates,
        handoff,
        import_memory,
        imports,
        pools,
        report,
        reports,
        startup,
    )

    size = dataset.QUICK if args.quick else dataset.FULL
    runs = args.runs or (2 if args.quick else 5)
    started = time.perf_counter()
    info = report.machine()
    if args.db is not None:
        data = dataset.existing(args.db, size)
    else:
        data = dataset.ensure(size, rebuild=args.rebuild, log=_log)
    f = data.facts
    _log(
        f"dataset {size.name}: {f.counts['candidate']:,} candidates, {f.counts['application']:,} applications, "
        f"{f.counts['stage_event']:,} stage events, {f.counts['job']:,} jobs (largest: {f.largest_job_active:,} "
        f"active), {f.counts['pool']:,} pools, {f.counts['tag']:,} tags, {f.counts['candidate_tag']:,} tag links "
        f"— {data.path}"
    )
    results: list[report.Result] = []
    failed: list[str] = []
    raw_rate = None
    for group in args.groups:
        if group == "memory" and "startup" in args.groups:
            continue  # measured in the start-up runs
        _log(f"[{group}]")
        group_started = time.perf_counter()
        try:
            if group in ("startup", "memory"):
                results += startup.measure(
                    data, runs, _log, startup=group == "startup", memory="memory" in args.groups
                )
            elif group == "board":
                results += board.measure(data, runs, _log, explain=args.explain)
            elif group == "pools":
                results += pools.measure(data, runs, _log, explain=args.explain)
                results += handoff.measure(data, runs, _log)
            elif group == "duplicates":
                results += duplicates.measure(data, runs, _log)
            elif group == "import":
                found, raw_rate = imports.measure(data, runs, _log)
                results += found
                results += import_memory.measure(data, runs, _log)
            elif group == "reports":
                results += reports.measure(data, runs, _log, as_seeded=args.as_seeded, explain=args.explain)
            elif group == "live":
                from bench import live

                results += live.measure(runs, _log, quick=not size.full)
            elif group == "seed" and data.seed_seconds:
                results.append(_seed_result(data, raw_rate))
            elif group == "seed":
                _log("  not measured: the dataset was built elsewhere (--db)")
        except Exception as exc:  # noqa: BLE001 - one broken group must not hide the others' numbers
            failed.append(group)
            _log(f"  FAILED: {type(exc).__name__}: {exc}")
            if os.environ.get("BENCH_DEBUG"):
                raise
        _log(f"  ({time.perf_counter() - group_started:.1f} s)")
    table = report.text_table(results)
    print()
    print(f"pipeline-tui benchmark, {size.name} size, median of {runs} runs "
          + ("after one warm-up run" if size.full else "(absolute budgets apply at full size: n/a here)"))  # fmt: skip
    print(table)
    for r in results:
        if r.note:
            print(f"  {r.key}: {r.note}")
    out = args.json or (dataset.CACHE / f"results-{size.name}.json")
    summary = {
        "path": str(data.path),
        "built_at": data.built_at,
        "seed_seconds": data.seed_seconds,
        "seed_args": list(size.seed_args),
        "facts": data.facts.__dict__,
    }
    info["load_average_at_end"] = report.load_average()
    report.write_json(
        out, size=size.name, runs=runs, results=results, info=info, dataset=summary, failed=failed
    )
    print(f"\nresults: {out}  ({time.perf_counter() - started:.0f} s in all)")
    markdown = args.markdown
    if markdown is None and size.full and len(args.groups) == len(GROUPS) and not failed:
        markdown = Path(__file__).resolve().parent / "RESULTS.md"  # the latest complete full-size run
    if markdown:
        args.markdown = markdown
        args.markdown.write_text(performance_section(size.name, runs, results, info, data), encoding="utf-8")
        print(f"performance section: {args.markdown}")
    if failed:
        print(
            f"bench: failed groups: {', '.join(failed)} (BENCH_DEBUG=1 shows the traceback)", file=sys.stderr
        )
        return 1
    return 0


def _seed_result(data, raw_rate: float | None):
    from bench.report import Budget, Result

    rows = data.rows
    people = data.facts.counts["candidate"]
    base = [rows / raw_rate] if raw_rate else []
    note = (
        f"`pipeline-tui seed {' '.join(data.size.seed_args)}` (when the cache was built, {data.built_at}): "
        f"{rows:,} rows, {rows / data.seed_seconds:,.0f} rows/s, {people / data.seed_seconds:,.0f} candidates/s"
    )
    if raw_rate:
        note += f"; baseline = same row count at the raw executemany rate of the import group ({raw_rate:,.0f} rows/s)"
    return Result(
        "seed",
        "Seed the dataset (pipeline-tui seed)",
        "s",
        [data.seed_seconds],
        "raw executemany rate" if raw_rate else "",
        base,
        Budget(max_value=3600.0, text="minutes, < 1 h"),
        note,
        data.size.full,
    )


def performance_section(size: str, runs: int, results, info: dict, data) -> str:
    from bench import report

    f = data.facts
    lines = [
        "## Performance",
        "",
        f"Measured with `python -m bench` ({size} size, median of {runs} runs{' after one warm-up run' if data.size.full else ''}; every figure "
        "beside a baseline measured in the same run). Dataset built by `pipeline-tui seed "
        f"{' '.join(data.size.seed_args)}`: {f.counts['candidate']:,} candidates, {f.counts['application']:,} "
        f"applications ({f.counts['stage_event']:,} stage events), {f.counts['job']:,} jobs (largest "
        f"{f.largest_job_active:,} active applicants), {f.counts['pool']:,} pools, {f.counts['tag']:,} tags, "
        f"{f.counts['candidate_tag']:,} tag links.",
        "",
        report.markdown_table(results),
        "",
        *[f"- `{r.key}`: {r.note}" for r in results if r.note],
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['ram_gib']} GiB RAM, {info['os']}, "
        f"Python {info['python']}, SQLite {info['sqlite']}, Textual {info['textual']}; load average at start "
        f"{' '.join(info['load_average_at_start'])}, at the end {' '.join(info.get('load_average_at_end', []))} "
        "(a shared machine: other work was running).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
