"""The words of nurture sequences (migration 0009): channels, enrollment and touch statuses, why a sequence
stopped and why a person was not enrolled. Same shape as vocabulary.py: StrEnums equal to the stored words;
the tuples feed the schema's CHECK constraints."""

from __future__ import annotations

from pipeline_tui.core.vocabulary import ActivityKind, _Words


class Channel(_Words):
    """How a step reaches the person. E-mail and LinkedIn steps are messages (subject and body templates)."""

    EMAIL = "email"
    LINKEDIN = "linkedin"
    CALL = "call"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]

    @property
    def is_message(self) -> bool:
        """A step with a subject and a body to write (a call or other step has an optional note only)."""
        return self in (Channel.EMAIL, Channel.LINKEDIN)

    @property
    def activity_kind(self) -> ActivityKind:
        """The touch a done step logs on the person (activity.kind)."""
        return ActivityKind(self.value)


_CHANNEL_LABELS = {
    Channel.EMAIL: "E-mail",
    Channel.LINKEDIN: "LinkedIn message",
    Channel.CALL: "Call",
    Channel.OTHER: "Other",
}


class EnrollmentStatus(_Words):
    ACTIVE = "active"  # a touch is due or scheduled
    COMPLETED = "completed"  # every step was done or skipped
    STOPPED = "stopped"  # ended early: see StopReason


class StopReason(_Words):
    """Why an enrollment ended before its last step (enrollment.stop_reason)."""

    REPLIED = "replied"
    OPTED_OUT = "opted_out"
    APPLIED = "applied"  # the person applied to a job (an application was opened)
    HANDED_OVER = "handed_over"  # a sourcer handed the prospect over to a job
    REMOVED = "removed"  # a user took the person out of the sequence
    MERGED = "merged"  # two records of one person were merged and both were enrolled
    ARCHIVED = "archived"  # the sequence was archived

    @property
    def label(self) -> str:
        return _STOP_LABELS[self]


_STOP_LABELS = {
    StopReason.REPLIED: "replied",
    StopReason.OPTED_OUT: "opted out",
    StopReason.APPLIED: "applied to a job",
    StopReason.HANDED_OVER: "handed over to a job",
    StopReason.REMOVED: "taken out of the sequence",
    StopReason.MERGED: "merged into another record",
    StopReason.ARCHIVED: "the sequence was archived",
}


class TouchStatus(_Words):
    """One scheduled step of one enrollment (touch row). Exactly one `due` touch per active enrollment."""

    DUE = "due"  # scheduled: in the due queue on its day (due_on), or later
    DONE = "done"  # sent / made: logged on the person as an activity
    SKIPPED = "skipped"
    REPLIED = "replied"  # the person replied: the sequence stopped here
    OPTED_OUT = "opted_out"  # the person opted out: stopped, consent withdrawn
    STOPPED = "stopped"  # the sequence stopped for another reason (applied, handed over, removed, archived)


# A touch that is finished: it never shows in the due queue again.
ENDED_TOUCH_STATUSES: tuple[TouchStatus, ...] = tuple(t for t in TouchStatus if t is not TouchStatus.DUE)


class Delivery(_Words):
    """How a done e-mail step went out (touch.delivery): by hand (copied, written to .eml) or through SMTP."""

    MANUAL = "manual"
    SMTP = "smtp"


class Ineligible(_Words):
    """Why a person was skipped when enrolling (counted per reason, never an error)."""

    NO_EMAIL = "no_email"  # the sequence has e-mail steps and the person has no e-mail
    ALREADY_ACTIVE = "already_active"  # already active in a sequence (this one or another)
    ACTIVE_APPLICANT = "active_applicant"  # an active application in a job
    ERASED = "erased"  # erased (privacy)
    CONSENT_WITHDRAWN = "consent_withdrawn"  # consent withdrawn or refused (an opt-out withdraws it)
    NOT_INTERESTED = "not_interested"  # pool status "not interested"
    NOT_FOUND = "not_found"  # no such person (an --email no one has)

    @property
    def label(self) -> str:
        return _INELIGIBLE_LABELS[self]


_INELIGIBLE_LABELS = {
    Ineligible.NO_EMAIL: "no e-mail",
    Ineligible.ALREADY_ACTIVE: "already active in a sequence",
    Ineligible.ACTIVE_APPLICANT: "an active applicant in a job",
    Ineligible.ERASED: "erased",
    Ineligible.CONSENT_WITHDRAWN: "consent withdrawn",
    Ineligible.NOT_INTERESTED: 'pool status "not interested"',
    Ineligible.NOT_FOUND: "no such person",
}

# The placeholders a step's subject and body may use; anything else is refused when the template is saved.
PLACEHOLDERS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "full_name",
    "company",  # the person's current company
    "title",  # the person's current title
    "location",
    "sender_name",  # the user sending the touch
    "sender_email",
    "pool",  # the pool the person was enrolled from ("" when enrolled by e-mail)
    "sequence",
)

CHANNELS = tuple(Channel)
ENROLLMENT_STATUSES = tuple(EnrollmentStatus)
STOP_REASONS = tuple(StopReason)
TOUCH_STATUSES = tuple(TouchStatus)
DELIVERIES = tuple(Delivery)
