"""The change-log entries of interviews, scorecards and offers: one per hiring_event worth telling the team.

Each is about a person's application (`candidate_id` and `job_id` set, `subject` left to the reader, who
shows the person's current name). The detail names the round or the offer's version, never what only the
hiring_event may hold: no times (a stored sentence cannot be shown in each reader's zone), no salary, no
decline reason or feedback (privacy erase clears those, and a scorecard's content is for its readers).
A draft scorecard is its author's own: only submitting (and amending a submitted one) is told.
"""

from __future__ import annotations

from typing import Any

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.hiring_vocabulary import HiringAction, OfferStatus

INTERVIEW_KINDS: dict[HiringAction, ChangeKind] = {
    HiringAction.SCHEDULED: ChangeKind.INTERVIEW_SCHEDULED,
    HiringAction.CANCELLED: ChangeKind.INTERVIEW_CANCELLED,
}
INTERVIEW_WORDS: dict[HiringAction, str] = {
    HiringAction.RESCHEDULED: "rescheduled",
    HiringAction.PANEL: "panel changed",
    HiringAction.COMPLETED: "completed",
    HiringAction.NO_SHOW: "no show",
}
# What of a scorecard is told: submitting it, and amending it once submitted (a draft is its author's own).
SCORECARD_TOLD = (HiringAction.SUBMITTED, HiringAction.AMENDED)
OFFER_KINDS: dict[HiringAction, ChangeKind] = {
    HiringAction.CREATED: ChangeKind.OFFER_CREATED,
    HiringAction.APPROVED: ChangeKind.OFFER_APPROVED,
    HiringAction.SENT: ChangeKind.OFFER_SENT,
    HiringAction.ACCEPTED: ChangeKind.OFFER_ACCEPTED,
    HiringAction.DECLINED: ChangeKind.OFFER_DECLINED,
}
OFFER_WORDS: dict[HiringAction, str] = {
    HiringAction.EDITED: "edited",
    HiringAction.NEW_VERSION: "new version",
    HiringAction.REQUESTED: "approval asked",
    HiringAction.REJECTED: "approval refused, back to draft",
    HiringAction.RESCINDED: "rescinded",
    HiringAction.EXPIRED: "expired",
}


def _about(entity: ChangeEntity, entity_id: int, kind: ChangeKind, detail: str | None, app: Any) -> Change:
    return Change(entity, entity_id, kind, detail=detail, job_id=app.job_id, candidate_id=app.candidate_id)


def interview_change(interview_id: int, app: Any, action: HiringAction, round_name: str) -> Change:
    """`app` has job_id and candidate_id: "Ann scheduled an interview with Bob Ng (Onsite)"."""
    kind = INTERVIEW_KINDS.get(action)
    if kind is not None:
        return _about(ChangeEntity.INTERVIEW, interview_id, kind, round_name, app)
    detail = f"{round_name}: {INTERVIEW_WORDS.get(action, str(action))}"
    return _about(ChangeEntity.INTERVIEW, interview_id, ChangeKind.INTERVIEW_CHANGED, detail, app)


def scorecard_change(card_id: int, app: Any, action: HiringAction, round_name: str) -> Change:
    """Submitted (or amended after submitting; one of SCORECARD_TOLD): "Ann submitted a scorecard for Bob
    Ng (Onsite)"."""
    detail = f"{round_name}, amended" if action == HiringAction.AMENDED else round_name
    return _about(ChangeEntity.SCORECARD, card_id, ChangeKind.SCORECARD_SUBMITTED, detail, app)


def offer_change(offer: Any, app: Any, action: HiringAction) -> Change:
    """`offer` has id, version and status (after the change): "Ann approved the offer for Bob Ng (version 2,
    every approver approved)". Asking approval of an offer without approvers approves it at once."""
    version = f"version {offer.version}"
    kind = OFFER_KINDS.get(action)
    if action == HiringAction.REQUESTED and offer.status == OfferStatus.APPROVED:
        kind, detail = ChangeKind.OFFER_APPROVED, f"{version}, no approvers"
    elif action == HiringAction.APPROVED:
        done = "every approver approved" if offer.status == OfferStatus.APPROVED else "others to decide"
        detail = f"{version}, {done}"
    elif kind is not None:
        detail = version
    else:
        kind, detail = ChangeKind.OFFER_CHANGED, f"{version}: {OFFER_WORDS.get(action, str(action))}"
    return _about(ChangeEntity.OFFER, offer.id, kind, detail, app)
