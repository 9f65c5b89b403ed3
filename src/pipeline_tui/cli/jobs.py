"""`pipeline-tui job add|list|edit|status`: open a role, shape it, move it along draft -> open -> on hold ->
filled or closed. Every rule is the store's (the TUI gives the same answers); errors are one line."""

from __future__ import annotations

import sys

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

STATUS_WORDS = ("draft", "open", "on-hold", "filled", "closed")
ARROW = " \u2192 "


@click.group(name="job", cls=CommandGroup)
@db_option
def job_group() -> None:
    """Jobs (requisitions): add, list, edit, change status."""


def _team_options(command):
    for flag, what in (
        ("--coordinator", "coordinator"),
        ("--recruiter", "recruiter"),
        ("--hiring-manager", "hiring manager"),
    ):
        command = click.option(flag, metavar="EMAIL|NAME", help=f"The {what}: a team member ('' for none).")(
            command
        )
    return click.option("--interviewer", "interviewers", multiple=True, metavar="EMAIL|NAME",
                        help="An interviewer (repeat for more).")(command)  # fmt: skip


def _detail_options(command):
    command = click.option("--description", metavar="TEXT", help="What the role is.")(command)
    command = click.option("--employment-type", metavar="TYPE",
                           help="full-time, part-time, contract, temporary or internship.")(command)  # fmt: skip
    command = click.option("--headcount", type=int, metavar="N", help="How many to hire (at least 1).")(
        command
    )
    command = click.option("--location", metavar="L", help="Where the role is.")(command)
    return click.option("--department", metavar="D", help="The team or department.")(command)


@job_group.command("add")
@db_option
@click.argument("title")
@_detail_options
@click.option("--status", type=click.Choice(["draft", "open"]), default="open", show_default=True,
              help="A draft takes no applicants until it is opened.")  # fmt: skip
@click.option("--stages", metavar="A,B,...", help="The stages in order: the last is the hired stage, one "
              "named like 'Offer' the offer stage, the others active.")  # fmt: skip
@click.option(
    "--template", metavar="NAME", help="A built-in pipeline: default, engineering, sales, internship."
)
@click.option("--copy-stages-from", metavar="TITLE", help="The stages of another job.")
@_team_options
@click.pass_context
def job_add(
    ctx: click.Context, title: str, stages: str | None, copy_stages_from: str | None, **fields
) -> None:
    """Add a job TITLE (unique among jobs that are not filled or closed) with its stages and team."""
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.pipeline_templates import stages_from_names

    store = open_store(ctx)
    team = _team_ids(store, fields, for_new=True)
    if fields["headcount"] is None:
        fields["headcount"] = 1
    copy_from = find_job(store, copy_stages_from).id if copy_stages_from else None
    job = store.jobs.create_job(
        title,
        **{k: v for k, v in fields.items() if k in ("department", "location", "headcount", "description")},
        employment_type=fields["employment_type"],
        status=fields["status"],
        stages=stages_from_names(stages.split(",")) if stages is not None else None,
        template=fields["template"],
        copy_stages_from=copy_from,
        **team,
    )
    names = ARROW.join(st.name for st in store.jobs.stages(job.id))
    _say(f"Added job #{job.id} \u2018{job.title}\u2019 ({_label(job.status)}): {names}")


@job_group.command("list")
@db_option
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_WORDS, case_sensitive=False),
              help="Only jobs with this status (repeat for more).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table: one line each. json: one array of job objects. csv: flat rows.")  # fmt: skip
@click.pass_context
def job_list(ctx: click.Context, statuses: tuple[str, ...], fmt: str) -> None:
    """List jobs, open ones first. Reads the database only.

    \b
    JSON objects: id, title, status, department, location, employment_type, headcount,
      hired, active, rejected, days_open, stages [{name, kind}], hiring_manager, recruiter,
      coordinator, opened_at, closed_at, created_at (times UTC, ISO 8601).
    """
    from pipeline_tui.services.job_export import job_objects, write_jobs

    store = open_store(ctx, mode=READ)
    objects = job_objects(store, statuses)
    if fmt != "table":
        write_jobs(objects, fmt, sys.stdout)
        return
    if not objects:
        click.echo("No jobs yet: add one with `pipeline-tui job add TITLE`.")
        return
    for obj in objects:
        _say(_table_line(obj))


