"""What an import row may fill in, where the rows go, and how a row without e-mail is recognised."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_tui.core.vocabulary import POOL_STATUSES
from pipeline_tui.store.candidates import EDITABLE_FIELDS

# Every field of a person an import can fill: the same ones a user can edit.
PERSON_FIELDS = EDITABLE_FIELDS
# Column lengths of the candidate table: checked per row so one long cell fails its row, not the batch.
FIELD_LIMITS = {
    "full_name": 200,
    "email": 320,
    "phone": 64,
    "location": 200,
    "current_title": 200,
    "current_company": 200,
    "linkedin_url": 500,
    "github_url": 500,
    "website_url": 500,
    "source": 100,
}


@dataclass(frozen=True, slots=True)
class ApplicantTarget:
    job_id: int
    stage_id: int | None = None  # None: the row's stage when the job has it, else the first stage
    source: str | None = None  # for rows that name no source


@dataclass(frozen=True, slots=True)
class ProspectTarget:
    pool_name: str
    tags: tuple[str, ...] = ()


def identity_key(person: dict[str, str | None]) -> tuple:
    """Who a row without e-mail is: the same name with the same phone, LinkedIn and company (values the
    row leaves empty do not count against a match)."""
    return (
        (person.get("full_name") or "").lower(),
        person.get("phone") or "",
        (person.get("linkedin_url") or "").lower().rstrip("/"),
        (person.get("current_company") or "").lower(),
    )


def compatible(row_key: tuple, known_key: tuple) -> bool:
    """Same person when every identifying value the row gives agrees (a missing one is no conflict)."""
    return all(not mine or mine == theirs for mine, theirs in zip(row_key[1:], known_key[1:], strict=True))


def pool_status(value: str | None) -> str | None:
    """A pool status as a file spells it ('Not interested', 'not-interested'), or None when it is none."""
    if not value:
        return None
    key = "_".join(value.strip().lower().replace("-", " ").split())
    return key if key in POOL_STATUSES else None
