"""`pipeline-tui export applicants|prospects|jobs`: a faithful JSON or CSV dump, streamed to stdout or a file."""

from __future__ import annotations

import sys

import click

from pipeline_tui.cli.context import READ, db_option, open_store
from pipeline_tui.cli.options import OutputFile


@click.command()
@db_option
@click.argument(
    "kind", type=click.Choice(["applicants", "prospects", "jobs"]), metavar="applicants|prospects|jobs"
)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="JSON: one array of objects. CSV: flat columns, formula-like cells neutralised.")  # fmt: skip
@click.option("--job", "job_title", metavar="TITLE", help="Only people in this job's pipeline (its title).")
@click.option("--pool", "pool_name", metavar="NAME", help="Only people in this talent pool.")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: UTF-8 with a byte-order mark (implies --format csv).")  # fmt: skip
@click.option("-o", "--output", type=OutputFile(), metavar="FILE",
              help="Write to FILE (replaced only when the export succeeds) instead of stdout.")  # fmt: skip
@click.pass_context
def export(ctx: click.Context, kind: str, fmt: str, job_title: str | None, pool_name: str | None,
           output: str | None, excel: bool = False) -> None:  # fmt: skip
    """Export applicants (each application with its stage history) or prospects (every person with pools
    and tags).

    \b
    Applicant objects: name, email, job, stage, status, source, applied_at, stage_entered_at,
      rejection_reason, rejection_note, rating, history [{from, to, action, at, actor; offer_id on a hire
      by an accepted offer}], interviews, scorecards, offers.
    Prospect objects: id, name, email, phone, title, company, location, source, linkedin, github,
      website, pools [{name, status}], tags, last_contacted_at, created_at.
    Job objects: the same as `job list --format json`.
    Times are UTC, ISO 8601. --job and --pool combine (applicants and prospects only).
    """
    from pipeline_tui.cli.suggestions import find_job, find_pool
    from pipeline_tui.services.export import ExportRequest, export_to_file, export_to_stream

    if excel:
        if fmt == "json" and ctx.get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT:
            raise click.UsageError("--excel writes CSV for spreadsheets; it does not go with --format json")
        fmt = "csv"
    store = open_store(ctx, mode=READ)
    if kind == "jobs":
        if job_title or pool_name:
            raise click.UsageError(
                "--job and --pool choose applicants or prospects; they do not go with jobs"
            )
        from pipeline_tui.services.job_export import export_jobs

        n = export_jobs(store, fmt, output, excel=excel)
        if output:
            click.echo(f"Exported {n:,} jobs to {output}", err=True)
        return
    if job_title:
        find_job(store, job_title)  # an unknown title names the closest ones
    if pool_name:
        find_pool(store, pool_name)
    request = ExportRequest(kind=kind, fmt=fmt, job_title=job_title, pool_name=pool_name, excel=excel)
    if output:
        n = export_to_file(store, request, output)
        click.echo(f"Exported {n:,} {kind} to {output}", err=True)
    else:
        from pipeline_tui.core.terminal import VisibleOutput

        sys.stdout.flush()
        # A file (or a pipe) gets the faithful bytes; a terminal is shown them with controls made visible.
        out = VisibleOutput(sys.stdout.buffer) if sys.stdout.isatty() else sys.stdout.buffer
        export_to_stream(store, request, out)
        sys.stdout.flush()
