"""`pipeline-tui round add|list`: a job's interview plan (rounds per stage, with what to rate and ask).

The rules are the store's (store/interview_plan.py): names unique per job, 5 to 1440 minutes, a stage of the
job. `round add` prints what it added, then the round's id alone on the last line (`--format json`: the
round's object instead).
"""

from __future__ import annotations

import json
import sys

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup


@click.group(name="round", cls=CommandGroup)
@db_option
def round_group() -> None:
    """A job's interview plan: add and list its rounds."""


@round_group.command("add")
@db_option
@click.argument("job")
@click.argument("stage")
@click.argument("name")
@click.option("--duration", "duration_min", type=int, default=45, show_default=True, metavar="MIN",
              help="How long it lasts, 5 to 1440 minutes.")  # fmt: skip
@click.option("--attribute", "attributes", multiple=True, metavar="NAME",
              help="A focus attribute the scorecard rates (repeat for more).")  # fmt: skip
@click.option("--question", "questions", multiple=True, metavar="TEXT",
              help="A question or prep note for the panel (repeat for more).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: what was added, then the id alone on the last line. json: the round.")  # fmt: skip
@click.pass_context
def round_add(
    ctx: click.Context,
    job: str,
    stage: str,
    name: str,
    duration_min: int,
    attributes: tuple[str, ...],
    questions: tuple[str, ...],
    fmt: str,
) -> None:
    """Add a round NAME to the stage STAGE of the job titled JOB."""
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.terminal import visible

    store = open_store(ctx, mode=WRITE)
    found = find_job(store, job)
    added = store.rounds.add(
        found.id, stage, name, duration_min=duration_min, attributes=attributes, questions=questions
    )
    if fmt == "json":
        _write_json(round_object(added, found.title))
        return
    focus = f"; rates {', '.join(added.attributes)}" if added.attributes else ""
    click.echo(
        visible(
            f"Added round \u2018{added.name}\u2019 to \u2018{found.title}\u2019 at {added.stage_name} "
            f"({added.duration_min} min{focus})"
        )
    )
    click.echo(str(added.id))


@round_group.command("list")
@db_option
@click.argument("job")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line per round. json: an array of rounds.")  # fmt: skip
@click.pass_context
def round_list(ctx: click.Context, job: str, fmt: str) -> None:
    """The interview plan of the job titled JOB, in stage order. Reads the database only.

    \b
    JSON objects: id, job, stage, position (in its stage, from 1), name, duration_min, attributes,
      questions.
    """
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.terminal import visible

    store = open_store(ctx, mode=READ)
    found = find_job(store, job)
    rounds = store.rounds.for_job(found.id)
    if fmt == "json":
        _write_json([round_object(r, found.title) for r in rounds])
        return
    if not rounds:
        click.echo(
            visible(
                f"\u2018{found.title}\u2019 has no interview rounds yet: add one with `pipeline-tui round add`."
            )
        )
        return
    for r in rounds:
        focus = ", ".join(r.attributes) or "-"
        click.echo(
            visible(f"{r.id:<6}{r.stage_name[:20]:<22}{r.name[:30]:<32}{r.duration_min:>4} min  {focus}")
        )


def round_object(r, job_title: str) -> dict:  # noqa: ANN001 - a RoundRecord
    return {
        "id": r.id,
        "job": job_title,
        "stage": r.stage_name,
        "position": r.position + 1,
        "name": r.name,
        "duration_min": r.duration_min,
        "attributes": list(r.attributes),
        "questions": list(r.questions),
    }


def _write_json(data: object) -> None:
    """Faithful UTF-8 JSON on a file or pipe; on a terminal, controls are shown, not obeyed."""
    from pipeline_tui.cli.applicant import _write

    _write([json.dumps(data, ensure_ascii=False, indent=2) + "\n"])
    sys.stdout.flush()
