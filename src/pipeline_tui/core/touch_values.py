"""What a due touch says: the placeholder values for one person, and the step's templates filled in.

Every placeholder always has a value (a missing company is ""), so a template checked when it was saved
renders at send time too; the rare one that does not is reported as the touch's problem, not raised. An
empty value leaves a gap ("your work as  at  caught my eye"): `missing_values` names them so the queue can
warn before the message goes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.message_templates import placeholders_in, render
from pipeline_tui.core.nurture_vocabulary import Channel


@dataclass(frozen=True)
class Sender:
    """The user a touch goes out from (`sender_name`, `sender_email`)."""

    name: str
    email: str = ""


@dataclass(frozen=True)
class Message:
    """A touch's rendered subject and body, or the reason it could not be rendered."""

    subject: str = ""
    body: str = ""
    problem: str | None = None


def placeholder_values(
    *,
    full_name: str | None,
    company: str | None = None,
    title: str | None = None,
    location: str | None = None,
    sender: Sender,
    pool: str | None = None,
    sequence: str,
) -> dict[str, str]:
    """One value per placeholder (core.nurture_vocabulary.PLACEHOLDERS); first and last name are the first and last word of the full name."""
    words = (full_name or "").split()
    values = {
        "first_name": words[0] if words else "",
        "last_name": words[-1] if len(words) > 1 else "",
        "full_name": " ".join(words),
        "company": company or "",
        "title": title or "",
        "location": location or "",
        "sender_name": sender.name or "",
        "sender_email": sender.email or "",
        "pool": pool or "",
        "sequence": sequence or "",
    }
    return values


def render_message(step: int, subject: str | None, body: str | None, values: dict[str, str]) -> Message:
    """The step's subject and body filled in for one person (fields named "step N subject" / "body")."""
    try:
        return Message(
            subject=render(subject, values, field=f"step {step} subject"),
            body=render(body, values, field=f"step {step} body"),
        )
    except InvalidInput as exc:
        return Message(problem=str(exc))


def activity_body(channel: str, sequence: str, step: int, subject: str, body: str) -> str:
    """What a done touch logs on the person: a message's subject, a blank line and its body; a call's or
    other step's note, else "<sequence> step N"."""
    if Channel(channel).is_message:
        return "\n\n".join(part for part in (subject, body) if part)
    return body or f"{sequence} step {step}"


TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # where a template reads its placeholders


@lru_cache(maxsize=512)
def _uses(template: str) -> tuple[str, ...]:
    """The placeholders a template reads, in the order of their first tag (the queue renders the same few
    step templates for every row: parsed once each)."""
    try:
        names = placeholders_in(template)
    except InvalidInput:
        return ()
    tags = [tag.group() for tag in TAG.finditer(template)]

    def first(name: str) -> tuple[int, str]:
        word = re.compile(rf"\b{re.escape(name)}\b")
        return next((i for i, tag in enumerate(tags) if word.search(tag)), len(tags)), name

    return tuple(sorted(names, key=first))


def missing_values(subject: str | None, body: str | None, values: dict[str, str]) -> tuple[str, ...]:
    """The placeholders the subject or body use whose value is empty (or blank) for this person, in the
    order the message uses them, e.g. ("title", "company")."""
    used = dict.fromkeys((*_uses(subject or ""), *_uses(body or "")))
    return tuple(name for name in used if name in values and not values[name].strip())
