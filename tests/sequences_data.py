"""Sequences and people for the nurture store tests."""

from __future__ import annotations

from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.core.validation import CandidateInput


def three_steps(name: str = "Warm up") -> SequenceDraft:
    """E-mail now, a LinkedIn message three days later, a call two business days after that."""
    return SequenceDraft(
        name=name,
        description="keep the pool warm",
        steps=(
            StepDraft(
                channel="email", wait_days=0, subject="Hi {{ first_name }}", body="Hello {{ full_name }}"
            ),
            StepDraft(channel="linkedin", wait_days=3, body="Following up, {{ first_name }}"),
            StepDraft(channel="call", wait_days=2, business_days=True, body="Call {{ full_name }}"),
        ),
    )


def calls_only(name: str = "Ring round") -> SequenceDraft:
    return SequenceDraft(name=name, steps=(StepDraft(channel="call", wait_days=1),))


def person(store, name: str, email: str | None = None, **fields) -> int:
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email, **fields)).id
