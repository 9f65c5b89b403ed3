"""How nurture sequences read on screen, in one place: a sequence's steps in a line ("3 steps · e-mail now,
LinkedIn +3 business days, call +5 days"), what enrolling did, and where a person is in a sequence.

Pure (records in, str or Rich Text out) so the pool browser, its enroll dialog and the person screen say the
same thing the same way; sequence and pool names are user text and stay literal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from pipeline_tui.core.nurture_records import EnrollmentRecord, EnrollResult, StepRecord
from pipeline_tui.core.nurture_vocabulary import Channel, Ineligible
from pipeline_tui.widgets.literal import literal, plain

# Short channel words for lines ("LinkedIn", not "LinkedIn message").
CHANNEL_WORDS = {
    Channel.EMAIL: "e-mail",
    Channel.LINKEDIN: "LinkedIn",
    Channel.CALL: "call",
    Channel.OTHER: "other",
}


def channel_word(channel: str, *, capital: bool = False) -> str:
    """ "e-mail", "LinkedIn", "call" ("E-mail", "Call" with `capital`); an unknown word as it is."""
    found = Channel.parse(channel)
    word = CHANNEL_WORDS[found] if found is not None else plain(channel)
    return word[:1].upper() + word[1:] if capital else word


def count_of(count: int, what: str) -> str:
    """ "1 step", "3 steps"."""
    return f"{count:,} {what}{'' if count == 1 else 's'}"


def wait_words(step: StepRecord) -> str:
    """ "now" (first step, no wait), "right after", "+3 days", "+1 business day"."""
    if step.wait_days <= 0:
        return "now" if step.position == 1 else "right after"
    return f"+{count_of(step.wait_days, 'business day' if step.business_days else 'day')}"


def steps_summary(steps: Sequence[StepRecord]) -> str:
    """ "3 steps · e-mail now, LinkedIn +3 business days, call +5 days"."""
    ordered = sorted(steps, key=lambda s: s.position)
    each = ", ".join(f"{channel_word(s.channel)} {wait_words(s)}" for s in ordered)
    return f"{count_of(len(ordered), 'step')} · {each}" if ordered else "no steps"


def skipped_words(skipped: dict[str, int]) -> str:
    """ "2 no e-mail, 1 already active in a sequence": the most frequent reason first."""
    order = {word.value: i for i, word in enumerate(Ineligible)}
    parts = []
    for word, count in sorted(skipped.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)))):
        if count:
            reason = Ineligible.parse(word)
            parts.append(f"{count:,} {reason.label if reason is not None else plain(word)}")
    return ", ".join(parts)


def enrolled_message(result: EnrollResult) -> str:
    """ "Enrolled 37 in 'X' · skipped 3: 2 no e-mail, 1 already active in a sequence" (a plain str for a
    notification shown with markup off)."""
    line = f"Enrolled {result.enrolled:,} in '{plain(result.sequence)}'"
    if result.skipped_total:
        line += f" · skipped {result.skipped_total:,}: {skipped_words(result.skipped)}"
    return line


def day_words(day: date, today: date | None = None) -> str:
    """ "Tue 8 Dec"; "today", or "Tue 1 Dec (overdue)" when `today` is known; the year when not this one."""
    if today is not None and day == today:
        return "today"
    shown = f"{day:%a} {day.day} {day:%b}"
    if today is not None and day.year != today.year:
        shown += f" {day.year}"
    return f"{shown} (overdue)" if today is not None and day < today else shown


def next_touch_text(enrollment: EnrollmentRecord, today: date | None = None) -> Text:
    """ "step 2 of 3 (LinkedIn) due Tue 8 Dec": an active enrollment's next touch."""
    text = Text()
    if enrollment.next_step is not None:
        text.append(f"step {enrollment.next_step} of {enrollment.steps}")
        if enrollment.next_channel:
            text.append(f" ({channel_word(enrollment.next_channel, capital=True)})")
    if enrollment.next_due_on is not None:
        due = day_words(enrollment.next_due_on, today)
        text.append(f" due {due}", style="yellow" if "overdue" in due else "")
    return text


def position_text(enrollment: EnrollmentRecord, today: date | None = None) -> Text:
    """ "X · step 2 of 3 (LinkedIn) due Tue 8 Dec"."""
    text = literal(enrollment.sequence, "bold")
    text.append(" · ")
    text.append_text(next_touch_text(enrollment, today))
    return text


def sequence_line(enrollment: EnrollmentRecord, today: date | None = None) -> Text:
    """The preview pane's line: "Sequence: X · step 2 of 3 (LinkedIn) due Tue 8 Dec"."""
    line = Text("Sequence: ", style="dim")
    line.append_text(position_text(enrollment, today))
    return line
