"""`pipeline-tui privacy export|erase EMAIL`: answer a person's data request.

`export` writes everything held about them as JSON. `erase` anonymises them everywhere (name, contact
details, links, free text in notes and activities) while their applications and stage history stay as
anonymous counts, so funnel reports remain true; on SQLite the database file is then scrubbed. When another
program holds the file open, the scrub waits for `scrub`, which the erase names.
"""

from __future__ import annotations

import json
import sys

import click

from pipeline_tui.cli.context import READ, WRITE, confirmed, db_option, open_store
from pipeline_tui.cli.options import CommandGroup, OutputFile
from pipeline_tui.cli.retention import privacy_retention
from pipeline_tui.core.errors import DatabaseBusy


@click.group(name="privacy", cls=CommandGroup)
@db_option
def privacy_group() -> None:
    """Privacy requests about one person, found by any of their e-mail addresses (or a LinkedIn, GitHub or
    website URL): export their data, or erase them; and the retention policy over everyone."""


privacy_group.add_command(privacy_retention)


@privacy_group.command("export")
@db_option
@click.argument("email")
@click.option("-o", "--output", type=OutputFile(), metavar="FILE",
              help="Write the JSON to FILE instead of stdout.")  # fmt: skip
@click.pass_context
def privacy_export(ctx: click.Context, email: str, output: str | None) -> None:
    """Everything held about the person with EMAIL (any of their addresses, or a profile URL): record,
    identities, applications with history, pools, tags, activities, as one JSON object."""
    from pipeline_tui.services.privacy import write_privacy_export

    store = open_store(ctx, mode=READ)
    person = store.privacy.find(email)
    if output:
        write_privacy_export(store, person.id, output)
        click.echo(f"Wrote everything held about candidate #{person.id} to {output}", err=True)
    else:
        data = store.privacy.export(person.id)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@privacy_group.command("erase")
@db_option
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def privacy_erase(ctx: click.Context, email: str, yes: bool) -> None:
    """Anonymise the person with EMAIL (any of their addresses, or a profile URL) everywhere; their
    applications stay as anonymous counts.

    This cannot be undone. Without --yes it asks first."""
    store = open_store(ctx, mode=WRITE)
    person = store.privacy.find(email)
    apps = store.candidates.applications(person.id)
    if not yes:
        click.echo(
            f"This erases candidate #{person.id} ({person.email}): name, contact details, links, notes, "
            f"activity text and attached files; active applications are withdrawn (Data erased). "
            f"{len(apps)} application(s) stay as anonymous counts. It cannot be undone.",
            err=True,
        )
        if not confirmed("Erase this person?"):
            return
    done = store.privacy.erase(person.id)
    if done.file_scrubbed:
        scrub = "the database file was scrubbed"
    elif store.db.is_sqlite:
        scrub = (
            "another program has the database file open, so old copies of their details can remain in it "
            f"until you close that program and run: {scrub_command(store)}"
        )
    else:
        scrub = "the server keeps no file to scrub here (PostgreSQL: VACUUM reclaims old row versions)"
    click.echo(
        f"Erased candidate #{done.candidate_id}, now {done.name!r}: {done.applications_kept} application(s) "
        f"kept anonymously ({done.applications_withdrawn} active one(s) withdrawn), {done.activities_cleared} "
        f"activity text(s) cleared, {done.tags_removed} tag(s) and {done.files_removed} file(s) removed; {scrub}."
    )


@privacy_group.command("scrub")
@db_option
@click.pass_context
def privacy_scrub(ctx: click.Context) -> None:
    """Finish the file scrub of earlier erasures: rewrite the SQLite file and empty its write-ahead log so no
    old bytes of an erased person remain. Needs every other program to have the file closed."""
    store = open_store(ctx, mode=WRITE)
    if not store.db.is_sqlite:
        raise click.UsageError("only a SQLite database file needs scrubbing (PostgreSQL: VACUUM FULL)")
    try:
        scrubbed = store.privacy.scrub()
    except DatabaseBusy:
        scrubbed = False
    if not scrubbed:
        raise click.ClickException(
            f"another program still has {store.db.sqlite_path} open: close it and run {scrub_command(store)}"
        )
    click.echo(f"Scrubbed {store.db.sqlite_path}: nothing of an erased person remains in the file.")


def scrub_command(store) -> str:
    """The exact command that finishes a scrub of this store's file."""
    import shlex

    return f"pipeline-tui privacy scrub --db {shlex.quote(str(store.db.sqlite_path))}"
