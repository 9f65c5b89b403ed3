"""`pipeline-tui interview schedule|reschedule|cancel|complete|no-show|list|ics`: interviews from scripts.

Times are typed as "YYYY-MM-DD HH:MM" in `--tz` (default: the user's zone, see core/local_time), stored in
UTC and printed back in the zone they were scheduled in. The rules are the store's (store/interviews.py); a
time in the past is accepted and said, a panel member's overlapping interview is a warning on stderr, never
a refusal. `schedule` prints what it did, then the interview's id alone on the last line (`--format json`:
the interview's object). `list` and `ics` only read the database (`ics` writes the calendar file alone).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup, OutputFile

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pipeline_tui.core.hiring_records import InterviewRecord, ScheduleResult
    from pipeline_tui.store import Store


@click.group(name="interview", cls=CommandGroup)
@db_option
def interview_group() -> None:
    """Schedule, reschedule, cancel, complete and list interviews; write calendar invites."""


def _format_option(command: Callable) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text: what happened (schedule: then the id alone on the last line). json: the interview.",
    )(command)


def _time_options(command: Callable) -> Callable:
    command = click.option("--duration", "duration_min", type=int, metavar="MIN",
                           help="Minutes, 5 to 1440 (default: the round's).")(command)  # fmt: skip
    command = click.option("--tz", "zone_name", metavar="ZONE",
                           help="The IANA zone --at is in, e.g. Europe/Berlin (default: yours).")(command)  # fmt: skip
    return click.option("--at", "at", required=True, metavar='"YYYY-MM-DD HH:MM"',
                        help="When it starts, in --tz.")(command)  # fmt: skip


@interview_group.command("schedule")
@db_option
@click.option("--application", "application_id", type=int, metavar="ID", help="The application's id.")
@click.option("--email", metavar="E", help="The person's e-mail (any of theirs); with --job.")
@click.option("--job", "job_title", metavar="TITLE", help="The job's title; with --email.")
@click.option("--round", "round_name", required=True, metavar="NAME", help="One of the job's rounds.")
@_time_options
@click.option("--panel", "panel", multiple=True, metavar="EMAIL,...",
              help="Panel members of the job's team, by e-mail or name (comma-separated or repeated).")  # fmt: skip
@click.option("--location", metavar="TEXT", help="Where: a room, an address or a video link.")
@_format_option
@click.pass_context
def interview_schedule(
    ctx: click.Context,
    application_id: int | None,
    email: str | None,
    job_title: str | None,
    round_name: str,
    at: str,
    zone_name: str | None,
    duration_min: int | None,
    panel: tuple[str, ...],
    location: str | None,
    fmt: str,
) -> None:
    """Schedule an interview for an active application in one of its job's rounds."""
    from pipeline_tui.cli.applicant import _find

    if application_id is None and not (email and job_title):
        raise click.UsageError("name the application: --application ID, or --email E with --job TITLE")
    if application_id is not None and email:
        raise click.UsageError("give --application or --email, not both")
    zone, start = _when(at, zone_name)
    store = open_store(ctx, mode=WRITE)
    line = _find(store, application_id, email, job_title)
    found = store.rounds.find(line.job_id, round_name)
    result = store.interviews.schedule(
        line.id,
        found.id,
        start,
        timezone=zone.key,
        duration_min=duration_min,
        location=location,
        panel=_members(store, panel),
    )
    _told(result, "Scheduled", fmt, new=True)


@interview_group.command("reschedule")
@db_option
@click.argument("interview_id", type=int, metavar="ID")
@_time_options
@click.option("--location", metavar="TEXT", help="A new place or video link ('' clears it).")
@_format_option
@click.pass_context
def interview_reschedule(
    ctx: click.Context,
    interview_id: int,
    at: str,
    zone_name: str | None,
    duration_min: int | None,
    location: str | None,
    fmt: str,
) -> None:
    """Move a scheduled interview (the invite keeps its UID; its SEQUENCE goes up). --at is read in --tz
    (default: your zone); with --tz the interview's zone becomes that one."""
    zone, start = _when(at, zone_name)
    store = open_store(ctx, mode=WRITE)
    result = store.interviews.reschedule(
        interview_id,
        start,
        timezone=zone.key if zone_name is not None else None,
        duration_min=duration_min,
        location=location,
    )
    _told(result, "Rescheduled", fmt)


@interview_group.command("panel")
@db_option
@click.argument("interview_id", type=int, metavar="ID")
@click.option("--panel", "panel", multiple=True, required=True, metavar="EMAIL,...",
              help="The whole new panel, by e-mail or name (comma-separated or repeated).")  # fmt: skip
@_format_option
@click.pass_context
def interview_panel(ctx: click.Context, interview_id: int, panel: tuple[str, ...], fmt: str) -> None:
    """Set who sits on an interview's panel (scheduled or completed; the invite's SEQUENCE goes up)."""
    store = open_store(ctx, mode=WRITE)
    _told(store.interviews.set_panel(interview_id, _members(store, panel)), "Panel set for", fmt)


