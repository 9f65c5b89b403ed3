"""What a due touch says: the placeholder values for one person, and the step's templates filled in.

Every placeholder always has a value (a missing company is ""), so a template checked when it was saved
renders at send time too; the rare one that does not is reported as the touch's problem, not raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.message_templates import render
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
