"""Frozen Pydantic records: what repositories hand to screens, the CLI and tests instead of ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    # defer_build: each record's validator is built on first use, not at import (start-up time).
    model_config = ConfigDict(frozen=True, from_attributes=True, defer_build=True)


class CandidateRecord(Record):
    id: int
    full_name: str
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    current_title: str | None = None
    current_company: str | None = None
    linkedin_url: str | None = None
    github_url: str | None = None
    website_url: str | None = None
    source: str | None = None
    summary: str | None = None
    consent_status: str = "unknown"
    consent_at: datetime | None = None
    consent_method: str | None = None
    anonymised_at: datetime | None = None
    last_contacted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class IdentityRecord(Record):
    """One e-mail, phone or profile URL of a person: `value` is what doors match on, `display` as typed
    (a phone that could not be parsed has an empty value: shown, never matched)."""

    id: int
    candidate_id: int
    kind: str
    value: str
    display: str
    is_primary: bool
    created_at: datetime


class StageRecord(Record):
    id: int
    job_id: int
    position: int
    name: str
    kind: str


class TeamMemberRecord(Record):
    """Someone who works in the app: the current user, a job's hiring manager, an interviewer."""

    id: int
    name: str
    email: str | None = None
    role: str
    active: bool = True
    created_at: datetime | None = None


class JobRecord(Record):
    id: int
    title: str
    department: str | None = None
    location: str | None = None
    status: str
    employment_type: str | None = None
    description: str | None = None
    # The team's names (None: nobody named) beside their team_member ids.
    hiring_manager: str | None = None
    recruiter: str | None = None
    coordinator: str | None = None
    hiring_manager_id: int | None = None
    recruiter_id: int | None = None
    coordinator_id: int | None = None
    headcount: int = 1
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    created_at: datetime


class JobSummary(Record):
    """A job as the switcher and the jobs screen list it: with how many people are in its pipeline."""

    job: JobRecord
    active_count: int
    hired_count: int
    rejected_count: int
    # The jobs screen's columns (and `job list`): copied from the job so a table reads one flat row.
    days_open: int | None = None
    stages: tuple[StageRecord, ...] = ()

    @property
    def id(self) -> int:
        return self.job.id

    @property
    def title(self) -> str:
        return self.job.title

    @property
    def department(self) -> str | None:
        return self.job.department

    @property
    def location(self) -> str | None:
        return self.job.location

    @property
    def status(self) -> str:
        return self.job.status

    @property
    def headcount(self) -> int:
        return self.job.headcount

    @property
    def hired(self) -> int:
        return self.hired_count

    @property
    def active(self) -> int:
        return self.active_count

    @property
    def hiring_manager(self) -> str | None:
        return self.job.hiring_manager

    @property
    def recruiter(self) -> str | None:
        return self.job.recruiter

    @property
    def hiring_manager_id(self) -> int | None:
        return self.job.hiring_manager_id

    @property
    def recruiter_id(self) -> int | None:
        return self.job.recruiter_id

    @property
    def coordinator_id(self) -> int | None:
        return self.job.coordinator_id

    @property
    def employment_type(self) -> str | None:
        return self.job.employment_type

    @property
    def opened_at(self) -> datetime | None:
        return self.job.opened_at

    @property
    def closed_at(self) -> datetime | None:
        return self.job.closed_at


class StageCount(Record):
    """A stage as the job form and stage editor show it: with how many applications it holds now."""

    id: int
    position: int
    name: str
    kind: str
    count: int = 0


class JobDetail(Record):
    """Everything the job form edits: the job, its whole team, its stages with their counts."""

    job: JobRecord
    hiring_manager: TeamMemberRecord | None = None
    recruiter: TeamMemberRecord | None = None
    coordinator: TeamMemberRecord | None = None
    interviewers: tuple[TeamMemberRecord, ...] = ()
    stages: tuple[StageCount, ...] = ()
    hired: int = 0
    active: int = 0


class StatusChange(Record):
    """What `set_status` did: the job as it is now, and how many active applicants it rejected."""

    job: JobRecord
    previous: str
    rejected: int = 0


class JobEventRecord(Record):
    """One entry of a job's own history (created, edited, status, stage changes): who and when."""

    id: int
    job_id: int
    at: datetime
    actor_id: int | None = None
    actor: str | None = None
    action: str
    detail: str | None = None


class RejectionReasonRecord(Record):
    id: int
    name: str
    category: str
    position: int


class ApplicationRecord(Record):
    id: int
    candidate_id: int
    job_id: int
    stage_id: int
    status: str
    rejection_reason_id: int | None = None
    rejection_reason: str | None = None
    rejection_note: str | None = None
    source: str | None = None
    origin_pool_id: int | None = None
    applied_at: datetime
    stage_entered_at: datetime
    rating: int
    version: int


class ApplicantLine(Record):
    """One application as `applicant list` and the other applicant commands print it: who, where, what
    status, and the version a script passes back as --expect-version."""

    id: int
    candidate_id: int
    name: str
    email: str | None = None
    job_id: int
    job: str
    stage_id: int
    stage: str
    stage_kind: str
    status: str
    reason: str | None = None
    source: str | None = None
    rating: int
    applied_at: datetime
    stage_entered_at: datetime
    version: int


class BoardCard(Record):
    """One applicant on a job's board: the application plus what the card shows of the person."""

    application: ApplicationRecord
    candidate_id: int
    full_name: str
    email: str | None = None
    current_title: str | None = None
    current_company: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()


