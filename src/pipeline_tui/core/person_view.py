"""The person screen's read model, the find-anyone hits and the files attached to a person.

One record holds everything the person screen draws, read in one store call (one transaction): the person,
every application with its stage history, pools, tags, files and one timeline of notes, touches and stage
changes. `timeline` merges them in core, so the store stays set-based and the screen only draws.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from pipeline_tui.core.query import _WORD
from pipeline_tui.core.records import (
    ActivityRecord,
    CandidateApplication,
    CandidateRecord,
    IdentityRecord,
    PoolMembershipRecord,
    Record,
    StageEventRecord,
    StageStay,
)

# Consent as a recruiter records it: given, withdrawn, or not known; "refused" is kept from older data.
CONSENT_STATUSES: tuple[str, ...] = ("unknown", "given", "withdrawn", "refused")


def size_text(size: int) -> str:
    """'812 bytes', '4.2 KB', '3.1 MB'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class FileRecord(Record):
    """A file attached to a person, without its bytes (those are read only to open or export it)."""

    id: int
    candidate_id: int
    name: str
    media_type: str | None = None
    size: int
    added_at: datetime
    added_by: str | None = None


class ApplicationHistory(Record):
    """One application of the person with its job, stage, log and time in each stage."""

    entry: CandidateApplication
    events: tuple[StageEventRecord, ...]
    stays: tuple[StageStay, ...]

    @property
    def id(self) -> int:
        return self.entry.application.id


class TimelineEntry(Record):
    """One line of the person's story: a note or touch, or a stage change in one of their applications."""

    at: datetime
    kind: str  # an activity kind, or "stage"
    text: str
    actor: str | None = None
    job_title: str | None = None


class PersonDetail(Record):
    candidate: CandidateRecord
    applications: tuple[ApplicationHistory, ...]  # newest first
    pools: tuple[PoolMembershipRecord, ...]
    tags: tuple[str, ...]
    files: tuple[FileRecord, ...]
    activities: tuple[ActivityRecord, ...]  # newest first
    identities: tuple[IdentityRecord, ...] = ()  # every e-mail, phone and profile: by kind, primary first
    focus_id: int | None = None  # the application the screen was opened on (from a board card)
    # Under a retention policy, a person due for anonymisation: their last contact (touch, else added).
    retention_due_since: datetime | None = None

    @property
    def focused(self) -> ApplicationHistory | None:
        return next((a for a in self.applications if a.id == self.focus_id), None)

    @property
    def others(self) -> tuple[ApplicationHistory, ...]:
        return tuple(a for a in self.applications if a.id != self.focus_id)


class PersonHit(Record):
    """A find-anyone hit: who, and where they are (applicant: job and stage; prospect: pools)."""

    candidate_id: int
    full_name: str
    email: str | None = None
    current_company: str | None = None
    applications: tuple[tuple[str, str, str], ...] = ()  # (job title, stage name, status), active first
    pools: tuple[str, ...] = ()

    @property
    def where_parts(self) -> tuple[str, ...]:
        """('applicant: Backend Engineer (Interview)', 'prospect in Data Eng, Berlin'), or one saying neither."""
        parts = []
        if self.applications:
            apps = ", ".join(
                f"{job} ({stage})" if status == "active" else f"{job} ({status})"
                for job, stage, status in self.applications
            )
            parts.append(f"applicant: {apps}")
        if self.pools:
            parts.append(f"prospect in {', '.join(self.pools)}")
        return tuple(parts) or ("no application or pool",)

    @property
    def where(self) -> str:
        return "; ".join(self.where_parts)


def find_words(typed: str) -> tuple[str, ...]:
    """The words find anyone searches for. A last letter run of one character ("Agnès D", "ada@e") is left
    out until the next key: as a prefix it matches a large share of the index (every name has a word
    starting with "d"), for a hit list the next keystroke replaces. A lone one-letter word searches nothing."""
    words = typed.split()
    while words:
        runs = list(_WORD.finditer(words[-1]))
        if runs and len(runs[-1].group()) >= 2:
            break
        cut = words[-1][: runs[-1].start()] if runs else ""
        if runs and _WORD.search(cut):
            words[-1] = cut
        else:
            words.pop()
    return tuple(words)


def _folded_words(text: str) -> list[str]:
    """Words as the full-text index compares them: lower case, accents off, punctuation a separator."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return _WORD.findall(plain)


def find_rank(typed: str, full_name: str, *, exact: bool = False, starts: bool = False) -> int:
    """A find-anyone hit's rank: 0 the name is what was typed (or `exact`: their e-mail is), 1 the name
    starts with it, the last word a prefix (or `starts`: an e-mail of theirs does), 2 anything else."""
    want, have = _folded_words(typed), _folded_words(full_name)
    if exact or (want and have == want):
        return 0
    n = len(want)
    if starts or (
        want and len(have) >= n and have[: n - 1] == want[:-1] and have[n - 1].startswith(want[-1])
    ):
        return 1
    return 2


ACTION_WORDS = {
    "applied": "applied",
    "handoff": "handed over from a pool",
    "move": "moved",
    "hire": "hired",
    "reject": "rejected",
    "withdraw": "withdrew",
    "reopen": "reopened",
    "undo": "undo",
}


def stage_change_text(ev: StageEventRecord) -> str:
    """What a stage event says in the timeline: 'moved Applied → Interview', 'rejected: Skills mismatch'."""
    text = ACTION_WORDS.get(ev.action, ev.action)
    if ev.from_stage_name and ev.to_stage_name and ev.from_stage_name != ev.to_stage_name:
        text += f" {ev.from_stage_name} → {ev.to_stage_name}"
    elif ev.to_stage_name and ev.action in ("applied", "handoff", "reopen"):
        text += f" into {ev.to_stage_name}"
    if ev.reason:
        text += f": {ev.reason}"
    return text


# The first line of the note a merge writes on the kept person (services.pipeline.merge_note).
MERGE_NOTE = "Merged duplicate record {name} (candidate #{id}) into this one."
_MERGE_NOTE = re.compile(r"Merged duplicate record (.*) \(candidate #(\d+)\) into this one\.")
MERGE_KIND = "merge"  # a timeline entry's kind for that note


def merge_note_opening(name: str, candidate_id: int) -> str:
    return MERGE_NOTE.format(name=name, id=candidate_id)


def activity_entry(activity: ActivityRecord) -> TimelineEntry:
    """A note or touch in the timeline. A merge's note leads with who was merged in ("Merged with Ann Lee
    (#12)") as an entry of its own kind, so it stands out among the notes it brought along."""
    first, _, rest = activity.body.partition("\n")
    merged = _MERGE_NOTE.fullmatch(first) if activity.kind == "note" else None
    if merged is None:
        return TimelineEntry(at=activity.at, kind=activity.kind, text=activity.body, actor=activity.actor)
    text = f"Merged with {merged.group(1)} (#{merged.group(2)})" + (f"\n{rest}" if rest else "")
    return TimelineEntry(at=activity.at, kind=MERGE_KIND, text=text, actor=activity.actor)


def timeline(
    activities: Iterable[ActivityRecord], applications: Iterable[ApplicationHistory]
) -> list[TimelineEntry]:
    """Notes, touches and stage changes of every application in one list, newest first."""
    entries = [activity_entry(a) for a in activities]
    for app in applications:
        for ev in app.events:
            entries.append(
                TimelineEntry(
                    at=ev.at,
                    kind="stage",
                    text=stage_change_text(ev),
                    actor=ev.actor,
                    job_title=app.entry.job_title,
                )
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
