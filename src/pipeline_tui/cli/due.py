"""`pipeline-tui due [done|skip|snooze|replied|opted-out|send ID]`: the nurture queue from scripts.

`due` lists every touch due on a day or before it (overdue included), oldest first, read a page at a time
(store.touches.due, keyset-paged) and printed as it is read; it only reads the database. Each action is one
store call (store/touches.py) with the queue's rules: a touch that is not due is refused and nothing is
written. `--date` says on which day it happened (default: today in your zone, see core/local_time): the next
step's wait is counted from that day, so a queue can be worked day by day, or caught up afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store, settings

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from pipeline_tui.core.nurture_records import DueTouch, TouchResult
    from pipeline_tui.store import Store

PAGE = 500  # touches read per query while listing the queue

DATE_HELP = "The day it happened, YYYY-MM-DD (default: today); the next step is scheduled from it."


@click.group(name="due", invoke_without_command=True, subcommand_metavar="[COMMAND ID]")
@db_option
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="The queue as of this day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line each. json: one array of touches.")  # fmt: skip
@click.pass_context
def due_group(ctx: click.Context, day_text: str | None, fmt: str) -> None:
    """The due queue: every touch due today (or on --date) and overdue, oldest first. Reads the database
    only. Work it with `due done|skip|snooze|replied|opted-out|send ID`.

    \b
    JSON objects: id, person, email, sequence, step (from 1), steps, channel, due_at (ISO 8601, the start
      of its due day with your UTC offset), due_on, subject, body (rendered for the person), pool,
      candidate_id, enrollment_id, sequence_id, problem (why a message cannot be rendered, else null).
    """
    if ctx.invoked_subcommand is not None:
        return
    from pipeline_tui.cli.applicant import _write

    now, zone, today = _when(day_text)
    store = open_store(ctx, mode=READ)
    pages = _pages(store, now, zone)
    if fmt == "json":
        _write(_json_chunks(pages, zone))
        return
    _write(_table_chunks(pages, today))


def _pages(store: Store, now: datetime | None, zone: ZoneInfo) -> Iterator[list[DueTouch]]:
    after: tuple[date, int] | None = None
    while True:
        page = store.touches.due(now=now, zone=zone, limit=PAGE, after=after)
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = (page[-1].due_on, page[-1].id)


def _json_chunks(pages: Iterable[list[DueTouch]], zone: ZoneInfo) -> Iterator[str]:
    import json

    from pipeline_tui.cli.nurture_output import due_object

    first = True
    yield "["
    for page in pages:
        for touch in page:
            yield ("\n  " if first else ",\n  ") + json.dumps(due_object(touch, zone), ensure_ascii=False)
            first = False
    yield "\n]\n" if not first else "]\n"


def _table_chunks(pages: Iterable[list[DueTouch]], today: date) -> Iterator[str]:
    from pipeline_tui.cli.nurture_output import due_row
    from pipeline_tui.core.local_time import show_day
    from pipeline_tui.core.terminal import visible

    count = late = 0
    for page in pages:
        for touch in page:
            count += 1
            late += touch.due_on < today
            yield visible(due_row(touch, today)) + "\n"
    if not count:
        yield f"Nothing due on {show_day(today)}.\n"
    else:
        overdue = f" ({late} overdue)" if late else ""
        yield f"{count} due on {show_day(today)}{overdue}.\n"


# -- the actions -------------------------------------------------------------------------------------------


def _action(name: str, help: str) -> Callable[[Callable], Callable]:
    """A queue action: `due NAME ID [--date D] [--format text|json]`."""

    def decorate(function: Callable) -> Callable:
        command = click.pass_context(function)
        for option in (
            click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                         show_default=True, help="text: what happened and what is next. json: the result."),
            click.option("--date", "day_text", metavar="YYYY-MM-DD", help=DATE_HELP),
            click.argument("touch_id", type=int, metavar="ID"),
            db_option,
        ):  # fmt: skip
            command = option(command)
        return due_group.command(name, help=help)(command)

    return decorate


@_action("done", "Mark a touch done: it is logged on the person with its channel and text, their pool status "
         "goes from new to contacted, and the next step is scheduled.")  # fmt: skip
def due_done(ctx: click.Context, touch_id: int, day_text: str | None, fmt: str) -> None:
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    result = store.touches.done(touch_id, now=now, zone=zone)
    _told(result, fmt, f"Done: {_step(touch)}. {_next(result, touch)}")


@_action("skip", "Skip a touch's step (nothing is logged) and schedule the next one.")
def due_skip(ctx: click.Context, touch_id: int, day_text: str | None, fmt: str) -> None:
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    result = store.touches.skip(touch_id, now=now, zone=zone)
    _told(result, fmt, f"Skipped: {_step(touch)}. {_next(result, touch)}")


@due_group.command("snooze")
@db_option
@click.argument("touch_id", type=int, metavar="ID")
@click.option(
    "--until", "until_text", metavar="YYYY-MM-DD", help="The day it is due again (default: tomorrow)."
)
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="Today, as far as --until is concerned.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: what happened. json: the result.")  # fmt: skip
@click.pass_context
def due_snooze(
    ctx: click.Context, touch_id: int, until_text: str | None, day_text: str | None, fmt: str
) -> None:
    """Put a touch off until a later day (a day after today)."""
    from datetime import timedelta

    from pipeline_tui.core.local_time import parse_day, show_day

    until = parse_day(until_text) if until_text is not None else None
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    until = until if until is not None else _when(day_text)[2] + timedelta(days=1)
    result = store.touches.snooze(touch_id, until, now=now, zone=zone)
    _told(result, fmt, f"Snoozed: {_step(touch)} is due {show_day((result.next or result.touch).due_on)}.")


@_action("replied", "The person replied: the sequence stops, they are engaged in their pools, it is logged.")
def due_replied(ctx: click.Context, touch_id: int, day_text: str | None, fmt: str) -> None:
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    result = store.touches.replied(touch_id, now=now, zone=zone)
    _told(
        result,
        fmt,
        f"Replied: the sequence stopped; {touch.person} is engaged in their pools "
        f"('{touch.sequence}' step {touch.step}).",
    )


@_action("opted-out", "The person opted out: the sequence stops, their consent is recorded as withdrawn "
         "(never enrolled again), they are not interested in their pools, it is logged.")  # fmt: skip
def due_opted_out(ctx: click.Context, touch_id: int, day_text: str | None, fmt: str) -> None:
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    result = store.touches.opted_out(touch_id, now=now, zone=zone)
    _told(
        result,
        fmt,
        f"Opted out: the sequence stopped; {touch.person}'s consent is withdrawn and they will not be "
        f"enrolled again ('{touch.sequence}' step {touch.step}).",
    )


@_action("send", "Send an e-mail touch through the SMTP server of config [smtp] / PIPELINE_TUI_SMTP_*, then "
         "mark it done. A refusal or an unreachable server keeps it due and says why.")  # fmt: skip
def due_send(ctx: click.Context, touch_id: int, day_text: str | None, fmt: str) -> None:
    from pipeline_tui.cli.nurture_output import channel_word
    from pipeline_tui.core.errors import InvalidInput
    from pipeline_tui.services.mail import send_touch

    smtp = settings(ctx).smtp
    store, touch, now, zone = _due_touch(ctx, touch_id, day_text)
    if touch.channel != "email":
        raise InvalidInput(
            f"touch #{touch_id} is a {channel_word(touch.channel)} step: only e-mail steps are sent; "
            f"mark it done with `pipeline-tui due done {touch_id}`"
        )
    result = send_touch(store, touch_id, smtp, now=now, zone=zone)
    _told(
        result,
        fmt,
        f"Sent: {_step(touch)} to {touch.email} through {smtp.describe()}. {_next(result, touch)}",
    )


# -- pieces ------------------------------------------------------------------------------------------------


def _when(day_text: str | None) -> tuple[datetime | None, ZoneInfo, date]:
    """The moment an action happened (None: now), the user's zone and that day. A past or future --date is
    taken at noon on that day's wall clock (never in a DST gap); today's --date is now."""
    from datetime import time

    from pipeline_tui.core.clock import utcnow
    from pipeline_tui.core.local_time import parse_day, user_zone
    from pipeline_tui.core.nurture_schedule import local_day

    zone = user_zone()
    today = local_day(utcnow(), zone)
    if day_text is None:
        return None, zone, today
    day = parse_day(day_text)
    if day == today:
        return None, zone, today
    return datetime.combine(day, time(12), tzinfo=zone), zone, day


def _due_touch(
    ctx: click.Context, touch_id: int, day_text: str | None
) -> tuple[Store, DueTouch, datetime | None, ZoneInfo]:
    """The store and the touch as the queue shows it (NotFound / RuleViolation when it is not due)."""
    now, zone, _ = _when(day_text)
    store = open_store(ctx, mode=WRITE)
    return store, store.touches.get(touch_id, now=now, zone=zone), now, zone


def _step(touch: DueTouch) -> str:
    from pipeline_tui.cli.nurture_output import step_words

    return step_words(touch)


def _next(result: TouchResult, touch: DueTouch) -> str:
    from pipeline_tui.cli.nurture_output import next_words

    return next_words(result, touch.person)


def _told(result: TouchResult, fmt: str, sentence: str) -> None:
    from pipeline_tui.cli.nurture_output import result_object, say, write_json

    if fmt == "json":
        write_json(result_object(result))
    else:
        say(sentence)
