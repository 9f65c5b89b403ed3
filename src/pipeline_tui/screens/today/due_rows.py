"""What the "Touches due" section draws: a row per due touch, the focused touch's message, and the one-line
notice an action leaves ("Done · step 2 due Tue 8 Dec"). Pure functions of the records, so tests and the
snapshot agree with the screen."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from pipeline_tui.core.nurture_records import DueTouch, TouchResult
from pipeline_tui.core.nurture_vocabulary import Channel
from pipeline_tui.widgets.literal import literal

DUE_COLUMNS = ("Due", "Person", "Sequence", "Step", "Channel")
DUE_KEY = "touch:"  # row keys: "touch:<id>"
LATE_AS_DAYS = 6  # up to a week late the Due column says "N days late"; older ones show their date

# What a row says while its action is in flight (the work is queued on the writer thread).
IN_FLIGHT = {
    "done": "done…",
    "skip": "skipping…",
    "snooze": "snoozing…",
    "replied": "replied…",
    "opted_out": "opting out…",
    "send": "sending…",
}


def short_day(day: date, today: date | None = None) -> str:
    """ "Tue 8 Dec" (with the year when it is not this year's)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if today is None or day.year == today.year else f"{text} {day.year}"


def due_label(due_on: date, today: date) -> str:
    late = (today - due_on).days
    if late <= 0:
        return "today"
    if late <= LATE_AS_DAYS:
        return f"{late} day late" if late == 1 else f"{late} days late"
    return short_day(due_on, today)


SHORT_CHANNELS = {"email": "E-mail", "linkedin": "LinkedIn", "call": "Call", "other": "Other"}


def channel_label(channel: str) -> str:
    try:
        return Channel(channel).label
    except ValueError:
        return channel


def touch_row(touch: DueTouch, today: date, in_flight: str | None = None) -> tuple[Text, ...]:
    due = Text(in_flight, style="italic") if in_flight else Text(due_label(touch.due_on, today))
    if not in_flight and touch.due_on < today:
        due.stylize("bold")
    return (
        due,
        literal(touch.person),
        literal(touch.sequence),
        Text(f"{touch.step}/{touch.steps}"),
        Text(SHORT_CHANNELS.get(touch.channel, touch.channel)),
    )


def touch_key(touch_id: int) -> str:
    return f"{DUE_KEY}{touch_id}"


def key_touch_id(key: str | None) -> int | None:
    if not key or not key.startswith(DUE_KEY) or not key[len(DUE_KEY) :].isdigit():
        return None
    return int(key[len(DUE_KEY) :])


def message_text(touch: DueTouch) -> str:
    """What `c` copies: the subject, a blank line and the body (a note alone for a call)."""
    if touch.subject:
        return f"{touch.subject}\n\n{touch.body}"
    return touch.body


def render_touch(touch: DueTouch, today: date) -> Text:
    """The preview: who it goes to, the placeholders left empty for them, the subject and the rendered body,
    every user-written part literal."""
    is_message = touch.channel in (Channel.EMAIL, Channel.LINKEDIN)
    t = Text()
    t.append(f"{channel_label(touch.channel)} · step {touch.step} of {touch.steps}", style="bold")
    t.append(f" · due {short_day(touch.due_on, today)}\n", style="dim")
    t.append("To: ", style="dim")
    t.append_text(literal(touch.person))
    if touch.channel == Channel.EMAIL:
        t.append_text(literal(f" <{touch.email}>" if touch.email else " (no e-mail address)"))
    t.append("\n")
    if touch.problem:
        t.append("\nThis message cannot be written: ", style="bold")
        t.append_text(literal(touch.problem))
        return t
    if touch.missing:
        # Before it goes out: "your work as  at  caught my eye" is what an empty title and company read as.
        t.append(f"No value for: {', '.join(touch.missing)} (the message has gaps)\n", style="dim")
    if is_message:
        t.append("Subject: ", style="dim")
        t.append_text(literal(touch.subject or "—"))
        t.append("\n")
    t.append("\n")
    if touch.body:
        t.append_text(literal(touch.body, multiline=True))
    else:
        t.append("No note for this step.", style="dim")
    return t


def outcome(action: str, result: TouchResult, touch: DueTouch, today: date) -> str:
    """The notice after an action, e.g. "Done · step 2 due Tue 8 Dec"."""
    said = {
        "done": "Done",
        "send": f"Sent to {touch.email}",
        "skip": "Skipped",
        "replied": "Replied",
        "opted_out": "Opted out",
    }
    who = touch.person
    if action == "snooze":
        again = (result.next or result.touch).due_on
        return f"Snoozed · {who}'s step {touch.step} due {short_day(again, today)}"
    if action == "replied":
        return f"Replied · {who}'s {touch.sequence} stopped, pool status engaged"
    if action == "opted_out":
        return f"Opted out · {who}'s {touch.sequence} stopped, consent withdrawn: never enrolled again"
    head = said[action]
    if result.next is not None:
        return f"{head} · {who}: step {result.next.step} due {short_day(result.next.due_on, today)}"
    return f"{head} · {who} finished {touch.sequence} (the last step)"