@job_group.command("edit")
@db_option
@click.argument("title")
@click.option("--title", "new_title", metavar="NEW", help="A new title.")
@_detail_options
@_team_options
@click.pass_context
def job_edit(ctx: click.Context, title: str, new_title: str | None, **fields) -> None:
    """Change a job's details or team (options not given keep their value)."""
    from pipeline_tui.cli.suggestions import find_job

    store = open_store(ctx, mode=WRITE)
    job = find_job(store, title)
    changes = {
        k: v for k, v in fields.items() if v is not None and k not in _TEAM_FLAGS and k != "interviewers"
    }
    if new_title is not None:
        changes["title"] = new_title
    changes.update(_team_ids(store, fields, for_new=False))
    if not changes:
        raise click.UsageError("nothing to change: give --title, --headcount, --recruiter, ...")
    edited = store.jobs.update_job(job.id, **changes)
    _say(f"Edited job #{edited.id} \u2018{edited.title}\u2019")


@job_group.command("status")
@db_option
@click.argument("title")
@click.argument("status", type=click.Choice(STATUS_WORDS, case_sensitive=False), metavar="STATUS")
@click.option("--reject-active", metavar="REASON", help="Reject every active applicant with REASON.")
@click.option("--keep-active", is_flag=True, help="Keep active applicants in the pipeline.")
@click.pass_context
def job_status(
    ctx: click.Context, title: str, status: str, reject_active: str | None, keep_active: bool
) -> None:
    """Change a job's status: open, on-hold, filled, closed (or draft -> open). Filling or closing a job
    with active applicants needs --keep-active or --reject-active REASON (e.g. "Position closed")."""
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.errors import ActiveApplicants, RuleViolation

    if reject_active is not None and keep_active:
        raise click.UsageError("--reject-active and --keep-active do not go together: choose one")
    if reject_active is not None and not reject_active.strip():
        raise click.UsageError('--reject-active needs a reason, e.g. "Position closed"')
    store = open_store(ctx, mode=WRITE)
    job = find_job(store, title)
    active = "reject" if reject_active is not None else "keep" if keep_active else "refuse"
    try:
        change = store.jobs.set_status(job.id, status, active=active, reason=reject_active)
    except ActiveApplicants as exc:
        people = "1 active applicant" if exc.count == 1 else f"{exc.count} active applicants"
        raise RuleViolation(
            f"\u2018{exc.title}\u2019 has {people}: add --keep-active to keep them, or --reject-active REASON "
            "to reject them all"
        ) from None
    line = f"\u2018{change.job.title}\u2019: {_label(change.previous)}{ARROW}{_label(change.job.status)}"
    if change.rejected:
        line += f"; {change.rejected} active applicant{'s' if change.rejected != 1 else ''} rejected ({reject_active})"
    _say(line)


_TEAM_FLAGS = ("hiring_manager", "recruiter", "coordinator")


def _team_ids(store, fields: dict, *, for_new: bool) -> dict:
    """Team options as member ids: an e-mail or a name each ('' clears it when editing)."""
    out: dict = {}
    for flag in _TEAM_FLAGS:
        value = fields.get(flag)
        if value is None:
            continue
        out[f"{flag}_id"] = _member_id(store, value) if value.strip() else None
    if fields.get("interviewers"):
        out["interviewer_ids"] = [_member_id(store, v) for v in fields["interviewers"] if v.strip()]
    if for_new:
        out = {k: v for k, v in out.items() if v is not None}
    return out


def _member_id(store, spec: str) -> int:
    """A team member by e-mail or name; the current user is made a member when they name themselves."""
    if store.team.is_current(spec):
        return store.team.ensure_current().id
    return store.team.find(spec).id


def _label(status: str) -> str:
    return status.replace("_", " ")


def _table_line(obj: dict) -> str:
    where = " · ".join(x for x in (obj["department"], obj["location"]) if x)
    team = ", ".join(f"{role} {obj[key]}" for key, role in (("hiring_manager", "HM"), ("recruiter", "rec"))
                     if obj[key])  # fmt: skip
    days = f"{obj['days_open']}d" if obj["days_open"] is not None else "-"
    parts = [
        f"{obj['title']}",
        f"[{_label(obj['status'])}]",
        f"hired {obj['hired']}/{obj['headcount']}",
        f"active {obj['active']}",
        f"open {days}",
    ]
    return "  ".join(parts + [p for p in (where, team) if p])


def _say(line: str) -> None:
    from pipeline_tui.core.terminal import visible

    click.echo(visible(line))
