"""`pipeline-tui privacy export|erase EMAIL`: answer a person's data request.

`export` writes everything held about them as JSON. `erase` anonymises them everywhere (name, contact
details, links, free text in notes and activities) while their applications and stage history stay as
anonymous counts, so funnel reports remain true; on SQLite the database file is then scrubbed.
"""

from __future__ import annotations

import json
import sys

import click

from pipeline_tui.cli.context import db_option, open_store


@click.group(name="privacy")
@db_option
def privacy_group() -> None:
    """Privacy requests about one person, found by e-mail: export their data, or erase them."""


@privacy_group.command("export")
@db_option
@click.argument("email")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the JSON to FILE instead of stdout.")  # fmt: skip
@click.pass_context
def privacy_export(ctx: click.Context, email: str, output: str | None) -> None:
    """Everything held about the person with EMAIL: record, applications with history, pools, tags,
    activities, as one JSON object."""
    from pipeline_tui.services.privacy import write_privacy_export

    store = open_store(ctx)
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
    """Anonymise the person with EMAIL everywhere; their applications stay as anonymous counts.

    This cannot be undone. Without --yes it asks first."""
    store = open_store(ctx)
    person = store.privacy.find(email)
    apps = store.candidates.applications(person.id)
    if not yes:
        click.echo(
            f"This erases candidate #{person.id} ({person.email}): name, contact details, links, notes and "
            f"activity text. {len(apps)} application(s) stay as anonymous counts. It cannot be undone.",
            err=True,
        )
        click.confirm("Erase this person?", abort=True, err=True)
    done = store.privacy.erase(person.id)
    scrub = (
        "the database file was scrubbed"
        if done.file_scrubbed
        else "the file scrub was skipped (not SQLite, or another program had it open: run it again later)"
    )
    click.echo(
        f"Erased candidate #{done.candidate_id}, now {done.name!r}: {done.applications_kept} application(s) "
        f"kept anonymously, {done.activities_cleared} activity text(s) cleared, {done.tags_removed} tag(s) "
        f"removed; {scrub}."
    )
