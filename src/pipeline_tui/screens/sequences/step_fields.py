"""The sequence editor's steps as typed, before the store sees them (no Textual here).

The editor keeps every step's fields as strings while the user types (a half-typed wait like "" or "3x"
must not be lost), turns them into a SequenceDraft on `ctrl+s`, and reads back from a refusal which step
and which field it names, so the focus can go there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.nurture_records import SequenceDraft, SequenceRecord, StepDraft
from pipeline_tui.core.nurture_vocabulary import PLACEHOLDERS, Channel

CHANNEL_CHOICES: tuple[tuple[str, str], ...] = tuple((c.label, c.value) for c in Channel)
# The one-letter shortcuts on the channel field (e-mail, LinkedIn, call, other).
CHANNEL_KEYS = {"e": Channel.EMAIL.value, "l": Channel.LINKEDIN.value, "c": Channel.CALL.value}
CHANNEL_KEYS["o"] = Channel.OTHER.value
SHORT_LABELS = {c.value: c.label for c in Channel} | {Channel.LINKEDIN.value: "LinkedIn"}
LATER_WAIT = "3"  # a step added after another waits three days by default
FIELDS = ("channel", "wait", "business", "subject", "body")
PLACEHOLDER_HINT = "Placeholders, written {{ first_name }}: " + ", ".join(PLACEHOLDERS)


@dataclass(frozen=True)
class EditedStep:
    """One step as it stands in the editor: the fields' text exactly as typed."""

    channel: str = Channel.EMAIL.value
    wait: str = "0"
    business_days: bool = False
    subject: str = ""
    body: str = ""

    @classmethod
    def from_record(cls, step) -> EditedStep:  # noqa: ANN001 - a StepRecord
        return cls(step.channel, str(step.wait_days), step.business_days, step.subject or "", step.body or "")

    @property
    def has_subject(self) -> bool:
        return self.channel == Channel.EMAIL.value

    def label(self, number: int) -> str:
        """The step's line in the editor's list: "2 LinkedIn · +3 bd"."""
        name = SHORT_LABELS.get(self.channel, self.channel)
        unit = "bd" if self.business_days else "d"
        return f"{number} {name} · +{self.wait.strip() or '?'} {unit}"


def new_step_after(steps: list[EditedStep], index: int | None) -> tuple[list[EditedStep], int]:
    """The steps with a new one after `index` (at the end when None), and where it is."""
    at = len(steps) if index is None else index + 1
    step = EditedStep(wait="0" if at == 0 else LATER_WAIT)
    return [*steps[:at], step, *steps[at:]], at


def moved(steps: list[EditedStep], index: int, offset: int) -> tuple[list[EditedStep], int]:
    """The steps with the one at `index` moved by `offset` (kept at the edge), and where it is now."""
    target = max(0, min(len(steps) - 1, index + offset))
    order = list(steps)
    order.insert(target, order.pop(index))
    return order, target


def wait_days(step: EditedStep, number: int) -> int:
    """The wait as a number: a whole number of days; a negative one is left for the store to refuse."""
    text = step.wait.strip()
    if not re.fullmatch(r"[+-]?\d{1,6}", text):
        raise InvalidInput(f"step {number} wait: type a whole number of days (0 or more)")
    return int(text)


def draft_of(name: str, description: str, steps: list[EditedStep]) -> SequenceDraft:
    """What `ctrl+s` hands the store. A subject is only sent for e-mail steps; empty fields are None."""
    drafts = tuple(
        StepDraft(
            channel=step.channel,
            wait_days=wait_days(step, number),
            business_days=step.business_days,
            subject=(step.subject or None) if step.has_subject else None,
            body=step.body or None,
        )
        for number, step in enumerate(steps, 1)
    )
    return SequenceDraft(name=name, description=description.strip() or None, steps=drafts)


def steps_of(record: SequenceRecord | None) -> list[EditedStep]:
    if record is None or not record.steps:
        return [EditedStep()]
    return [EditedStep.from_record(s) for s in sorted(record.steps, key=lambda s: s.position)]


def with_field(step: EditedStep, field: str, value: object) -> EditedStep:
    return replace(step, **{field: value})


_STEP = re.compile(r"\bstep (\d+)\b", re.IGNORECASE)
_FIELD_WORDS = (
    ("subject", "subject"),
    ("body", "body"),
    ("note", "body"),
    ("wait", "wait"),
    ("channel", "channel"),
    ("business", "business"),
)


def refusal_target(message: str, steps: int) -> tuple[int | None, str]:
    """Which step (0-based, None: the sequence itself) and field a refusal names.

    "step 2 body, line 1, column 4: ..." -> (1, "body"); "step 3: the wait cannot be negative" -> (2, "wait");
    "unknown channel 'fax' in step 2: ..." -> (1, "channel"); "a sequence named 'X' exists" -> (None, "name").
    """
    lower = message.lower()
    found = _STEP.search(message)
    if found is None or not 1 <= int(found.group(1)) <= steps:
        if "step" in lower:
            return None, "steps"
        return None, "description" if "description" in lower else "name"
    index = int(found.group(1)) - 1
    words = [(lower.find(word), field) for word, field in _FIELD_WORDS if word in lower]
    # The field named nearest after "step N" (a subject's message also names its body rules).
    after = [(at, field) for at, field in words if at >= found.start()] or words
    return index, min(after)[1] if after else "channel"
