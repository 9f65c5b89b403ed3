"""One vocabulary for statuses, kinds and actions, so no layer spells them as loose string literals.

Each is a `StrEnum`: members compare equal to the words stored in the database (`"rejected"`), so rows,
records and enums mix without conversion. The tuples below are what the schema's CHECK constraints and
validators are built from.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


def _word_key(text: str) -> str:
    """What a user typed, as a stored word: any case, spaces or hyphens for underscores."""
    return "_".join(text.lower().replace("-", " ").replace("_", " ").split())


class _Words(StrEnum):
    """Stored words a user may type as they read them ("on-hold", "Hiring manager")."""

    @property
    def label(self) -> str:
        """The words shown to a user ("on hold")."""
        return self.value.replace("_", " ")

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The member a user's text names, or None when it names none."""
        try:
            return cls(_word_key(text))
        except ValueError:
            return None


class JobStatus(_Words):
    DRAFT = "draft"
    OPEN = "open"
    ON_HOLD = "on_hold"
    FILLED = "filled"
    CLOSED = "closed"


# Where a job may go from each status: reopening a filled or closed job goes back to open.
JOB_TRANSITIONS: dict[JobStatus, tuple[JobStatus, ...]] = {
    JobStatus.DRAFT: (JobStatus.OPEN, JobStatus.CLOSED),
    JobStatus.OPEN: (JobStatus.ON_HOLD, JobStatus.FILLED, JobStatus.CLOSED),
    JobStatus.ON_HOLD: (JobStatus.OPEN, JobStatus.FILLED, JobStatus.CLOSED),
    JobStatus.FILLED: (JobStatus.OPEN,),
    JobStatus.CLOSED: (JobStatus.OPEN,),
}
# A job that is done: its title may be used again, and it takes no applicants.
ENDED_JOB_STATUSES: tuple[JobStatus, ...] = (JobStatus.FILLED, JobStatus.CLOSED)


class StageKind(_Words):
    """What a stage means to the rules: any number of active stages, an optional offer, one hired."""

    ACTIVE = "active"
    OFFER = "offer"
    HIRED = "hired"


class TeamRole(_Words):
    RECRUITER = "recruiter"
    SOURCER = "sourcer"
    COORDINATOR = "coordinator"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"


class EmploymentType(_Words):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    TEMPORARY = "temporary"
    INTERNSHIP = "internship"


class JobEventAction(StrEnum):
    """What a job_event records: the job's own history (status, edits, its pipeline's shape)."""

    CREATED = "created"
    EDITED = "edited"
    STATUS = "status"
    STAGE_ADDED = "stage_added"
    STAGE_RENAMED = "stage_renamed"
    STAGE_MOVED = "stage_moved"
    STAGE_KIND = "stage_kind"
    STAGE_REMOVED = "stage_removed"


class ApplicationStatus(StrEnum):
    ACTIVE = "active"
    REJECTED = "rejected"
    HIRED = "hired"
    WITHDRAWN = "withdrawn"


# An application that left the pipeline without a hire: shown in the closed lane, reopenable.
CLOSED_STATUSES: tuple[ApplicationStatus, ...] = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


class EventAction(StrEnum):
    """What a stage_event records."""

    APPLIED = "applied"
    MOVE = "move"
    REJECT = "reject"
    HIRE = "hire"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    UNDO = "undo"
    HANDOFF = "handoff"


# The actions that start an application (its first event).
OPENING_ACTIONS: tuple[EventAction, ...] = (EventAction.APPLIED, EventAction.HANDOFF)
# The actions that close one (reject or withdraw), with the status each leaves.
CLOSING_ACTIONS: dict[EventAction, ApplicationStatus] = {
    EventAction.REJECT: ApplicationStatus.REJECTED,
    EventAction.WITHDRAW: ApplicationStatus.WITHDRAWN,
}
# The changes a user can undo.
UNDOABLE_ACTIONS: tuple[EventAction, ...] = (
    EventAction.MOVE,
    EventAction.REJECT,
    EventAction.HIRE,
    EventAction.WITHDRAW,
    EventAction.REOPEN,
)


