"""`pipeline-tui db upgrade | check | backup FILE | reindex | trim-log`: keeping the database healthy."""

from __future__ import annotations

from datetime import datetime

import click

from pipeline_tui.cli.activity import local_day
from pipeline_tui.cli.context import WRITE, db_option, make_default_folder, open_store, settings
from pipeline_tui.cli.options import CommandGroup


@click.group("db", cls=CommandGroup)
@db_option
def db_group() -> None:
    """Upgrade, check or back up the database."""


@db_group.command()
@db_option
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Migrate the database to this version's schema (a new file is created at it)."""
    from pipeline_tui.store.maintenance import upgrade as run_upgrade

    value = settings(ctx).db
    make_default_folder(value)
    done = run_upgrade(value)
    if done.before == done.after:
        click.echo(f"{done.url}: already at {done.after}, nothing to do")
    elif done.before is None:
        click.echo(f"{done.url}: created at {done.after}")
    else:
        click.echo(f"{done.url}: upgraded from {done.before} to {done.after}")


@db_group.command()
@db_option
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the schema version, SQLite integrity and foreign keys, and the pipeline's consistency.

    Exits 0 when everything is fine, 1 when a check failed. Nothing is changed.
    """
    from pipeline_tui.store.maintenance import check as run_check

    url, results = run_check(settings(ctx).db)
    click.echo(url)
    for r in results:
        click.echo(f"  {'ok  ' if r.ok else 'FAIL'}  {r.name:<13} {r.detail}")
    failed = [r.name for r in results if not r.ok]
    if failed:
        click.echo(f"pipeline-tui: error: check failed: {', '.join(failed)}", err=True)
        ctx.exit(1)


@db_group.command()
@db_option
@click.argument("file", type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_context
def backup(ctx: click.Context, file: str, force: bool) -> None:
    """Copy a SQLite database to FILE while it is in use (SQLite's online backup API).

    For PostgreSQL use pg_dump; this command says so and exits non-zero.
    """
    from pipeline_tui.store.maintenance import backup as run_backup

    dest, size = run_backup(settings(ctx).db, file, overwrite=force)
    click.echo(f"Backed up to {dest} ({size / 1_048_576:,.1f} MB)")


@db_group.command()
@db_option
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the full-text search index over people (after an interrupted bulk load, for instance)."""
    from pipeline_tui.store.search import rebuild_search_index

    store = open_store(ctx, mode=WRITE)
    n = rebuild_search_index(store.db)
    click.echo(f"Search index rebuilt: {n:,} people")


@db_group.command("trim-log")
@db_option
@click.option("--before", required=True, metavar="YYYY-MM-DD", callback=local_day,
              help="Remove the changes made before this day (its start in your time zone; today at the latest).")  # fmt: skip
@click.pass_context
def trim_log(ctx: click.Context, before: str) -> None:
    """Remove old changes from the activity log (what `activity`, the Activity screen and live updates read).

    A running app is not disturbed: one that had not yet read the removed changes reloads what it shows.
    The log keeps one line saying who trimmed it and how much.
    """
    from pipeline_tui.core.local_time import day_bounds, naive_utc, parse_day, user_zone

    day, zone = parse_day(before), user_zone()
    today = datetime.now(zone).date()
    if day > today:  # a mistyped year would empty the whole log: only what is past can go
        raise click.BadParameter(
            f"{day.isoformat()} is after today ({today.isoformat()}): only changes already made can be trimmed",
            param_hint="'--before'",
        )
    start = naive_utc(day_bounds(day, zone)[0])
    store = open_store(ctx, mode=WRITE)
    n = store.activity_feed.trim(start)
    noun = "change" if n == 1 else "changes"
    click.echo(f"Removed {n:,} {noun} made before {day.isoformat()} from the activity log.")
