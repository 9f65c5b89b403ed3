"""`pipeline-tui privacy retention [--dry-run] [--format json] [--yes]`: apply the retention policy.

Lists everyone the policy in config.toml (`[retention]`, core/retention.py says who counts) would anonymise,
with their id, name, last contact and why, and then (without --dry-run, after a confirmation unless --yes)
anonymises them through the erase path of `privacy erase`, in batches. --dry-run opens the database
read-only: nothing is written, no file is created.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from pipeline_tui.cli.context import READ, WRITE, confirmed, db_option, open_store, settings
from pipeline_tui.config import config_dir
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.retention import DuePerson, RetentionPolicy, RetentionRun
from pipeline_tui.core.terminal import visible


def no_policy_line() -> str:
    where = config_dir() / "config.toml"
    return (
        f"no retention policy is configured: add `[retention]` with `prospects_months = 24` (and "
        f"`require_consent = true`) to {where}, or set PIPELINE_TUI_RETENTION_MONTHS"
    )


@click.command("retention")
@db_option
@click.option("--dry-run", is_flag=True, help="Only list who is due; change nothing (opens read-only).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one tab-separated line per person; json: one object.")  # fmt: skip
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def privacy_retention(ctx: click.Context, dry_run: bool, fmt: str, yes: bool) -> None:
    """Anonymise everyone due under the retention policy in config.toml ([retention] prospects_months,
    require_consent): prospects (no active application, never hired) not contacted for that many months
    (last touch, else the day they were added) who never gave consent. Lists id, name, last contact and
    why first; without --dry-run, anonymises them as `privacy erase` does, after asking (unless --yes)."""
    policy = settings(ctx).retention
    if policy is None:
        raise click.ClickException(no_policy_line())
    store = open_store(ctx, mode=READ if dry_run else WRITE)
    now = utcnow()
    due = store.retention.due(policy, now=now)
    rule = f"{policy.description}: last contact on or before {policy.cutoff(now):%Y-%m-%d %H:%M} UTC"
    if fmt == "text" and due:
        _out("\n".join(["id\tname\tlast contact\twhy", *(_line(p) for p in due)]))
    if not due:
        click.echo(f"Nobody is due under the retention policy ({rule}).", err=True)
    elif dry_run:
        click.echo(f"{_people(len(due))} due under the retention policy ({rule}). Dry run: nothing changed.",
                   err=True)  # fmt: skip
    run: RetentionRun | None = None
    if due and not dry_run and (yes or _agreed(len(due), rule)):
        ids = [p.candidate_id for p in due]
        run = store.retention.apply(policy, ids, now=now, progress=_progress(len(due)))
        click.echo(("\r" if sys.stderr.isatty() else "") + _applied(store, run), err=True)
    if fmt == "json":
        _out(json.dumps(_json(policy, now, due, dry_run, run), ensure_ascii=False, indent=2))


def _agreed(count: int, rule: str) -> bool:
    click.echo(
        f"This anonymises {_people(count)} due under the retention policy ({rule}) as `privacy erase` does: "
        "names, contact details, links, notes, activity text and files. It cannot be undone.",
        err=True,
    )
    return confirmed("Anonymise them?")


def _progress(total: int):
    """On a terminal, how far a long run is (one line, rewritten after each batch); elsewhere nothing."""
    if not sys.stderr.isatty():
        return None

    def said(done: int) -> None:
        click.echo(f"\ranonymised {done:,} of {total:,}…", nl=False, err=True)

    return said


def _line(person: DuePerson) -> str:
    # One line per person whatever the name holds: tabs, newlines and controls are shown as escapes.
    return f"{person.candidate_id}\t{visible(person.full_name)}\t{person.last_contact:%Y-%m-%d}\t{person.why}"


def _people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def _applied(store, run: RetentionRun) -> str:
    from pipeline_tui.cli.privacy import scrub_command

    text = f"Anonymised {_people(run.anonymised)} in {run.batches} batch(es)"
    if run.skipped:
        text += f"; {_people(run.skipped)} no longer due (contacted meanwhile) kept"
    if run.file_scrubbed:
        return text + "; the database file was scrubbed."
    if store.db.is_sqlite and run.anonymised:
        return text + (
            "; another program has the database file open, so old copies of their details can remain in it "
            f"until you close that program and run: {scrub_command(store)}"
        )
    return text + "."


def _json(
    policy: RetentionPolicy, now: datetime, due: list[DuePerson], dry_run: bool, run: RetentionRun | None
) -> dict:
    return {
        "policy": {"prospects_months": policy.prospects_months, "require_consent": policy.require_consent},
        "cutoff": policy.cutoff(now).isoformat(),
        "dry_run": dry_run,
        "due": [
            {
                "id": p.candidate_id,
                "name": p.full_name,
                "email": p.email,
                "last_contact": p.last_contact.isoformat(),
                "last_contacted_at": p.last_contacted_at.isoformat() if p.last_contacted_at else None,
                "added_at": p.created_at.isoformat(),
                "consent": p.consent_status,
                "why": p.why,
            }
            for p in due
        ],
        "anonymised": run.anonymised if run else 0,
    }


def _out(text: str) -> None:
    """Stdout; on a terminal, control and bidi characters from the database are shown as escapes."""
    sys.stdout.write((visible(text, multiline=True) if sys.stdout.isatty() else text) + "\n")