class ReasonCategory(StrEnum):
    """A rejection reason is either ours (rejected) or theirs (they withdrew)."""

    REJECTED = "rejected"
    WITHDREW = "withdrew"


class PoolStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    ENGAGED = "engaged"
    NOT_INTERESTED = "not_interested"
    CONVERTED = "converted"

    @property
    def label(self) -> str:
        """The words shown on screen (and accepted in `status:`)."""
        return _POOL_STATUS_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> PoolStatus | None:
        """A status from what a user typed: the stored word, the label, or a known alias, any case, spaces,
        hyphens or underscores. None when it is none of them."""
        key = "_".join(text.lower().replace("-", " ").replace("_", " ").split())
        return _POOL_STATUS_ALIASES.get(key)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling `parse` accepts for this status, as words ("not interested", "uninterested"): what
        a picker's filter matches, so a word that works in the query bar works there too."""
        return tuple(k.replace("_", " ") for k, s in _POOL_STATUS_ALIASES.items() if s is self)

    @classmethod
    def label_of(cls, stored: str | None) -> str:
        """The label of a stored status word; an unknown word is shown as it is (spaces for underscores)."""
        if not stored:
            return ""
        try:
            return cls(stored).label
        except ValueError:
            return stored.replace("_", " ")


_POOL_STATUS_LABELS = {
    PoolStatus.NEW: "new",
    PoolStatus.CONTACTED: "contacted",
    PoolStatus.ENGAGED: "engaged",
    PoolStatus.NOT_INTERESTED: "not interested",
    PoolStatus.CONVERTED: "converted",
}
_POOL_STATUS_ALIASES: dict[str, PoolStatus] = {s.value: s for s in PoolStatus} | {
    "uninterested": PoolStatus.NOT_INTERESTED,
    "not_keen": PoolStatus.NOT_INTERESTED,
}
# How far along a prospect is, for "the most advanced status" across pools (not interested is an answer,
# so it outranks the silent statuses; converted is the furthest).
POOL_STATUS_RANK: dict[PoolStatus, int] = {
    PoolStatus.NEW: 0,
    PoolStatus.CONTACTED: 1,
    PoolStatus.NOT_INTERESTED: 2,
    PoolStatus.ENGAGED: 3,
    PoolStatus.CONVERTED: 4,
}


class ActivityKind(StrEnum):
    NOTE = "note"
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    LINKEDIN = "linkedin"
    TEXT = "text"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The channel as a touch dialog offers it ("LinkedIn message")."""
        return _ACTIVITY_LABELS[self][0]

    @property
    def phrase(self) -> str:
        """The channel in a sentence: "logged a LinkedIn message with 3 people"."""
        return _ACTIVITY_LABELS[self][1]


_ACTIVITY_LABELS = {
    ActivityKind.NOTE: ("Note", "a note"),
    ActivityKind.EMAIL: ("E-mail", "an e-mail"),
    ActivityKind.CALL: ("Call", "a call"),
    ActivityKind.MEETING: ("Meeting", "a meeting"),
    ActivityKind.LINKEDIN: ("LinkedIn message", "a LinkedIn message"),
    ActivityKind.TEXT: ("Text message", "a text message"),
    ActivityKind.OTHER: ("Other", "a touch"),
}
# The activities that are a touch: contact with the person (stamps last-contacted, new -> contacted in pools).
TOUCH_KINDS: tuple[ActivityKind, ...] = (
    ActivityKind.EMAIL,
    ActivityKind.CALL,
    ActivityKind.MEETING,
    ActivityKind.LINKEDIN,
    ActivityKind.TEXT,
    ActivityKind.OTHER,
)


JOB_STATUSES = tuple(JobStatus)
STAGE_KINDS = tuple(StageKind)
TEAM_ROLES = tuple(TeamRole)
EMPLOYMENT_TYPES = tuple(EmploymentType)
JOB_EVENT_ACTIONS = tuple(JobEventAction)
APPLICATION_STATUSES = tuple(ApplicationStatus)
EVENT_ACTIONS = tuple(EventAction)
POOL_STATUSES = tuple(PoolStatus)
ACTIVITY_KINDS = tuple(ActivityKind)
REASON_CATEGORIES = tuple(ReasonCategory)
