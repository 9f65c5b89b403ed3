"""`pipeline-tui applicant move|reject|withdraw|reopen|hire|list`: the pipeline from scripts.

Each change is the store call the board makes (store/applications.py), so the rules and refusals are the
board's: a closed application is not moved, a stale `--expect-version` is refused with the store's
StaleVersion and nothing is written. An application is named by `--application ID`, or by `--email E --job
T` (any of the person's addresses). Each change prints one line of what happened, or with `--format json`
the application as `applicant list --format json` shows it.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

if TYPE_CHECKING:
    from pipeline_tui.core.records import ApplicantLine, ApplicationRecord
    from pipeline_tui.store import Store

# The keys of an application's JSON object (and the CSV columns), in order.
OBJECT_FIELDS = (
    "id",
    "name",
    "email",
    "job",
    "stage",
    "stage_kind",
    "status",
    "reason",
    "source",
    "rating",
    "applied_at",
    "stage_entered_at",
    "version",
    "candidate_id",
)
STATUSES = ("active", "rejected", "withdrawn", "hired")


@click.group(name="applicant", cls=CommandGroup)
@db_option
def applicant_group() -> None:
    """Move, reject, withdraw, reopen, hire and list a job's applicants, with the board's rules."""


def _which(command: Callable) -> Callable:
    """The options every change shares: which application, the version expected, the output."""
    for option in reversed(
        [
            db_option,
            click.option(
                "--application",
                "application_id",
                type=int,
                metavar="ID",
                help="The application's id (see `applicant list`).",
            ),
            click.option("--email", metavar="E", help="The person's e-mail (any of theirs); with --job."),
            click.option("--job", "job_title", metavar="TITLE", help="The job's title; with --email."),
            click.option(
                "--expect-version",
                type=click.IntRange(min=1),
                metavar="N",
                help="Refuse (and change nothing) unless the application is at version N.",
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["text", "json"]),
                default="text",
                show_default=True,
                help="text: one line. json: the application's object.",
            ),
            click.pass_context,
        ]
    ):
        command = option(command)
    return command


# -- the changes -------------------------------------------------------------------------------------------


@applicant_group.command("move")
@_which
@click.option("--to", "stage_name", required=True, metavar="STAGE", help="The stage to move to.")
def applicant_move(ctx: click.Context, stage_name: str, **which) -> None:
    """Move an active applicant to another stage of their job (into the hired stage: a hire)."""
    from pipeline_tui.core.vocabulary import StageKind

    store, line, version = _target(ctx, **which)
    stage = store.jobs.find_stage(line.job_id, stage_name)
    move = store.applications.move_to_stage
    if stage.kind == StageKind.HIRED:
        _hire(store, line, lambda: move(line.id, stage.id, version), which["fmt"])
        return
    after = _changed(store, line, lambda: move(line.id, stage.id, version))
    _said(after, f"{after.name} moved from {line.stage} to {after.stage} in {after.job}", which["fmt"])


@applicant_group.command("reject")
@_which
@click.option("--reason", "reason_name", required=True, metavar="R", help="A rejection reason's name.")
@click.option("--note", metavar="T", help="A note kept with the rejection.")
def applicant_reject(ctx: click.Context, reason_name: str, note: str | None, **which) -> None:
    """Reject an active applicant with a reason (the board's `x`)."""
    _close(ctx, "rejected", reason_name, note, which)


@applicant_group.command("withdraw")
@_which
@click.option("--reason", "reason_name", required=True, metavar="R", help="Why they withdrew (its name).")
@click.option("--note", metavar="T", help="A note kept with the withdrawal.")
def applicant_withdraw(ctx: click.Context, reason_name: str, note: str | None, **which) -> None:
    """Record that an active applicant withdrew, with the reason they gave."""
    _close(ctx, "withdrew", reason_name, note, which)


def _close(ctx: click.Context, category: str, reason_name: str, note: str | None, which: dict) -> None:
    from pipeline_tui.cli.suggestions import find_reason

    store, line, version = _target(ctx, **which)
    reason = find_reason(store, reason_name, category)
    close = store.applications.withdraw if category == "withdrew" else store.applications.reject
    after = _changed(store, line, lambda: close(line.id, reason.id, version, note=note or None))
    what = "withdrew from" if category == "withdrew" else "rejected in"
    _said(after, f"{after.name} {what} {after.job} at {after.stage}: {reason.name}", which["fmt"])


@applicant_group.command("reopen")
@_which
def applicant_reopen(ctx: click.Context, **which) -> None:
    """Make a rejected, withdrawn or hired applicant active again (a hire goes back to the stage before)."""
    store, line, version = _target(ctx, **which)
    after = _changed(store, line, lambda: store.applications.reopen(line.id, version))
    _said(
        after, f"{after.name} reopened ({line.status} before) in {after.job} at {after.stage}", which["fmt"]
    )


@applicant_group.command("hire")
@_which
def applicant_hire(ctx: click.Context, **which) -> None:
    """Hire an active applicant: into the job's hired stage. Warns when the job's hires already reach its
    headcount, and says when this hire fills it."""
    store, line, version = _target(ctx, **which)
    _hire(store, line, lambda: store.applications.hire(line.id, version), which["fmt"])


def _hire(store: Store, line: ApplicantLine, write: Callable[[], ApplicationRecord], fmt: str) -> None:
    """One hire (a move into the hired stage or `hire`); the headcount is said on stderr once it is done."""
    before, headcount = store.jobs.headcount(line.job_id)
    after = _changed(store, line, write)
    _said(after, f"{after.name} hired in {after.job} ({after.stage})", fmt)
    say_headcount(after.job, before, headcount)


def say_headcount(job: str, before: int, headcount: int) -> None:
    """After a hire (here, or by an accepted offer): on stderr, whether the job's headcount was already
    reached, or is reached by this hire (and how to mark the job filled)."""
    if before >= headcount:
        _note(f"{job} already has {before} of {headcount} {'hire' if headcount == 1 else 'hires'}")
    elif before + 1 >= headcount:
        _note(f"hire {before + 1} of {headcount}: run `pipeline-tui job status {shlex.quote(job)} filled`")


# -- which application -------------------------------------------------------------------------------------


def _target(
    ctx: click.Context,
    *,
    application_id: int | None,
    email: str | None,
    job_title: str | None,
    expect_version: int | None,
    fmt: str,
) -> tuple[Store, ApplicantLine, int]:
    """The store, the application named and the version to expect (the current one unless given)."""
    if application_id is None and not (email and job_title):
        raise click.UsageError("name the application: --application ID, or --email E with --job TITLE")
    if application_id is not None and email:
        raise click.UsageError("give --application or --email, not both")
    store = open_store(ctx, mode=WRITE)
    line = _find(store, application_id, email, job_title)
    return store, line, expect_version if expect_version is not None else line.version


def _find(
    store: Store, application_id: int | None, email: str | None, job_title: str | None
) -> ApplicantLine:
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.errors import NotFound

    job = find_job(store, job_title) if job_title else None
    if application_id is not None:
        line = store.applications.listed(application_id)
        if job is not None and line.job_id != job.id:
            raise NotFound(
                f"application #{application_id} is {line.name}'s to {line.job}, not to {job.title}"
            )
        return line
    assert email is not None and job is not None
    person = store.candidates.find_by_email(email)
    if person is None:
        raise NotFound(f"no one has the e-mail {email!r}")
    line = store.applications.in_job(person.id, job.id)
    if line is None:
        raise NotFound(f"{person.full_name} ({email}) has not applied to {job.title}")
    return line


def _changed(store: Store, line: ApplicantLine, write: Callable[[], ApplicationRecord]) -> ApplicantLine:
    """Run one store change; the application as it is after it. A stale --expect-version is the store's
    refusal, with the version the application is at, so a script can read it again and decide."""
    from pipeline_tui.core.errors import StaleVersion

    try:
        record = write()
    except StaleVersion as exc:
        if exc.current_version is None:
            raise
        raise StaleVersion(
            f"{exc} (application #{line.id} is at version {exc.current_version})", exc.current_version
        ) from None
    return store.applications.listed(record.id)


# -- output ------------------------------------------------------------------------------------------------


def _said(line: ApplicantLine, sentence: str, fmt: str) -> None:
    """What happened: one literal line with the new version, or the application's JSON object."""
    if fmt == "json":
        import json

        _write([json.dumps(applicant_object(line), ensure_ascii=False, indent=2) + "\n"])
        return
    from pipeline_tui.core.terminal import visible

    click.echo(visible(f"{sentence} (application #{line.id}, version {line.version})"))


def _note(text: str) -> None:
    from pipeline_tui.core.terminal import visible

    click.echo(f"pipeline-tui: {visible(text)}", err=True)


def applicant_object(line: ApplicantLine) -> dict:
    """The JSON object of one application (`applicant list` and each change with --format json)."""
    from pipeline_tui.services.export import when

    return {
        "id": line.id,
        "name": line.name,
        "email": line.email,
        "job": line.job,
        "stage": line.stage,
        "stage_kind": line.stage_kind,
        "status": line.status,
        "reason": line.reason,
        "source": line.source,
        "rating": line.rating,
        "applied_at": when(line.applied_at),
        "stage_entered_at": when(line.stage_entered_at),
        "version": line.version,
        "candidate_id": line.candidate_id,
    }


def _write(chunks: Iterable[str]) -> None:
    """Faithful UTF-8 to a file or pipe; on a terminal, controls and bidi characters are shown, not obeyed."""
    from pipeline_tui.core.terminal import VisibleOutput

    sys.stdout.flush()
    out: IO[bytes] = VisibleOutput(sys.stdout.buffer) if sys.stdout.isatty() else sys.stdout.buffer
    for chunk in chunks:
        out.write(chunk.encode("utf-8"))
    out.flush()


# -- list --------------------------------------------------------------------------------------------------


@applicant_group.command("list")
@db_option
@click.option("--job", "job_title", required=True, metavar="TITLE", help="The job's title.")
@click.option("--stage", "stage_name", metavar="S", help="Only applicants in this stage.")
@click.option("--status", type=click.Choice(STATUSES), help="Only applicants with this status.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: aligned columns. json: one array. csv: spreadsheet-safe.",
)
@click.pass_context
def applicant_list(
    ctx: click.Context, job_title: str, stage_name: str | None, status: str | None, fmt: str
) -> None:
    """A job's applicants, oldest application first (read in pages: a big job starts printing at once).

    \b
    JSON objects: id, name, email, job, stage, stage_kind, status, reason, source, rating, applied_at,
      stage_entered_at (UTC, ISO 8601), version (pass it back as --expect-version), candidate_id.
    """
    from pipeline_tui.cli.suggestions import find_job

    store = open_store(ctx, mode=READ)
    job = find_job(store, job_title)
    stage = store.jobs.find_stage(job.id, stage_name) if stage_name else None
    pages = store.applications.listing(job.id, stage_id=stage.id if stage else None, status=status)
    n = _write_list(pages, fmt)
    click.echo(f"{n:,} {'applicant' if n == 1 else 'applicants'} in {job.title}", err=True)


def _write_list(pages: Iterable[list[ApplicantLine]], fmt: str) -> int:
    counted = [0]

    def counting() -> Iterable[list[ApplicantLine]]:
        for page in pages:
            counted[0] += len(page)
            yield page

    writer = {"json": _json_chunks, "csv": _csv_chunks, "table": _table_chunks}[fmt]
    _write(writer(counting()))
    return counted[0]


def _json_chunks(pages: Iterable[list[ApplicantLine]]) -> Iterable[str]:
    import json

    first = True
    yield "["
    for page in pages:
        for line in page:
            yield ("\n  " if first else ",\n  ") + json.dumps(applicant_object(line), ensure_ascii=False)
            first = False
    yield "\n]\n" if not first else "]\n"


def _csv_chunks(pages: Iterable[list[ApplicantLine]]) -> Iterable[str]:
    import csv
    import io

    from pipeline_tui.services.export import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OBJECT_FIELDS)
    for page in pages:
        for line in page:
            obj = applicant_object(line)
            writer.writerow([neutralise(obj[field]) for field in OBJECT_FIELDS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone when there is no page


# Columns of the table: (heading, width); the last one is not padded.
TABLE = (("ID", 7), ("NAME", 26), ("EMAIL", 32), ("STAGE", 18), ("STATUS", 10), ("VERSION", 0))


def _table_chunks(pages: Iterable[list[ApplicantLine]]) -> Iterable[str]:
    from pipeline_tui.core.terminal import visible

    yield _table_row([heading for heading, _ in TABLE])
    for page in pages:
        yield "".join(
            _table_row(
                [
                    str(x.id),
                    visible(x.name),
                    visible(x.email or ""),
                    visible(x.stage),
                    x.status,
                    str(x.version),
                ]
            )
            for x in page
        )


def _table_row(cells: list[str]) -> str:
    parts = []
    for cell, (_, width) in zip(cells, TABLE, strict=True):
        if width:
            parts.append((cell if len(cell) < width else cell[: width - 2] + "…").ljust(width))
        else:
            parts.append(cell)
    return "".join(parts).rstrip() + "\n"
