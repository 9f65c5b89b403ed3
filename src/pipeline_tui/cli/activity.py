"""`pipeline-tui activity [--job T] [--by EMAIL] [--since DATE] [--limit N] [--format table|json]`: who did
what, when, from the change log (the Activity screen's feed, store/change_feed.py), newest first.

It only reads: the database is opened read-only, so neither the file nor the team (the current user is not
made a member) changes. A bad date, an unknown job or team member is one line naming the closest ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, db_option, open_store

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pipeline_tui.core.change_records import ChangeRecord, FeedQuery
    from pipeline_tui.store import Store

FORMATS = ("table", "json")
# Rows read per page: a long feed starts printing at once and is never held whole.
PAGE = 500
WHEN_WIDTH, WHO_WIDTH, WHAT_WIDTH = 18, 22, 64
NO_ACTIVITY = "No activity."


def local_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A local day as typed, checked while the command line is read: a bad one names its option."""
    from pipeline_tui.core.errors import InvalidInput
    from pipeline_tui.core.local_time import parse_day

    if value is not None:
        try:
            parse_day(value)
        except InvalidInput as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@click.command("activity")
@db_option
@click.option(
    "--job", "job_title", metavar="TITLE", help="Only this job's changes (its board, stages, team)."
)
@click.option("--by", "member", metavar="EMAIL|NAME", help="Only the changes this team member made.")
@click.option("--since", metavar="YYYY-MM-DD", callback=local_day,
              help="Only changes made on this day (in your time zone) or later.")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="At most this many changes, the newest.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: When, Who, What, Job. json: one array of objects.")  # fmt: skip
@click.pass_context
def activity(ctx: click.Context, job_title: str | None, member: str | None, since: str | None, limit: int,
             fmt: str) -> None:  # fmt: skip
    """Who did what, when: the activity log, newest first (times in your time zone).

    \b
    JSON objects: seq, at (ISO 8601 with your zone's offset), actor, actor_email, kind, entity,
      entity_id, job_id, job, candidate_id, subject, detail, text (the sentence).
    \b
    Examples:
      pipeline-tui activity --job "Backend Engineer" --since 2026-12-01
      pipeline-tui activity --by ann@example.com --format json
    """
    from pipeline_tui.core.change_records import FeedQuery
    from pipeline_tui.core.local_time import day_bounds, naive_utc, parse_day, user_zone

    zone = user_zone()
    start = naive_utc(day_bounds(parse_day(since), zone)[0]) if since else None
    store = open_store(ctx, mode=READ)
    job_id = _job_id(store, job_title)
    actor_id = store.team.find(member).id if member is not None else None
    query = FeedQuery(job_id=job_id, actor_id=actor_id, since=start, limit=min(limit, PAGE))
    records = _records(store, query, limit)
    chunks = _json_chunks(records, zone) if fmt == "json" else _table_chunks(records, zone)
    from pipeline_tui.cli.applicant import _write

    _write(chunks)


def _job_id(store: Store, title: str | None) -> int | None:
    if title is None:
        return None
    from pipeline_tui.cli.suggestions import find_job

    return find_job(store, title).id


def _records(store: Store, query: FeedQuery, limit: int) -> Iterator[ChangeRecord]:
    """The newest `limit` changes that match, read page by page below the last one printed."""
    from dataclasses import replace

    left = limit
    while left > 0:
        page = store.activity_feed.feed(replace(query, limit=min(left, PAGE)))
        yield from page
        left -= len(page)
        if len(page) < query.limit or left <= 0:
            return
        query = replace(query, before_seq=page[-1].seq)


def activity_object(record: ChangeRecord, zone: ZoneInfo) -> dict:
    """One change as `--format json` prints it (the fields are a contract: README "Activity")."""
    return {
        "seq": record.seq,
        "at": _local(record.at, zone).isoformat(timespec="seconds"),
        "actor": record.actor,
        "actor_email": record.actor_email,
        "kind": record.kind,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "job_id": record.job_id,
        "job": record.job_title,
        "candidate_id": record.candidate_id,
        "subject": record.subject,
        "detail": record.detail,
        "text": record.text,
    }


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    from pipeline_tui.core.local_time import to_local

    return to_local(moment, zone)


def _json_chunks(records: Iterable[ChangeRecord], zone: ZoneInfo) -> Iterator[str]:
    import json

    first = True
    yield "["
    for record in records:
        yield ("\n  " if first else ",\n  ") + json.dumps(activity_object(record, zone), ensure_ascii=False)
        first = False
    yield "\n]\n" if not first else "]\n"


def _table_chunks(records: Iterable[ChangeRecord], zone: ZoneInfo) -> Iterator[str]:
    count = 0
    for record in records:
        if not count:
            yield _row("When", "Who", "What", "Job")
        count += 1
        when = f"{_local(record.at, zone):%Y-%m-%d %H:%M}"
        yield _row(when, record.actor or "Someone", record.what, record.job_title or "")
    if not count:
        yield NO_ACTIVITY + "\n"


def _row(when: str, who: str, what: str, job: str) -> str:
    from pipeline_tui.core.terminal import visible

    cells = (
        visible(when).ljust(WHEN_WIDTH),
        _cut(visible(who), WHO_WIDTH - 2).ljust(WHO_WIDTH),
        (visible(what) + "  ").ljust(WHAT_WIDTH),  # the whole sentence, however long
        visible(job),
    )
    return "".join(cells).rstrip() + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
