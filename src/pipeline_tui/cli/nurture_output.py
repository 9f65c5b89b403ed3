"""How the `sequence` and `due` commands write what the store returns: the JSON objects (the CLI contract of
#14), the table rows and the sentences. Text is returned raw; the commands print it through `visible`."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import click

from pipeline_tui.core.local_time import show_day
from pipeline_tui.core.nurture_records import (
    DueTouch,
    EnrollResult,
    SequenceRecord,
    SequenceStats,
    TouchRecord,
    TouchResult,
)
from pipeline_tui.core.nurture_schedule import due_at
from pipeline_tui.core.nurture_vocabulary import Ineligible

# How a channel reads inside a sentence: "step 1 (e-mail)", "step 2 (LinkedIn)".
CHANNEL_WORDS = {"email": "e-mail", "linkedin": "LinkedIn", "call": "call", "other": "other"}


def channel_word(channel: str) -> str:
    return CHANNEL_WORDS.get(channel, channel)


# -- sequences ---------------------------------------------------------------------------------------------


def sequence_object(seq: SequenceRecord) -> dict:
    """One sequence as `sequence list --format json` shows it (steps: how many)."""
    return {
        "id": seq.id,
        "name": seq.name,
        "description": seq.description,
        "steps": len(seq.steps),
        "active": seq.active,
        "enrolled": seq.enrolled,
        "archived": seq.archived_at is not None,
    }


def sequence_detail(seq: SequenceRecord) -> dict:
    """`sequence show --format json`: the list object with every step in full."""
    return {
        **sequence_object(seq),
        "archived_at": seq.archived_at.isoformat() if seq.archived_at else None,
        "steps": [
            {
                "step": step.position,
                "channel": step.channel,
                "wait_days": step.wait_days,
                "business_days": step.business_days,
                "subject": step.subject,
                "body": step.body,
            }
            for step in seq.steps
        ],
    }


def sequence_row(seq: SequenceRecord) -> str:
    steps = len(seq.steps)
    cells = (
        f"#{seq.id:<5}",
        f"{_cut(seq.name, 30):<32}",
        f"{steps} {'step' if steps == 1 else 'steps'}  ",
        f"{seq.active:>6} active  ",
        f"{seq.enrolled:>6} enrolled",
        "  archived" if seq.archived_at else "",
    )
    return "".join(cells)


def wait_words(days: int, business_days: bool, first: bool) -> str:
    """ "due at once after enrolment", "due 3 business days after the step before"."""
    after = "after enrolment" if first else "after the step before"
    if days == 0:
        return f"due at once {after}" + (" (on a business day)" if business_days else "")
    unit = "business day" if business_days else "day"
    return f"due {days} {unit}{'' if days == 1 else 's'} {after}"


def sequence_lines(seq: SequenceRecord) -> list[str]:
    """`sequence show`: the sequence, then each step with its wait and templates."""
    state = f", archived {seq.archived_at:%Y-%m-%d}" if seq.archived_at else ""
    lines = [f"Sequence '{seq.name}' (#{seq.id}): {len(seq.steps)} steps{state}"]
    if seq.description:
        lines.append(f"  {seq.description}")
    lines.append(f"  {seq.active} active, {seq.enrolled} ever enrolled")
    for step in seq.steps:
        wait = wait_words(step.wait_days, step.business_days, first=step.position == 1)
        lines.append(f"  step {step.position}: {channel_word(step.channel)}, {wait}")
        if step.subject:
            lines.append(f"    subject: {step.subject}")
        if step.body:
            lines.extend(_indented("body", step.body))
    return lines


def _indented(label: str, text: str) -> list[str]:
    first, *rest = text.splitlines() or [""]
    return [f"    {label}: {first}", *(f"      {line}" for line in rest)]


# -- enrolment and stats -----------------------------------------------------------------------------------


def enroll_object(result: EnrollResult) -> dict:
    return {"sequence": result.sequence, "enrolled": result.enrolled, "skipped": dict(result.skipped)}


def enroll_lines(result: EnrollResult) -> list[str]:
    """ "Enrolled 12 in 'Backend warm-up'." and, when some were not, "Skipped 3: 2 no e-mail, 1 ..."."""
    lines = [f"Enrolled {result.enrolled} in '{result.sequence}'."]
    if result.skipped_total:
        reasons = sorted(result.skipped.items(), key=lambda item: (-item[1], item[0]))
        told = ", ".join(f"{count} {_reason_label(reason)}" for reason, count in reasons if count)
        lines.append(f"Skipped {result.skipped_total}: {told}")
    return lines


def _reason_label(reason: str) -> str:
    try:
        return Ineligible(reason).label
    except ValueError:
        return reason.replace("_", " ")


def stats_object(stats: SequenceStats) -> dict:
    return {
        "sequence": stats.sequence,
        "enrolled": stats.enrolled,
        "active": stats.active,
        "completed": stats.completed,
        "stopped": stats.stopped,
        "steps": [
            {
                "step": s.step,
                "channel": s.channel,
                "sent": s.sent,
                "replied": s.replied,
                "opted_out": s.opted_out,
                "skipped": s.skipped,
                "due": s.due,
                "reply_rate": s.reply_rate,
            }
            for s in stats.steps
        ],
        "replied_unsent": stats.replied_unsent,
        "opted_out_unsent": stats.opted_out_unsent,
    }


def stats_lines(stats: SequenceStats) -> list[str]:
    lines = [
        f"Sequence '{stats.sequence}': {stats.enrolled} enrolled, {stats.active} active, "
        f"{stats.completed} completed, {stats.stopped} stopped",
        f"  {'step':<6}{'channel':<10}{'sent':>6}{'replied':>9}{'opted out':>11}{'skipped':>9}{'due':>6}"
        f"{'reply rate':>12}",
    ]
    for s in stats.steps:
        rate = f"{s.reply_rate:.0%}" if s.reply_rate is not None else "-"
        lines.append(
            f"  {s.step:<6}{channel_word(s.channel):<10}{s.sent:>6}{s.replied:>9}{s.opted_out:>11}"
            f"{s.skipped:>9}{s.due:>6}{rate:>12}"
        )
    if stats.replied_unsent or stats.opted_out_unsent:
        lines.append(unsent_answers(stats))
    return lines


def unsent_answers(stats: SequenceStats) -> str:
    """Answers that came before any step was sent: they count against no step, so they are named apart."""
    return f"Replied before any step was sent: {stats.replied_unsent} · opted out: {stats.opted_out_unsent}"


# -- the due queue -----------------------------------------------------------------------------------------


def due_object(touch: DueTouch, zone: ZoneInfo) -> dict:
    """One touch of `due --format json`: due_at is the start of its due day in the user's zone."""
    return {
        "id": touch.id,
        "person": touch.person,
        "email": touch.email,
        "sequence": touch.sequence,
        "step": touch.step,
        "steps": touch.steps,
        "channel": touch.channel,
        "due_at": due_at(touch.due_on, zone).astimezone(zone).isoformat(),
        "due_on": touch.due_on.isoformat(),
        "subject": touch.subject,
        "body": touch.body,
        "pool": touch.pool,
        "candidate_id": touch.candidate_id,
        "enrollment_id": touch.enrollment_id,
        "sequence_id": touch.sequence_id,
        "problem": touch.problem,
        "missing": list(touch.missing),
    }


