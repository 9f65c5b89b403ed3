"""What the sequences screen shows, as cells: one row per sequence and one per step with its counts (no
Textual here, so the wording is tested without a terminal)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from pipeline_tui.core.nurture_records import SequenceRecord, SequenceStats, StepRecord, StepStats
from pipeline_tui.screens.sequences.step_fields import SHORT_LABELS
from pipeline_tui.widgets.literal import literal

SEQUENCE_COLUMNS = (
    ("name", "Sequence"),
    ("steps", "Steps"),
    ("active", "Active"),
    ("enrolled", "Enrolled"),
    ("reply", "Step 1 replies"),
)
STEP_COLUMNS = (
    ("step", "#"),
    ("channel", "Channel"),
    ("wait", "Wait"),
    ("sent", "Sent"),
    ("replied", "Replied"),
    ("opted_out", "Opted out"),
    ("rate", "Rate"),
)
NO_RATE = "–"  # nothing sent at the step yet


@dataclass(frozen=True)
class SequenceRow:
    """A sequence as listed, with its counts per step (None when they could not be read)."""

    sequence: SequenceRecord
    stats: SequenceStats | None


def rate(value: float | None) -> str:
    return NO_RATE if value is None else f"{value:.0%}"


def _number(value: int | str) -> Text:
    return Text(f"{value:,}" if isinstance(value, int) else value, justify="right")


def channel_label(channel: str) -> str:
    """The channel's name, short ("LinkedIn" for a LinkedIn message: the column stays narrow)."""
    return SHORT_LABELS.get(channel, channel)


def wait_label(step: StepRecord) -> str:
    """ "+3 d" (calendar days) or "+2 bd" (business days) after enrolment / the previous step."""
    return f"+{step.wait_days} {'bd' if step.business_days else 'd'}"


def first_rate(row: SequenceRow) -> float | None:
    stats = row.stats
    return stats.steps[0].reply_rate if stats is not None and stats.steps else None


def sequence_cells(row: SequenceRow) -> tuple[Text, ...]:
    sequence = row.sequence
    name = literal(sequence.name)
    if sequence.archived_at is not None:
        name.append(" (archived)", style="dim italic")
    return (
        name,
        _number(len(sequence.steps)),
        _number(sequence.active),
        _number(sequence.enrolled),
        _number(rate(first_rate(row))),
    )


def step_cells(step: StepRecord, stats: StepStats | None) -> tuple[Text, ...]:
    sent = stats.sent if stats is not None else 0
    replied = stats.replied if stats is not None else 0
    opted_out = stats.opted_out if stats is not None else 0
    return (
        _number(step.position),
        Text(channel_label(step.channel)),
        Text(wait_label(step)),
        _number(sent),
        _number(replied),
        _number(opted_out),
        _number(rate(stats.reply_rate if stats is not None else None)),
    )


def step_rows(row: SequenceRow) -> list[tuple[Text, ...]]:
    """The sequence's steps in order, each with the counts the store gives for its position."""
    by_step = {s.step: s for s in row.stats.steps} if row.stats is not None else {}
    steps = sorted(row.sequence.steps, key=lambda s: s.position)
    return [step_cells(step, by_step.get(step.position)) for step in steps]


def summary(row: SequenceRow) -> Text:
    """The line over the steps: the name, who is in it and how it ended for the others."""
    sequence, stats = row.sequence, row.stats
    text = literal(sequence.name, "bold")
    if sequence.archived_at is not None:
        text.append(f"  archived {sequence.archived_at:%Y-%m-%d}", style="italic")
    if stats is not None:
        text.append(
            f"\n{stats.enrolled:,} enrolled · {stats.active:,} active · {stats.completed:,} completed"
            f" · {stats.stopped:,} stopped"
        )
        if stats.replied_unsent or stats.opted_out_unsent:
            text.append(
                f"\nbefore any step was sent: {stats.replied_unsent:,} replied · {stats.opted_out_unsent:,} opted out"
            )
    if sequence.description:
        text.append("\n")
        text.append_text(literal(sequence.description, "italic"))
    return text
