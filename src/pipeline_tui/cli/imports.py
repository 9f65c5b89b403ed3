"""`pipeline-tui import applicants|prospects FILE`: bring people in from CSV, Excel, JSON or JSON Resume files.

Exit codes (also in `pipeline-tui import --help`):
  0  every row went in or was already there (a known duplicate)
  3  some rows failed (the good ones are in; --failed-csv writes the others to fix and re-import)
  4  nothing could be read: missing, binary, empty or header-only file, no name column, an unreadable or
     encrypted workbook, or a sheet it does not have
  1  any other error (unknown job or stage, bad --map, database unavailable); 2 bad usage
"""

from __future__ import annotations

import sys

import click

from pipeline_tui.cli.context import CREATE, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup, OutputFile

MAX_LISTED = 50

EXIT_CODES_HELP = """
\b
Exit codes:
  0  every row went in, or was already there (a known duplicate)
  3  some rows failed; the good rows are in (see --failed-csv)
  4  nothing could be read (missing, binary, empty or header-only file,
     unreadable workbook, no such sheet)
  1  other errors (unknown job or stage, bad --map, database); 2 bad usage
"""

_common = [
    click.option(
        "--map",
        "mapping",
        multiple=True,
        metavar='"Column Header=field"',
        help="Say what a column holds (repeatable). Fields: name, first_name, last_name, email, phone, "
        "title, company, location, city, country, linkedin, github, website, links, source, tags, "
        "notes, summary, stage, status, applied_at, ignore.",
    ),  # fmt: skip
    click.option(
        "--update",
        is_flag=True,
        help="Overwrite fields of people already here (matched by any e-mail or profile URL); default: only fill empty ones.",
    ),  # fmt: skip
    click.option(
        "--sheet",
        metavar="NAME",
        help="The sheet of an Excel workbook (.xlsx) to read (default: the first).",
    ),
    click.option("--dry-run", is_flag=True, help="Report what would happen; change nothing."),
    click.option(
        "--failed-csv",
        type=OutputFile(),
        metavar="PATH",
        help="Write the rows that failed (with the reason) to this CSV, to fix and import again (its folder "
        "is checked before anything is imported).",
    ),  # fmt: skip
]


def common_options(fn):
    for opt in reversed(_common):
        fn = opt(fn)
    return fn


@click.group(name="import", cls=CommandGroup, epilog=EXIT_CODES_HELP)
@db_option
def import_group() -> None:
    """Import people from CSV (any common encoding and delimiter), Excel workbooks (.xlsx), JSON arrays or
    JSON Resume files.

    Columns are recognised by their header (full name or first + last name, e-mail, phone, title, company,
    location, LinkedIn, source, tags, notes, ...), including the exports of LinkedIn Recruiter, LinkedIn
    Talent Hub and Greenhouse's prospect template; lines of notes above the header row are skipped. Unknown
    columns are kept in each person's notes. People
    already here are matched by any e-mail, LinkedIn, GitHub or website URL; running the same file again creates nothing new.
    """


@import_group.command("applicants", epilog=EXIT_CODES_HELP)
@db_option
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--job", "job_title", required=True, metavar="TITLE", help="The job they applied to (its title)."
)
@click.option(
    "--stage", metavar="NAME", help="Put everyone in this stage (default: the row's stage, else the first)."
)
@click.option("--source", metavar="S", help="Source for rows that name none (e.g. 'Career fair').")
@common_options
@click.pass_context
def import_applicants_cmd(
    ctx, file, job_title, stage, source, mapping, update, sheet, dry_run, failed_csv
) -> None:
    """Import FILE as applicants to the job titled TITLE."""
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.services.imports import import_applicants

    plan = _open(file, mapping, sheet)  # a file that cannot be read leaves the database alone (or uncreated)
    store = _store(ctx, dry_run)
    job = find_job(store, job_title)
    result = import_applicants(
        store, plan, job=job.id, stage=stage, source=source, update=update, dry_run=dry_run,
        progress=_progress(),
    )  # fmt: skip
    _finish(ctx, result, f"job {result.target_name!r}", failed_csv)