def due_row(touch: DueTouch, today: date) -> str:
    late = (today - touch.due_on).days
    when = "today" if late <= 0 else f"{late}d late"
    what = touch.subject or (touch.body.splitlines()[0] if touch.body else "")
    cells = (
        f"#{touch.id:<6}",
        f"{touch.due_on.isoformat()} ",
        f"{when:<9}",
        f"{_cut(touch.person, 22):<24}",
        f"{_cut(touch.sequence, 22):<24}",
        f"{touch.step}/{touch.steps} {channel_word(touch.channel):<10}",
        _cut(touch.problem or what, 50),
    )
    return "".join(cells).rstrip()


def touch_object(touch: TouchRecord) -> dict:
    return {
        "id": touch.id,
        "enrollment_id": touch.enrollment_id,
        "sequence": touch.sequence,
        "step": touch.step,
        "channel": touch.channel,
        "due_on": touch.due_on.isoformat(),
        "status": touch.status,
        "done_at": touch.done_at.isoformat() if touch.done_at else None,
        "delivery": touch.delivery,
        "subject": touch.subject,
        "body": touch.body,
    }


def result_object(result: TouchResult) -> dict:
    return {
        "touch": touch_object(result.touch),
        "next": touch_object(result.next) if result.next is not None else None,
        "enrollment_status": result.enrollment_status,
        "stop_reason": result.stop_reason,
    }


def next_words(result: TouchResult, person: str) -> str:
    """What comes after a done or skipped step: "Next: step 2 (LinkedIn) due Tue 8 Dec 2026." or the end."""
    nxt = result.next
    if nxt is not None:
        return f"Next: step {nxt.step} ({channel_word(nxt.channel)}) due {show_day(nxt.due_on)}."
    if result.enrollment_status == "completed":
        return f"That was the last step: {person} completed the sequence."
    return f"The sequence stopped ({(result.stop_reason or 'stopped').replace('_', ' ')})."


def step_words(touch: DueTouch) -> str:
    """ "Ann Lee, 'Backend warm-up' step 1 (e-mail)"."""
    return f"{touch.person}, '{touch.sequence}' step {touch.step} ({channel_word(touch.channel)})"


# -- writing -----------------------------------------------------------------------------------------------


def say(text: str) -> None:
    from pipeline_tui.core.terminal import visible

    click.echo(visible(text))


def write_json(data: object) -> None:
    from pipeline_tui.cli.applicant import _write

    _write([json.dumps(data, ensure_ascii=False, indent=2) + "\n"])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
