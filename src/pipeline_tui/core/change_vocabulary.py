"""What the change log says: the entities a change is about and the kinds of change, each with its phrase.

One home for the words of "who did what": the live notices ("Ann moved Bob Ng to Onsite"), the activity
feed on the screen and `pipeline-tui activity` all build their sentence with `describe_change`, so they
say the same. A kind's phrase names `{subject}` (the person, job, pool or sequence as it was called then)
and `{detail}` (a stage, a pool, a tag list, a reason); an empty detail drops the words around it.
"""

from __future__ import annotations

from enum import StrEnum


class ChangeEntity(StrEnum):
    """What a change is about; `entity_id` in the log is that row's id."""

    APPLICATION = "application"
    CANDIDATE = "candidate"  # a person (prospect or applicant): fields, tags, notes, files, identities
    JOB = "job"  # the job, its stages, its hiring team, its interview plan
    POOL = "pool"  # a pool and its members
    INTERVIEW = "interview"
    SCORECARD = "scorecard"
    OFFER = "offer"
    SEQUENCE = "sequence"
    ENROLLMENT = "enrollment"
    TOUCH = "touch"
    TEAM_MEMBER = "team_member"
    LOG = "log"  # the change log itself (trimmed)


class ChangeKind(StrEnum):
    """A kind of change. The value is stored; `phrase` is how a sentence says it after the actor's name."""

    # applications (the board)
    APPLIED = "applied"
    MOVED = "moved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"
    REOPENED = "reopened"
    UNDONE = "undone"
    RATED = "rated"
    HANDED_OVER = "handed_over"
    IMPORTED = "imported"
    # people
    ADDED = "added"
    EDITED = "edited"
    TAGGED = "tagged"
    UNTAGGED = "untagged"
    NOTED = "noted"
    CONTACTED = "contacted"
    FILE_ADDED = "file_added"
    FILE_REMOVED = "file_removed"
    MERGED = "merged"
    ERASED = "erased"
    # pools
    POOL_CREATED = "pool_created"
    POOL_EDITED = "pool_edited"
    POOL_DELETED = "pool_deleted"
    POOLED = "pooled"
    UNPOOLED = "unpooled"
    POOL_STATUS = "pool_status"
    # jobs
    JOB_CREATED = "job_created"
    JOB_EDITED = "job_edited"
    JOB_STATUS = "job_status"
    STAGES_CHANGED = "stages_changed"
    TEAM_CHANGED = "team_changed"
    PLAN_CHANGED = "plan_changed"
    # interviews, scorecards, offers
    INTERVIEW_SCHEDULED = "interview_scheduled"
    INTERVIEW_CHANGED = "interview_changed"
    INTERVIEW_CANCELLED = "interview_cancelled"
    SCORECARD_SUBMITTED = "scorecard_submitted"
    OFFER_CREATED = "offer_created"
    OFFER_CHANGED = "offer_changed"
    OFFER_APPROVED = "offer_approved"
    OFFER_SENT = "offer_sent"
    OFFER_ACCEPTED = "offer_accepted"
    OFFER_DECLINED = "offer_declined"
    # nurture
    SEQUENCE_CREATED = "sequence_created"
    SEQUENCE_EDITED = "sequence_edited"
    SEQUENCE_ARCHIVED = "sequence_archived"
    ENROLLED = "enrolled"
    ENROLLMENT_STOPPED = "enrollment_stopped"
    TOUCH_DONE = "touch_done"
    TOUCH_SKIPPED = "touch_skipped"
    TOUCH_SNOOZED = "touch_snoozed"
    REPLIED = "replied"
    OPTED_OUT = "opted_out"
    # the team and the log
    MEMBER_ADDED = "member_added"
    MEMBER_EDITED = "member_edited"
    LOG_TRIMMED = "log_trimmed"

    @property
    def phrase(self) -> str:
        return PHRASES[self]

    @property
    def label(self) -> str:
        """The kind as a filter lists it ("moved", "pool status")."""
        return self.value.replace("_", " ")


