"""`pipeline-tui stage add|rename|move|kind|remove`: a job's pipeline, with the same rules as the TUI's
stage editor (one active stage at least, exactly one hired stage, applicants moved as stage events)."""

from __future__ import annotations

import click

from pipeline_tui.cli.context import WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

KINDS = ("active", "offer", "hired")
ARROW = " \u2192 "


@click.group(name="stage", cls=CommandGroup)
@db_option
def stage_group() -> None:
    """A job's stages: add, rename, move, set the kind, remove."""


@stage_group.command("add")
@db_option
@click.argument("job")
@click.argument("name")
@click.option(
    "--after", metavar="STAGE", help="Put it after this stage (default: just before the hired stage)."
)
@click.option("--kind", type=click.Choice(KINDS, case_sensitive=False), default="active", show_default=True)
@click.pass_context
def stage_add(ctx: click.Context, job: str, name: str, after: str | None, kind: str) -> None:
    """Add a stage NAME to the job titled JOB."""
    store, found = _job(ctx, job)
    anchor = store.jobs.find_stage(found.id, after).id if after else None
    store.jobs.add_stage(found.id, name, kind, after=anchor)
    _show(store, found)


@stage_group.command("rename")
@db_option
@click.argument("job")
@click.argument("old")
@click.argument("new")
@click.pass_context
def stage_rename(ctx: click.Context, job: str, old: str, new: str) -> None:
    """Rename a stage (history keeps the name each change was made under)."""
    store, found = _job(ctx, job)
    store.jobs.rename_stage(store.jobs.find_stage(found.id, old).id, new)
    _show(store, found)


@stage_group.command("move")
@db_option
@click.argument("job")
@click.argument("name")
@click.option("--to", "position", type=click.IntRange(min=1), required=True, metavar="POSITION",
              help="Its new place, 1 for the first column.")  # fmt: skip
@click.pass_context
def stage_move(ctx: click.Context, job: str, name: str, position: int) -> None:
    """Move a stage to POSITION (1 = first)."""
    store, found = _job(ctx, job)
    store.jobs.reorder_stage(store.jobs.find_stage(found.id, name).id, position - 1)
    _show(store, found)


@stage_group.command("kind")
@db_option
@click.argument("job")
@click.argument("name")
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False), metavar="active|offer|hired")
@click.pass_context
def stage_kind(ctx: click.Context, job: str, name: str, kind: str) -> None:
    """Set what a stage means; making one the hired stage makes the old one active."""
    store, found = _job(ctx, job)
    store.jobs.set_stage_kind(store.jobs.find_stage(found.id, name).id, kind)
    _show(store, found)


@stage_group.command("remove")
@db_option
@click.argument("job")
@click.argument("name")
@click.option("--move-to", metavar="OTHER", help="Where its applicants go (needed when it holds any).")
@click.pass_context
def stage_remove(ctx: click.Context, job: str, name: str, move_to: str | None) -> None:
    """Remove a stage; its applicants move to --move-to, each move recorded in their history."""
    store, found = _job(ctx, job)
    stage = store.jobs.find_stage(found.id, name)
    target = store.jobs.find_stage(found.id, move_to).id if move_to else None
    store.jobs.remove_stage(stage.id, move_to_stage_id=target)
    _show(store, found)


def _job(ctx: click.Context, title: str):
    from pipeline_tui.cli.suggestions import find_job

    store = open_store(ctx, mode=WRITE)
    return store, find_job(store, title)


def _show(store, job) -> None:
    """The job's pipeline after the change, kinds shown beside the offer and hired stages."""
    from pipeline_tui.core.terminal import visible

    stages = store.jobs.stages(job.id)
    shown = ARROW.join(st.name + ("" if st.kind == "active" else f" ({st.kind})") for st in stages)
    click.echo(visible(f"\u2018{job.title}\u2019: {shown}"))
