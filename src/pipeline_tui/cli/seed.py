"""`pipeline-tui seed`: the demo data, or synthetic data at scale, written into a database with bulk inserts."""

from __future__ import annotations

import sys
import time

import click

from pipeline_tui.cli.context import db_option, open_store, settings
from pipeline_tui.config import AppState

COUNT = click.IntRange(min=0)


@click.command()
@db_option
@click.option(
    "--demo", "demo_data", is_flag=True, help="The demo company of `pipeline-tui demo` (empty DB only)."
)
@click.option("--bench", is_flag=True, help="The benchmark's full dataset: 200 jobs, 100,000 applications "
              "(largest job 5,000 active), 1,000,000 candidates, 500 pools, 2,000 tags, 3,000,000 tag links; "
              "counts given with it override the preset.")  # fmt: skip
@click.option("--jobs", type=COUNT, help="Jobs to create (5 default stages each).")
@click.option("--applicants", type=COUNT, help="Applications, each with a stage history; ~10% by prospects.")
@click.option("--prospects", type=COUNT, help="People in the CRM who have not applied.")
@click.option("--pools", type=COUNT, help="Talent pools (default: 1 per 2,000 prospects, at least 1).")
@click.option("--tags", type=COUNT, help="Distinct tags (default: 1 per 100 people, 10 to 2,000).")
@click.option("--tag-links", type=COUNT, help="Tag links in total (default: 3 per person).")
@click.option("--pool-members", type=COUNT, help="Pool memberships in total (default: 1 per prospect).")
@click.option("--largest-job", type=COUNT, help="Active applicants in the first job (e.g. 5000).")
@click.option("--random-seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.pass_context
def seed(ctx: click.Context, demo_data: bool, bench: bool, **numbers: int | None) -> None:
    """Write demo data (--demo) or synthetic data at scale into the database.

    \b
    Examples:
      pipeline-tui seed --demo --db demo.db
      pipeline-tui seed --jobs 20 --applicants 5000 --prospects 100000 --db big.db
      pipeline-tui seed --bench --db bench.db
    """
    from pipeline_tui.services.synthetic import BENCH, SeedPlan

    given = {k: v for k, v in numbers.items() if v is not None and k != "random_seed"}
    if demo_data and (bench or given):
        raise click.UsageError("--demo writes the fixed demo data; it takes no --bench or counts")
    if not demo_data and not bench and not any(given.get(k) for k in ("jobs", "applicants", "prospects")):
        raise click.UsageError("say what to write: --demo, --bench, or --jobs/--applicants/--prospects N")
    if not demo_data:
        # Checked before the database is opened, so a bad plan creates nothing.
        plan = _with_defaults(BENCH if bench else SeedPlan(), bench, given, numbers["random_seed"]).resolved()
    store = open_store(ctx)
    if demo_data:
        from pipeline_tui.services.demo import build_demo

        started = time.perf_counter()
        summary = build_demo(store.db)
        AppState(settings(ctx).state_file).set(store.db.url, "last_job", summary.featured_job_id)
        click.echo(f"Demo data written to {store.db.url} in {time.perf_counter() - started:.1f} s: "
                   + ", ".join(f"{n:,} {t}" for t, n in summary.counts.items()))  # fmt: skip
        return
    from pipeline_tui.services.synthetic import seed_synthetic

    report = seed_synthetic(store.db, plan, progress=_progress() if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    c = report.counts
    people = c.get("candidate", 0)
    apps = c.get("application", 0)
    click.echo(f"Seeded {store.db.url} in {report.seconds:.1f} s:")
    for table in ("job", "stage", "candidate", "application", "stage_event", "pool", "pool_member", "tag",
                  "candidate_tag", "activity"):  # fmt: skip
        if c.get(table):
            click.echo(f"  {table:<14} {c[table]:>12,}")
    write_secs = report.phase_seconds.get("prospects", 0) + report.phase_seconds.get("applications", 0)
    rows = sum(c.values())
    click.echo(
        f"  rate: {people / report.seconds:,.0f} candidates/s, {apps / report.seconds:,.0f} applications/s, "
        f"{rows / report.seconds:,.0f} rows/s overall ({write_secs:.1f} s writing, "
        f"{report.phase_seconds.get('finish', 0):.1f} s indexing)"
    )


def _with_defaults(plan, bench: bool, given: dict, random_seed: int):
    from dataclasses import replace

    plan = replace(plan, **given, seed=random_seed)
    if bench:
        return plan
    people = plan.prospects + plan.applicants
    if "pools" not in given and plan.prospects:
        plan = replace(plan, pools=min(500, max(1, plan.prospects // 2000)))
    if "tags" not in given and people:
        plan = replace(plan, tags=min(2000, max(10, people // 100)))
    return plan


def _progress():
    last = [0.0]

    def show(table: str, n: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 0.5:
            last[0] = now
            click.echo(f"\r\033[K  writing {table}: {n:,}", nl=False, err=True)

    return show
