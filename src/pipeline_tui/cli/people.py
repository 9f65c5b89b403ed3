"""`pipeline-tui people duplicates`: possible duplicates for review, as text or JSON (read-only)."""

from __future__ import annotations

import json
import sys

import click

from pipeline_tui.cli.context import READ, db_option, open_store
from pipeline_tui.cli.options import CommandGroup


@click.group(name="people", cls=CommandGroup)
@db_option
def people_group() -> None:
    """People across the ATS and the CRM: possible duplicates."""


@people_group.command("duplicates")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one block per pair. json: one array of pair objects.")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N pairs, surest first.")
@click.pass_context
def people_duplicates(ctx: click.Context, fmt: str, limit: int | None) -> None:
    """Possible duplicates: people who share a phone, or whose names are near-identical (90% or more
    alike) at the same company or in the same location. Surest first; merge them in the TUI (pool
    browser, "Possible duplicates", m). Reads the database only.

    \b
    JSON: an array of pairs, each {a, b, reasons, score}:
      a, b     the two people (a is the older record): {id, name, emails, company, location}
               (emails: every address, the primary first; company, location may be null)
      reasons  why they may be one person, e.g. "same phone +49 151 2345678",
               "names 95% alike at Acme"
      score    how sure, 0-100 (a shared phone or identical names: 100)
    """
    store = open_store(ctx, mode=READ)
    pairs = store.duplicates.pairs(limit)
    if fmt == "json":
        data = [pair.model_dump(mode="json") for pair in pairs]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from pipeline_tui.core.terminal import visible

    if not pairs:
        click.echo("No possible duplicates.")
        return
    for pair in pairs:
        click.echo(f"{pair.score:>3}  {visible('; '.join(pair.reasons))}")
        for person in (pair.a, pair.b):
            where = " · ".join(x for x in (person.company, person.location) if x)
            email = person.emails[0] if person.emails else "no e-mail"
            line = f"     #{person.id} {person.name} <{email}>" + (f"  {where}" if where else "")
            click.echo(visible(line))
    n = len(pairs)
    click.echo(f"{n:,} possible duplicate {'pair' if n == 1 else 'pairs'}", err=True)