@import_group.command("prospects", epilog=EXIT_CODES_HELP)
@db_option
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--pool",
    "pool_name",
    required=True,
    metavar="NAME",
    help="The talent pool. A new name is created unless it looks like a typo of an existing pool.",
)
@click.option(
    "--create-pool", is_flag=True, help="Create the pool NAME even if an existing pool is close to it."
)
@click.option("--tag", "tags", multiple=True, metavar="T", help="Tag everyone with T (repeatable).")
@common_options
@click.pass_context
def import_prospects_cmd(
    ctx, file, pool_name, create_pool, tags, mapping, update, sheet, dry_run, failed_csv
) -> None:
    """Import FILE (or a folder of JSON Resume files) as prospects into the pool NAME."""
    from pipeline_tui.cli.suggestions import check_new_pool
    from pipeline_tui.services.imports import import_prospects

    plan = _open(file, mapping, sheet)  # a file that cannot be read leaves the database alone (or uncreated)
    store = _store(ctx, dry_run)
    check_new_pool(store, pool_name, create=create_pool)
    result = import_prospects(
        store, plan, pool=pool_name, tags=tags, update=update, dry_run=dry_run, progress=_progress()
    )
    _finish(ctx, result, f"pool {result.target_name!r}", failed_csv)


def _store(ctx: click.Context, dry_run: bool):
    """Imports may create the database; a dry run, which writes nothing, never does."""
    return open_store(ctx, mode=WRITE if dry_run else CREATE)


def _open(file: str, mapping: tuple[str, ...], sheet: str | None):
    from pipeline_tui.cli import fail
    from pipeline_tui.services.imports import EXIT_UNREADABLE, ImportFileError, open_import

    try:
        return open_import(file, mapping, sheet=sheet)
    except ImportFileError as exc:
        fail(str(exc), EXIT_UNREADABLE)


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\rimporting {done:,}/{total:,} rows", err=True, nl=done >= total)

    return show


def _finish(ctx: click.Context, result, where: str, failed_csv: str | None) -> None:
    r = result.report
    plan = result.plan
    verb = "Would import" if r.dry_run else "Imported"
    _say(f"{verb} {plan.table.path.name} ({plan.table.describe()}) into {where}")
    if plan.table.header_found:
        _say(f"  {plan.table.header_found}")
    if r.dry_run:
        _say("  dry run: nothing was written")
    if result.pool_created:
        _say(f"  pool {result.target_name!r} {'would be' if r.dry_run else 'was'} created")
    other_pools = [p for p in r.pools_created if p.lower() != result.target_name.lower()]
    if other_pools:
        _say(f"  pools created from the file: {', '.join(other_pools)}")
    _say(
        f"  {r.total:,} rows: {r.created:,} created, {r.updated:,} updated, "
        f"{len(r.duplicates):,} skipped as duplicates, {len(r.failed):,} failed"
    )
    if r.applications_added or r.memberships_added:
        what = "applications" if r.applications_added else "pool memberships"
        _say(f"  {max(r.applications_added, r.memberships_added):,} {what} added")
    for w in result.warnings:
        _say(f"  warning: {w}")
    where_word = plan.table.where
    _listed("Failed:", r.failed, where_word, " (use --failed-csv to get them all)")
    _listed("Addresses of two different people:", r.conflicts, where_word)
    _listed(
        "Duplicates within the file:", [d for d in r.duplicates if d.reason.startswith("same ")], where_word
    )
    if failed_csv:
        n = result.write_failed_csv(failed_csv)
        _say(f"{n:,} failed row(s) written to {failed_csv}: fix them and import that file again")
    ctx.exit(result.exit_code)


def _listed(title: str, rows, where_word: str, more_hint: str = "") -> None:
    """A section of the report: its title, the first MAX_LISTED rows with their line, how many more."""
    if not rows:
        return
    _say(title)
    for row in rows[:MAX_LISTED]:
        _say(f"  {where_word} {row.line}: {row.reason}")
    if len(rows) > MAX_LISTED:
        _say(f"  ... and {len(rows) - MAX_LISTED:,} more{more_hint}")


def _say(line: str) -> None:
    """One line of the report: names, headers and reasons come from the file, so controls are shown, not
    sent to the terminal (a header holding ESC ]0;... would retitle it)."""
    from pipeline_tui.core.terminal import visible

    click.echo(visible(line))
