"""The change-log entries of the CRM's writes (people, pools, nurture): what each one says, in one place.

A person's change names no one (the reader joins the person's current name, and an erase scrubs the rest:
store/change_scrub.py), and its detail never holds what a person told us: field names, not values; "a note",
not its text; "a file", not its name. Pool and sequence names, tag names and channels are the team's words.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.identities import IdentityKind
from pipeline_tui.core.nurture_vocabulary import StopReason
from pipeline_tui.core.person import FIELDS_BY_NAME
from pipeline_tui.core.vocabulary import ActivityKind, PoolStatus

CONSENT_FIELDS = ("consent_status", "consent_method")
# What an EDITED row says of a kind of identity added, removed or replaced.
IDENTITY_WORDS = {
    IdentityKind.EMAIL: "e-mail addresses",
    IdentityKind.PHONE: "phones",
    IdentityKind.LINKEDIN: "LinkedIn profiles",
    IdentityKind.GITHUB: "GitHub profiles",
    IdentityKind.WEBSITE: "websites",
}
MERGED_DETAIL = "a duplicate record"


def person_change(
    kind: ChangeKind, candidate_id: int, detail: str | None = None, job_id: int | None = None
) -> Change:
    """A change to one person (entity candidate), of a job when it belongs to one (a note on an
    application). Positional: a bulk write makes 10,000 of these."""
    return Change(ChangeEntity.CANDIDATE, candidate_id, kind, None, detail, job_id, candidate_id)


def each_person(kind: ChangeKind, candidate_ids: Iterable[int], detail: str | None = None) -> list[Change]:
    """One change per person of a bulk write (10,000 people tagged: 10,000 rows, one transaction)."""
    return [person_change(kind, cid, detail) for cid in candidate_ids]


def people_changes(kind: ChangeKind, details: dict[int, str | None]) -> list[Change]:
    """One change per person of a bulk write, each with its own detail (a bulk tag: the tags they got)."""
    return [person_change(kind, cid, detail) for cid, detail in details.items()]


def field_words(names: Iterable[str]) -> str | None:
    """The fields an edit changed, as the person screen labels them ("e-mail, title, consent")."""
    words: dict[str, None] = {}
    for name in names:
        if name in CONSENT_FIELDS:
            words["consent"] = None
        elif name in FIELDS_BY_NAME:
            words[FIELDS_BY_NAME[name].label] = None
        else:
            words[name.replace("_", " ")] = None
    return ", ".join(words) or None


def identity_words(kinds: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(IDENTITY_WORDS.get(IdentityKind(k), str(k)) for k in kinds))


def primary_words(kind: str) -> str:
    """A new primary of a kind: "primary e-mail"."""
    return f"primary {IdentityKind(kind).label}"


def channel_words(kind: str) -> str:
    """A touch's channel in a sentence: "call", "e-mail", "LinkedIn message"."""
    label = ActivityKind(kind).label
    return label if "LinkedIn" in label else label.lower()


def file_words(media_type: str | None) -> str:
    """What was attached, without its name (a file name may say who the person is)."""
    kind = media_type or ""
    if kind == "application/pdf":
        return "a PDF file"
    if kind.startswith("image/"):
        return "an image"
    return "a file"


def pool_status_words(status: PoolStatus, pool: str) -> str:
    return f"{status.label} in {pool}"


def step_words(step: int, sequence: str) -> str:
    return f"step {step} of {sequence}"


def stop_words(sequence: str, reason: StopReason) -> str:
    """The sequence an enrollment stopped in, and why when it was not a user's removal."""
    return sequence if reason == StopReason.REMOVED else f"{sequence} ({reason.label})"


def pool_change(kind: ChangeKind, pool_id: int, name: str) -> Change:
    return Change(ChangeEntity.POOL, pool_id, kind, subject=name)


def sequence_change(kind: ChangeKind, sequence_id: int, name: str) -> Change:
    return Change(ChangeEntity.SEQUENCE, sequence_id, kind, subject=name)
