"""The words of interviews, scorecards and offers (migration 0008), kept apart from vocabulary.py so each file
stays one subject. Same shape as there: StrEnums equal to the stored words; `parse` takes what a user types
("strong-yes", "No show"); the tuples feed the schema's CHECK constraints."""

from __future__ import annotations

from pipeline_tui.core.vocabulary import _Words


class InterviewStatus(_Words):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


# An interview that still happens (or happened): it holds the panel's time and counts for conflicts.
LIVE_INTERVIEW_STATUSES: tuple[InterviewStatus, ...] = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)


class ScorecardStatus(_Words):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Rating(_Words):
    """A focus attribute's rating on the 4-point scale; digits 1-4 pick them in that order."""

    DEFINITELY_NOT = "definitely_not"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def digit(self) -> int:
        return RATINGS.index(self) + 1

    @classmethod
    def from_digit(cls, digit: int) -> Rating:
        return RATINGS[digit - 1]


class Recommendation(_Words):
    """A scorecard's overall recommendation. Unset (NULL) is recorded and shown as "no decision"."""

    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def digit(self) -> int:
        return RECOMMENDATIONS.index(self) + 1


NO_DECISION = "no decision"


class OfferStatus(_Words):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    RESCINDED = "rescinded"


# An offer still in play: at most one per application (a partial unique index holds it).
LIVE_OFFER_STATUSES: tuple[OfferStatus, ...] = (
    OfferStatus.DRAFT,
    OfferStatus.PENDING_APPROVAL,
    OfferStatus.APPROVED,
    OfferStatus.SENT,
)
# Where an offer may go from each status (editing after approval is a new version, back to draft or pending;
# an offer out for approval, approved or sent expires once its expiry date has passed).
OFFER_TRANSITIONS: dict[OfferStatus, tuple[OfferStatus, ...]] = {
    OfferStatus.DRAFT: (OfferStatus.PENDING_APPROVAL, OfferStatus.APPROVED, OfferStatus.RESCINDED),
    OfferStatus.PENDING_APPROVAL: (
        OfferStatus.APPROVED,
        OfferStatus.DRAFT,
        OfferStatus.EXPIRED,
        OfferStatus.RESCINDED,
    ),
    OfferStatus.APPROVED: (
        OfferStatus.SENT,
        OfferStatus.PENDING_APPROVAL,
        OfferStatus.DRAFT,
        OfferStatus.EXPIRED,
        OfferStatus.RESCINDED,
    ),
    OfferStatus.SENT: (
        OfferStatus.ACCEPTED,
        OfferStatus.DECLINED,
        OfferStatus.EXPIRED,
        OfferStatus.RESCINDED,
    ),
    OfferStatus.ACCEPTED: (),
    OfferStatus.DECLINED: (),
    OfferStatus.EXPIRED: (),
    OfferStatus.RESCINDED: (),
}


class ApprovalDecision(_Words):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class HiringSubject(_Words):
    """What a hiring_event is about."""

    ROUND = "round"
    INTERVIEW = "interview"
    SCORECARD = "scorecard"
    OFFER = "offer"


class HiringAction(_Words):
    """What a hiring_event records: one word per change, its detail says what changed."""

    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    PANEL = "panel"
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    AMENDED = "amended"
    CREATED = "created"
    EDITED = "edited"
    NEW_VERSION = "new_version"
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    RESCINDED = "rescinded"
    REMOVED = "removed"


INTERVIEW_STATUSES = tuple(InterviewStatus)
SCORECARD_STATUSES = tuple(ScorecardStatus)
RATINGS: tuple[Rating, ...] = tuple(Rating)
RECOMMENDATIONS: tuple[Recommendation, ...] = tuple(Recommendation)
OFFER_STATUSES = tuple(OfferStatus)
APPROVAL_DECISIONS = tuple(ApprovalDecision)
HIRING_SUBJECTS = tuple(HiringSubject)
HIRING_ACTIONS = tuple(HiringAction)
