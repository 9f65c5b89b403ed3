"""`pipeline-tui user add|list|deactivate`: the hiring team, the people who work in the app."""

from __future__ import annotations

import json
import sys

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

ROLES = ("recruiter", "sourcer", "coordinator", "hiring-manager", "hiring_manager", "interviewer")


@click.group(name="user", cls=CommandGroup)
@db_option
def user_group() -> None:
    """The hiring team: add, list, deactivate members."""


@user_group.command("add")
@db_option
@click.argument("name")
@click.option("--email", metavar="E", help="Their e-mail (unique; how the current user is matched).")
@click.option(
    "--role", type=click.Choice(ROLES, case_sensitive=False), default="recruiter", show_default=True
)
@click.pass_context
def user_add(ctx: click.Context, name: str, email: str | None, role: str) -> None:
    """Add a team member NAME."""
    from pipeline_tui.core.terminal import visible

    store = open_store(ctx)
    member = store.team.add(name, email, role)
    click.echo(
        visible(
            f"Added {member.name}"
            + (f" <{member.email}>" if member.email else "")
            + f" ({_role(member.role)})"
        )
    )


@user_group.command("list")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--active", "active_only", is_flag=True, help="Only members who are active.")
@click.pass_context
def user_list(ctx: click.Context, fmt: str, active_only: bool) -> None:
    """List the team. Reads the database only. JSON objects: id, name, email, role, active."""
    from pipeline_tui.core.terminal import visible

    store = open_store(ctx, mode=READ)
    members = store.team.list(active_only=active_only)
    if fmt == "json":
        data = [m.model_dump(mode="json", include={"id", "name", "email", "role", "active"}) for m in members]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if not members:
        click.echo("No team members yet: add one with `pipeline-tui user add NAME --email E --role R`.")
        return
    for m in members:
        state = "" if m.active else "  (inactive)"
        click.echo(visible(f"{m.name}  <{m.email or '-'}>  {_role(m.role)}{state}"))


@user_group.command("deactivate")
@db_option
@click.argument("email")
@click.pass_context
def user_deactivate(ctx: click.Context, email: str) -> None:
    """Mark a member inactive (their name stays on jobs and in history)."""
    from pipeline_tui.core.terminal import visible

    store = open_store(ctx, mode=WRITE)
    member = store.team.deactivate(email)
    click.echo(visible(f"Deactivated {member.name}" + (f" <{member.email}>" if member.email else "")))


def _role(role: str) -> str:
    return role.replace("_", " ")