class StageEventRecord(Record):
    id: int
    application_id: int
    from_stage_id: int | None = None
    to_stage_id: int | None = None
    from_stage_name: str | None = None
    to_stage_name: str | None = None
    from_status: str | None = None
    to_status: str
    action: str
    reason: str | None = None
    note: str | None = None
    undoes_event_id: int | None = None
    at: datetime
    actor: str | None = None


class StageStay(Record):
    """How long an application spent in one stage (derived from stage_event)."""

    stage_name: str
    entered_at: datetime
    left_at: datetime | None
    seconds: float


class PoolRecord(Record):
    id: int
    name: str
    description: str | None = None
    owner: str | None = None
    created_at: datetime
    member_count: int = 0


class PoolMembershipRecord(Record):
    pool_id: int
    pool_name: str
    candidate_id: int
    status: str
    added_at: datetime
    added_by: str | None = None


class TagRecord(Record):
    id: int
    name: str
    candidate_count: int = 0


class ActivityRecord(Record):
    id: int
    candidate_id: int
    application_id: int | None = None
    kind: str
    body: str
    at: datetime
    actor: str | None = None


class CandidateApplication(Record):
    """One of a person's applications, with the job and stage named (for the detail screens)."""

    application: ApplicationRecord
    job_title: str
    job_status: str
    stage_name: str


class BulkResult(Record):
    """What a bulk action changed, so the screen can say so."""

    changed: int
    skipped: int = 0
    message: str = ""


class ProspectRow(Record):
    """One line of the talent-pool browser: a person as seen from a pool or a segment."""

    id: int
    full_name: str
    email: str | None = None
    current_title: str | None = None
    current_company: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    # The status in the pool being browsed; in a segment, the person's most advanced status in any pool
    # (POOL_STATUS_RANK) and, in `status_pool`, the name of that pool.
    pool_status: str | None = None
    status_pool: str | None = None
    last_contacted_at: datetime | None = None
    source: str | None = None
    # When they joined the pool being browsed; in a segment, when the person was created.
    added_at: datetime


class ProspectPreview(Record):
    """Everything the preview pane shows of the focused person."""

    candidate: CandidateRecord
    tags: tuple[str, ...] = ()
    pools: tuple[PoolMembershipRecord, ...] = ()
    activities: tuple[ActivityRecord, ...] = ()
    applications: tuple[CandidateApplication, ...] = ()
    # (other id, other name, why) for each possible duplicate found by the last search, if one ran.
    duplicates: tuple[tuple[int, str, str], ...] = ()


class SegmentRecord(Record):
    """A built-in segment of the side list ('all', 'finalists', 'stale', 'duplicates') with its member count
    (None: not counted yet; possible duplicates are counted once the segment is opened)."""

    key: str
    name: str
    member_count: int | None


class DuplicatePerson(Record):
    """One side of a possible duplicate: who they are and what tells them apart (`people duplicates`)."""

    id: int
    name: str
    emails: tuple[str, ...] = ()
    company: str | None = None
    location: str | None = None


class DuplicatePair(Record):
    """Two records that may be one person: why (each reason a sentence) and how sure (0-100)."""

    a: DuplicatePerson
    b: DuplicatePerson
    reasons: tuple[str, ...]
    score: int


class ImportFailure(Record):
    """A row that did not go in (or was a duplicate): where it is in the file and why."""

    line: int
    reason: str


class ImportReport(Record):
    """What an import did (or, with dry_run, would do)."""

    total: int
    created: int
    updated: int
    duplicates: tuple[ImportFailure, ...] = ()
    failed: tuple[ImportFailure, ...] = ()
    # Rows whose addresses belong to two different people on file: which went where, each naming both.
    conflicts: tuple[ImportFailure, ...] = ()
    applications_added: int = 0
    memberships_added: int = 0
    pools_created: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    dry_run: bool = False


class ErasureRecord(Record):
    """What a privacy erasure did: the anonymous row that stays and what was cleared."""

    candidate_id: int
    name: str
    applications_kept: int
    activities_cleared: int
    tags_removed: int
    applications_withdrawn: int = 0  # active ones closed as withdrawn ("Data erased"): off every board
    files_removed: int = 0
    # SQLite: the file was vacuumed and the WAL emptied, so no old bytes remain on disk.
    file_scrubbed: bool
    anonymised_at: datetime


# The two plain rows an import is made of: built by the import service, written by the store, previewed by
# the import dialog.


@dataclass(slots=True)
class HistoryEntry:
    """One stage_event as an export wrote it, restored when a new application is created."""

    action: str
    to_stage: str | None
    from_stage: str | None = None
    to_status: str | None = None
    from_status: str | None = None
    at: datetime | None = None
    actor: str | None = None
    reason: str | None = None
    note: str | None = None


@dataclass(slots=True)
class PersonRow:
    """One validated row of an import file: the person and what the file says about their pipeline.

    A plain dataclass rather than a Record: a 100,000-row file makes 100,000 of them, and validation already
    happened when the row was read."""

    line: int
    person: dict[str, str | None]
    # Addresses beyond person["email"] (the primary), e.g. a cell holding two: every one is the person's.
    other_emails: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    stage: str | None = None
    status: str | None = None
    applied_at: datetime | None = None
    stage_entered_at: datetime | None = None
    last_contacted_at: datetime | None = None
    created_at: datetime | None = None
    rejection_note: str | None = None
    rating: int | None = None
    rejection_reason: str | None = None
    pools: tuple[tuple[str, str | None], ...] = ()
    history: tuple[HistoryEntry, ...] = ()