PHRASES: dict[ChangeKind, str] = {
    ChangeKind.APPLIED: "added {subject} to {detail}",
    ChangeKind.MOVED: "moved {subject} to {detail}",
    ChangeKind.REJECTED: "rejected {subject} ({detail})",
    ChangeKind.WITHDRAWN: "marked {subject} withdrawn ({detail})",
    ChangeKind.HIRED: "hired {subject} ({detail})",
    ChangeKind.REOPENED: "reopened {subject} at {detail}",
    ChangeKind.UNDONE: "undid a change of {subject} ({detail})",
    ChangeKind.RATED: "rated {subject} {detail}",
    ChangeKind.HANDED_OVER: "handed {subject} over to {detail}",
    ChangeKind.IMPORTED: "imported {subject} ({detail})",
    ChangeKind.ADDED: "added {subject} ({detail})",
    ChangeKind.EDITED: "edited {subject} ({detail})",
    ChangeKind.TAGGED: "tagged {subject} {detail}",
    ChangeKind.UNTAGGED: "untagged {subject} {detail}",
    ChangeKind.NOTED: "added a note on {subject}",
    ChangeKind.CONTACTED: "logged a touch with {subject} ({detail})",
    ChangeKind.FILE_ADDED: "attached {detail} to {subject}",
    ChangeKind.FILE_REMOVED: "removed {detail} from {subject}",
    ChangeKind.MERGED: "merged {detail} into {subject}",
    ChangeKind.ERASED: "erased a person's details",
    ChangeKind.POOL_CREATED: "created the pool {subject}",
    ChangeKind.POOL_EDITED: "edited the pool {subject}",
    ChangeKind.POOL_DELETED: "deleted the pool {subject}",
    ChangeKind.POOLED: "added {subject} to the pool {detail}",
    ChangeKind.UNPOOLED: "removed {subject} from the pool {detail}",
    ChangeKind.POOL_STATUS: "set {subject} to {detail}",
    ChangeKind.JOB_CREATED: "created the job {subject}",
    ChangeKind.JOB_EDITED: "edited the job {subject} ({detail})",
    ChangeKind.JOB_STATUS: "set the job {subject} to {detail}",
    ChangeKind.STAGES_CHANGED: "changed the stages of {subject} ({detail})",
    ChangeKind.TEAM_CHANGED: "changed the hiring team of {subject} ({detail})",
    ChangeKind.PLAN_CHANGED: "changed the interview plan of {subject} ({detail})",
    ChangeKind.INTERVIEW_SCHEDULED: "scheduled an interview with {subject} ({detail})",
    ChangeKind.INTERVIEW_CHANGED: "changed an interview with {subject} ({detail})",
    ChangeKind.INTERVIEW_CANCELLED: "cancelled an interview with {subject} ({detail})",
    ChangeKind.SCORECARD_SUBMITTED: "submitted a scorecard for {subject} ({detail})",
    ChangeKind.OFFER_CREATED: "drafted an offer for {subject} ({detail})",
    ChangeKind.OFFER_CHANGED: "changed the offer for {subject} ({detail})",
    ChangeKind.OFFER_APPROVED: "approved the offer for {subject} ({detail})",
    ChangeKind.OFFER_SENT: "sent the offer to {subject}",
    ChangeKind.OFFER_ACCEPTED: "recorded that {subject} accepted the offer",
    ChangeKind.OFFER_DECLINED: "recorded that {subject} declined the offer ({detail})",
    ChangeKind.SEQUENCE_CREATED: "created the sequence {subject}",
    ChangeKind.SEQUENCE_EDITED: "edited the sequence {subject}",
    ChangeKind.SEQUENCE_ARCHIVED: "archived the sequence {subject}",
    ChangeKind.ENROLLED: "enrolled {subject} in {detail}",
    ChangeKind.ENROLLMENT_STOPPED: "stopped {subject} in {detail}",
    ChangeKind.TOUCH_DONE: "did a touch with {subject} ({detail})",
    ChangeKind.TOUCH_SKIPPED: "skipped a touch with {subject} ({detail})",
    ChangeKind.TOUCH_SNOOZED: "snoozed a touch with {subject} ({detail})",
    ChangeKind.REPLIED: "marked that {subject} replied ({detail})",
    ChangeKind.OPTED_OUT: "marked {subject} opted out ({detail})",
    ChangeKind.MEMBER_ADDED: "added {subject} to the team",
    ChangeKind.MEMBER_EDITED: "edited the team member {subject} ({detail})",
    ChangeKind.LOG_TRIMMED: "trimmed the activity log ({detail})",
}

ERASED_SUBJECT = "an erased person"
SOMEONE = "Someone"


def describe_change(actor: str | None, kind: str, subject: str | None, detail: str | None) -> str:
    """The sentence for one change: "Ann moved Bob Ng to Onsite". Unknown kinds (a newer version wrote
    them) still read: "Ann changed Bob Ng"."""
    return f"{actor or SOMEONE} {describe_action(kind, subject, detail)}"


def describe_action(kind: str, subject: str | None, detail: str | None) -> str:
    """The sentence without who: "moved Bob Ng to Onsite" (for a table that has a Who column)."""
    try:
        phrase = ChangeKind(kind).phrase
    except ValueError:
        phrase = "changed {subject} ({detail})"
    what = subject or ERASED_SUBJECT
    if not detail:
        for gap in (" ({detail})", " to {detail}", " at {detail}", " in {detail}", " {detail}"):
            phrase = phrase.replace(gap, "")
    return phrase.replace("{subject}", what).replace("{detail}", detail or "")