def _status_command(name: str, verb: str, doc: str) -> None:
    @interview_group.command(name, help=doc)
    @db_option
    @click.argument("interview_id", type=int, metavar="ID")
    @_format_option
    @click.pass_context
    def change(ctx: click.Context, interview_id: int, fmt: str) -> None:
        store = open_store(ctx, mode=WRITE)
        method = {"cancel": store.interviews.cancel, "complete": store.interviews.complete}.get(
            name, store.interviews.no_show
        )
        _said(method(interview_id), verb, fmt)


_status_command("cancel", "Cancelled", "Cancel a scheduled interview (its invite becomes a cancellation).")
_status_command("complete", "Completed", "Mark an interview as held, once its start has passed.")
_status_command("no-show", "No show:", "Record that the person did not come, once its start has passed.")


@interview_group.command("list")
@db_option
@click.option("--job", "job_title", metavar="TITLE", help="Only this job's interviews.")
@click.option("--from", "from_day", metavar="YYYY-MM-DD", help="From this day (your zone).")
@click.option("--to", "to_day", metavar="YYYY-MM-DD", help="Up to and including this day (your zone).")
@click.option("--interviewer", metavar="EMAIL", help="Only interviews with this team member on the panel.")
@click.option("--email", metavar="E", help="Only this person's interviews (any of their e-mails).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line each, in your zone. json: an array of interviews.")  # fmt: skip
@click.pass_context
def interview_list(ctx: click.Context, fmt: str, **filters: str | None) -> None:
    """Interviews in time order. Reads the database only.

    \b
    JSON objects: id, application_id, person, job, round, starts_at (ISO 8601 with the offset of its
      timezone), timezone, duration_min, status, panel (e-mails), location.
    """
    from pipeline_tui.core.local_time import user_zone

    store = open_store(ctx, mode=READ)
    found = _listed(store, **filters)
    if fmt == "json":
        _write_json([interview_object(iv) for iv in found])
        return
    if not found:
        click.echo("No interviews match.")
        return
    zone = user_zone()
    for iv in found:
        click.echo(_table_line(iv, zone))


@interview_group.command("ics")
@db_option
@click.argument("interview_id", type=int, metavar="[ID]", required=False)
@click.option("--interviewer", metavar="EMAIL", help="Every interview of this team member.")
@click.option("--email", metavar="E", help="Every interview of this person.")
@click.option("--from", "from_day", metavar="YYYY-MM-DD", help="From this day (your zone).")
@click.option("--to", "to_day", metavar="YYYY-MM-DD", help="Up to and including this day (your zone).")
@click.option("-o", "--output", "output", type=OutputFile(), required=True, metavar="FILE",
              help="The .ics file to write.")  # fmt: skip
@click.pass_context
def interview_ics(
    ctx: click.Context,
    interview_id: int | None,
    interviewer: str | None,
    email: str | None,
    from_day: str | None,
    to_day: str | None,
    output: str,
) -> None:
    """Write calendar invites (.ics): one interview's (ID), or every interview of a team member or a person
    over --from/--to, for a calendar to import. Reads the database only."""
    from pathlib import Path

    from pipeline_tui.services.calendar import calendar_of, interview_invite

    if sum(x is not None for x in (interview_id, interviewer, email)) != 1:
        raise click.UsageError("name what to write: an interview ID, --interviewer EMAIL or --email E")
    if interview_id is not None and (from_day or to_day):
        raise click.UsageError("--from and --to go with --interviewer or --email")
    store = open_store(ctx, mode=READ)
    if interview_id is not None:
        iv = store.interviews.get(interview_id)
        data, count = interview_invite(iv, organizer=_organizer(store, iv)), 1
    else:
        found = _listed(
            store, job_title=None, from_day=from_day, to_day=to_day, interviewer=interviewer, email=email
        )
        data, count = calendar_of(found), len(found)
    Path(output).expanduser().write_bytes(data)
    from pipeline_tui.core.terminal import visible

    click.echo(visible(f"Wrote {count} {'interview' if count == 1 else 'interviews'} to {output}"))


# -- reading what was typed --------------------------------------------------------------------------------


def _when(at: str, zone_name: str | None) -> tuple[ZoneInfo, datetime]:
    from pipeline_tui.core.local_time import parse_wall_clock, user_zone_name, zone_named

    zone = zone_named(zone_name if zone_name is not None else user_zone_name())
    return zone, parse_wall_clock(at, zone)


def _members(store: Store, specs: Sequence[str]) -> list[int]:
    """Team member ids from e-mails or names, comma-separated or repeated; NotFound names the closest."""
    names = [part.strip() for spec in specs for part in spec.split(",") if part.strip()]
    return [store.team.find(name).id for name in names]


