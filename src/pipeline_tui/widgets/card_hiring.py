"""The board card's hiring line: the next interview (local time), scorecards submitted of expected, the
newest offer's status ("Tue 3 Mar 14:30 · 1/2 cards · offer sent"). Pure text from a CardHiring record."""

from __future__ import annotations

from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.local_time import show_time


def hiring_line(hiring: CardHiring | None) -> str:
    """What the card shows; empty when the application has no interview, scorecard or offer yet."""
    if hiring is None:
        return ""
    parts = []
    if hiring.next_interview_at is not None:
        parts.append(show_time(hiring.next_interview_at))
    if hiring.scorecards_expected or hiring.scorecards_submitted:
        # A scorecard may come in before anyone marks the interview done: never "2/1".
        expected = max(hiring.scorecards_expected, hiring.scorecards_submitted)
        parts.append(f"{hiring.scorecards_submitted}/{expected} cards")
    if hiring.offer_status:
        parts.append(f"offer {hiring.offer_status.replace('_', ' ')}")
    return " · ".join(parts)
