"""`pipeline-tui demo`: a fresh database full of realistic demo data, opened in the TUI."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from pipeline_tui.cli import context
from pipeline_tui.cli.context import db_option, explicit_db, open_store
from pipeline_tui.config import AppState, load_settings


@click.command()
@db_option
@click.option(
    "--no-open",
    is_flag=True,
    help="Create the demo database and print its path, without opening the TUI (for scripts and tests).",
)
@click.pass_context
def demo(ctx: click.Context, no_open: bool) -> None:
    """Create a demo database (7 jobs, ~150 applicants with weeks of history, interviews, scorecards and offers,
    6 pools of prospects, 2 nurture sequences with a due queue) and open it.

    The file goes to a new temporary folder unless --db names a new or empty database; its path is printed
    when the TUI closes, so you can open it again with `pipeline-tui --db PATH`.
    """
    from pipeline_tui.services.demo import build_demo

    target = explicit_db(ctx)  # PIPELINE_TUI_DB and the config file never receive demo data
    if target is None:
        target = str(Path(tempfile.mkdtemp(prefix="pipeline-tui-demo-")) / "demo.db")
    store = open_store(ctx, db=target)
    summary = build_demo(store.db)
    where = summary.path or store.db.url
    app_settings = load_settings(target)
    # Open on the busiest board rather than the alphabetically first job.
    AppState(app_settings.state_file).set(store.db.url, "last_job", summary.featured_job_id)
    if no_open:
        click.echo(where)
        return
    try:
        context.run_tui(store, app_settings)
    finally:
        click.echo(f"Demo database: {where}\nOpen it again with: pipeline-tui --db {where}")
