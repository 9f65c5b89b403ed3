"""The person screen's Sequences section (pure: enrollment records in, Rich Text out): each enrollment with
its status or why it stopped, when the person was enrolled and from where, the next touch and when it is
due, and its touches newest first (step, channel, due day, outcome and when, the subject as it was sent).

Times are shown in the user's zone; sequence and pool names and subjects literally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from pipeline_tui.core.local_time import show_time
from pipeline_tui.core.nurture_records import EnrollmentRecord, TouchRecord
from pipeline_tui.core.nurture_vocabulary import Delivery, EnrollmentStatus, StopReason, TouchStatus
from pipeline_tui.widgets.literal import literal
from pipeline_tui.widgets.nurture_lines import channel_word, day_words, next_touch_text

NOT_ENROLLED = "Not in any sequence (f in the pool browser enrolls the marked people)."

TOUCH_STYLE = {
    TouchStatus.DONE: "green",
    TouchStatus.REPLIED: "bold green",
    TouchStatus.OPTED_OUT: "yellow",
    TouchStatus.SKIPPED: "dim",
    TouchStatus.STOPPED: "dim",
}


def status_text(enrollment: EnrollmentRecord, today: date | None) -> Text:
    """ "active · next step 2 of 3 (LinkedIn) due Tue 8 Dec", "completed Thu 3 Dec 10:00",
    "stopped: replied · Thu 3 Dec 10:00"."""
    if enrollment.status == EnrollmentStatus.ACTIVE:
        text = Text("active", style="bold")
        if enrollment.next_step is not None:
            text.append(" · next ")
            text.append_text(next_touch_text(enrollment, today))
        return text
    reason = StopReason.parse(enrollment.stop_reason or "")
    if enrollment.status == EnrollmentStatus.STOPPED:
        text = Text(f"stopped: {reason.label if reason else 'stopped'}", style="yellow")
    else:
        text = Text(enrollment.status, style="green" if enrollment.status == "completed" else "")
    if enrollment.ended_at is not None:
        text.append(f" · {show_time(enrollment.ended_at)}")
    return text


def enrollment_line(enrollment: EnrollmentRecord, today: date | None) -> Text:
    """ "Warm intro · active · next step 2 of 3 (LinkedIn) due Tue 8 Dec · enrolled Tue 1 Dec 09:30 from
    pool Data Eng"."""
    line = literal(enrollment.sequence, "bold")
    line.append(" · ")
    line.append_text(status_text(enrollment, today))
    line.append(f" · enrolled {show_time(enrollment.enrolled_at)}", style="dim")
    if enrollment.pool:
        line.append(" from pool ", style="dim")
        line.append_text(literal(enrollment.pool, "dim"))
    return line


def outcome_text(touch: TouchRecord, today: date | None) -> Text:
    """ "done Tue 1 Dec 10:15 (SMTP)", "due", "scheduled", "skipped Wed 2 Dec 09:00"."""
    status = TouchStatus.parse(touch.status)
    if status is TouchStatus.DUE:
        waiting = today is not None and touch.due_on > today
        return Text("scheduled" if waiting else "due", style="dim" if waiting else "bold yellow")
    text = Text(status.label if status is not None else touch.status, style=TOUCH_STYLE.get(status, ""))
    if touch.done_at is not None:
        text.append(f" {show_time(touch.done_at)}")
    if touch.delivery == Delivery.SMTP:
        text.append(" (SMTP)", style="dim")
    return text


def touch_line(touch: TouchRecord, today: date | None) -> Text:
    """ "  step 1 · E-mail · due Tue 1 Dec · done Tue 1 Dec 10:15 · “Quick question, Ada”"."""
    line = Text(f"  step {touch.step} · {channel_word(touch.channel, capital=True)}")
    line.append(f" · due {day_words(touch.due_on)} · ", style="dim")
    line.append_text(outcome_text(touch, today))
    if touch.subject:
        line.append(" · “")
        line.append_text(literal(touch.subject, "italic"))
        line.append("”")
    return line


def sequences_text(enrollments: Sequence[EnrollmentRecord], today: date | None = None) -> Text:
    """Every enrollment (newest first, as the store lists them), each with its touches newest first."""
    if not enrollments:
        return Text(NOT_ENROLLED, style="dim")
    lines: list[Text] = []
    for enrollment in enrollments:
        if lines:
            lines.append(Text(""))
        lines.append(enrollment_line(enrollment, today))
        touches = sorted(enrollment.touches, key=lambda t: t.id, reverse=True)  # made in step order
        lines += [touch_line(touch, today) for touch in touches]
    return Text("\n").join(lines)