def _listed(
    store: Store,
    *,
    job_title: str | None,
    from_day: str | None,
    to_day: str | None,
    interviewer: str | None,
    email: str | None,
) -> list[InterviewRecord]:
    from pipeline_tui.cli.suggestions import find_job
    from pipeline_tui.core.errors import InvalidInput, NotFound
    from pipeline_tui.core.local_time import day_bounds, parse_day, user_zone

    zone = user_zone()
    start = day_bounds(parse_day(from_day), zone)[0] if from_day else None
    end = day_bounds(parse_day(to_day), zone)[1] if to_day else None
    if start is not None and end is not None and end <= start:
        raise InvalidInput(f"--to {to_day} is before --from {from_day}")
    job_id = find_job(store, job_title).id if job_title else None
    member_id = store.team.find(interviewer).id if interviewer else None
    candidate_id = None
    if email:
        person = store.candidates.find_by_email(email)
        if person is None:
            raise NotFound(f"no one has the e-mail {email!r}")
        candidate_id = person.id
    return store.interviews.list(
        job_id=job_id, start=start, end=end, member_id=member_id, candidate_id=candidate_id, limit=100_000
    )


def _organizer(store: Store, iv: InterviewRecord):  # noqa: ANN202 - a MemberRef or None
    """Who sends the invite: the job's coordinator, else its recruiter, else nobody named."""
    from pipeline_tui.core.hiring_records import MemberRef

    detail = store.jobs.job_detail(iv.job_id)
    member = detail.coordinator or detail.recruiter
    if member is None or not member.email:
        return None
    return MemberRef(id=member.id, name=member.name, email=member.email)


# -- output ------------------------------------------------------------------------------------------------


def interview_object(iv: InterviewRecord) -> dict:
    """One interview as `interview list --format json` shows it: starts_at in its own zone, with offset."""
    from pipeline_tui.core.local_time import zone_named

    return {
        "id": iv.id,
        "application_id": iv.application_id,
        "person": iv.person,
        "job": iv.job,
        "round": iv.round_name,
        "starts_at": iv.starts_at.astimezone(zone_named(iv.timezone)).isoformat(),
        "timezone": iv.timezone,
        "duration_min": iv.duration_min,
        "status": iv.status,
        "panel": [m.email or m.name for m in iv.panel],
        "location": iv.location,
    }


def _told(result: ScheduleResult, verb: str, fmt: str, *, new: bool = False) -> None:
    """A (re)scheduled interview, its past start and its conflicts (warnings on stderr)."""
    from pipeline_tui.core.local_time import show_time, zone_named

    iv = result.interview
    zone = zone_named(iv.timezone)
    if result.in_past:
        _warn(
            f"{show_time(iv.starts_at, zone)} ({iv.timezone}) is in the past: recorded as an interview that "
            f"already took place; mark it held with `interview complete {iv.id}` (or `interview no-show {iv.id}`)"
        )
    for c in result.conflicts:
        _warn(
            f"warning: {c.member.name} already has an interview then: {c.person} for {c.job} at "
            f"{show_time(c.starts_at, zone)} ({c.duration_min} min, interview #{c.interview_id})"
        )
    if fmt == "json":
        _write_json(interview_object(iv))
        return
    _said(iv, verb, fmt)
    if new:
        click.echo(str(iv.id))


def _said(iv: InterviewRecord, verb: str, fmt: str) -> None:
    from pipeline_tui.core.local_time import show_time, zone_named
    from pipeline_tui.core.terminal import visible

    if fmt == "json":
        _write_json(interview_object(iv))
        return
    panel = ", ".join(m.name for m in iv.panel) or "no panel"
    where = f", {iv.location}" if iv.location else ""
    click.echo(
        visible(
            f"{verb} {iv.round_name} with {iv.person} for {iv.job}: "
            f"{show_time(iv.starts_at, zone_named(iv.timezone))} {iv.timezone}, {iv.duration_min} min{where}; "
            f"panel: {panel} (interview #{iv.id})"
        )
    )


def _table_line(iv: InterviewRecord, zone: ZoneInfo) -> str:
    from pipeline_tui.core.local_time import to_local
    from pipeline_tui.core.terminal import visible

    when = f"{to_local(iv.starts_at, zone):%Y-%m-%d %H:%M}"
    panel = ", ".join(m.name for m in iv.panel) or "-"
    cells = (
        f"{iv.id:<6}",
        f"{when:<18}",
        f"{iv.duration_min:>4} min  ",
        f"{iv.status.replace('_', ' '):<11}",
        f"{_cut(iv.person, 22):<24}",
        f"{_cut(iv.round_name, 22):<24}",
        f"{_cut(iv.job, 22):<24}",
        panel,
    )
    return visible("".join(cells).rstrip())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _warn(text: str) -> None:
    from pipeline_tui.core.terminal import visible

    click.echo(f"pipeline-tui: {visible(text)}", err=True)


def _write_json(data: object) -> None:
    from pipeline_tui.cli.applicant import _write

    _write([json.dumps(data, ensure_ascii=False, indent=2) + "\n"])
