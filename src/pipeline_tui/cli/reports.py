"""`pipeline-tui report KIND [--job TITLE] [--from D] [--to D] [--format table|json|csv|html] [-o FILE]`:
the Reports screen's figures for scripts and e-mail (services/reports.py runs them, so both agree).

A report only reads: the database is opened read-only (a missing file is an error, never a new database) and
nothing but `-o`'s file is written, atomically (a failure leaves the old file or none). Every bad input (an
unknown report, job or date, from after to, `--job` with sequences) is one line, and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, db_option, open_store
from pipeline_tui.cli.options import OutputFile

if TYPE_CHECKING:
    from pipeline_tui.services.reports import ReportResult

# ReportKind's values (core/report_records.py), spelt out so `--help` needs no pydantic; a test checks them.
REPORTS = ("funnel", "stages", "hiring", "sources", "rejections", "journey", "sequences")
FORMATS = ("table", "json", "csv", "html")


class ReportName(click.Choice):
    """A report's name; anything else is one line listing the reports."""

    def __init__(self) -> None:
        super().__init__(REPORTS)

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"no report named {str(value)!r}; the reports are {', '.join(REPORTS)}", param, ctx)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A day as typed, checked while the command line is read: a bad one names its option."""
    from pipeline_tui.core.errors import InvalidInput
    from pipeline_tui.core.report_range import parse_range

    if value is not None:
        try:
            parse_range(value, None)
        except InvalidInput as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@click.command("report")
@db_option
@click.argument("kind", type=ReportName(), metavar="KIND")
@click.option(
    "--job", "job_title", metavar="TITLE", help="Only this job's applications (default: every job)."
)
@click.option("--from", "start", metavar="YYYY-MM-DD", callback=_day,
              help="Applications from this day on (in your time zone; journey: pool members who joined).")  # fmt: skip
@click.option("--to", "end", metavar="YYYY-MM-DD", callback=_day, help="Up to and including this day.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table: a title line and aligned columns. json: the report's objects (README, Reports). csv: the table, "
              "spreadsheet-safe. html: one self-contained page with the chart. Default: what -o's name ends in "
              "(.csv, .json, .html), else table.")  # fmt: skip
@click.option("-o", "--output", type=OutputFile(), metavar="FILE",
              help="Write to FILE (replaced only when the whole report is written) instead of stdout.")  # fmt: skip
@click.pass_context
def report(ctx: click.Context, kind: str, job_title: str | None, start: str | None, end: str | None,
           fmt: str | None, output: str | None) -> None:  # fmt: skip
    """A report over the cohort: applications whose applied_at falls on the days --from..--to (both
    included; default all time), to --job or to any job. Sequences count touches done on those days, the
    pool journey people who joined a pool on them. README "Reports" defines every figure.

    \b
    Reports:
      funnel      per stage: reached, rejected, withdrawn, conversion to the next stage
      stages      time in stage: median and mean days of completed stays, with n
      hiring      hires, time to hire, time to fill, offer acceptance rate
      sources     applications and hires per source, and yield
      rejections  count by reason, stage and kind (rejected by us / withdrew)
      journey     per pool: members, contacted, engaged, handed off, reached offer, hired
      sequences   per sequence and step: touches done, replies, opt-outs, reply rate
    \b
    Examples:
      pipeline-tui report funnel --job "Backend Engineer" --from 2026-01-01
      pipeline-tui report sources --format json
      pipeline-tui report hiring --format html -o hiring.html
    """
    from pipeline_tui.core.local_time import user_zone
    from pipeline_tui.core.report_range import ReportFilter, parse_range
    from pipeline_tui.core.report_records import ReportKind
    from pipeline_tui.services.reports import headline_count, run_report

    report_kind = ReportKind(kind)
    if job_title is not None and report_kind is ReportKind.SEQUENCES:
        raise click.UsageError("sequences are not per job: leave out --job")
    days = parse_range(start, end)  # from after to: one line, before the database is opened
    store = open_store(ctx, mode=READ)
    job_id, title = _job(store, job_title)
    f = ReportFilter(job_id=job_id, start=days[0], end=days[1])
    fmt = fmt or format_of(output)
    zone = user_zone()
    result = run_report(store, report_kind, f, zone, job=title)
    count = headline_count(store, result, zone) if fmt == "table" else 0
    if output:
        _write_file(result, fmt, output, count)
        from pipeline_tui.core.terminal import visible

        click.echo(visible(f"Wrote the {report_kind.title.lower()} report ({fmt}) to {output}"), err=True)
    else:
        _print(_text(result, fmt, count))


def format_of(output: str | None) -> str:
    """Without --format, the format -o's file name ends in (report.csv is CSV); anything else is the table."""
    from pathlib import PurePath

    suffix = PurePath(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in ("csv", "json", "html") else "table"


def _job(store, job_title: str | None) -> tuple[int | None, str | None]:  # noqa: ANN001 - the Store
    """The job's id and title as stored; an unknown title names the closest ones."""
    if job_title is None:
        return None, None
    from pipeline_tui.cli.suggestions import find_job

    job = find_job(store, job_title)
    return job.id, job.title


def _text(result: ReportResult, fmt: str, count: int) -> str:
    """The whole report as printed (`count`: the table's title line's n): reports are small, so it is made
    first and a failure prints nothing."""
    if fmt == "table":
        from pipeline_tui.cli.report_output import report_lines

        return "\n".join(report_lines(result, count)) + "\n"
    from pipeline_tui.services.report_files import report_text

    text = report_text(result, fmt)
    return text if text.endswith("\n") else text + "\n"


def _print(text: str) -> None:
    """Faithful UTF-8 to a file or a pipe; on a terminal controls and bidi characters are shown as escapes."""
    from pipeline_tui.cli.applicant import _write

    _write([text])


def _write_file(result: ReportResult, fmt: str, path: str, count: int) -> None:
    """The report into `path` through a temporary file in the same folder, renamed over it once complete
    (services/report_files.py writes CSV, JSON and HTML the same way the Reports screen's export does)."""
    if fmt != "table":
        from pipeline_tui.services.report_files import write_report

        write_report(result, fmt, path)
        return
    import os
    import tempfile
    from pathlib import Path

    target = Path(path).expanduser()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(_text(result, fmt, count))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
