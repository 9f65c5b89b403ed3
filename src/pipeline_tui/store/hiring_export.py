"""Interviews, scorecards and offers in exports and privacy requests: read set-based for a page of applications
(one query per table, whatever the page holds), and their free text anonymised when a person is erased.

Read with the ORM tables directly (not through the repositories): an export is one read transaction over
thousands of applications, and the erase is part of the privacy erase's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.hiring_vocabulary import ScorecardStatus
from pipeline_tui.core.local_time import aware_utc
from pipeline_tui.core.records import Record
from pipeline_tui.store.hiring_tables import (
    HiringEvent,
    Interview,
    InterviewPanelist,
    Offer,
    OfferApproval,
    OfferVersion,
    Scorecard,
    ScorecardRating,
)
from pipeline_tui.store.models import Application, TeamMember

CHUNK = 500


class ExportedInterview(Record):
    id: int
    round: str
    starts_at: datetime  # aware UTC
    timezone: str
    duration_min: int
    status: str
    location: str | None = None
    panel: tuple[str, ...] = ()  # e-mails (a member without one: their name)


class ExportedRating(Record):
    attribute: str
    rating: str | None = None
    note: str | None = None


class ExportedScorecard(Record):
    id: int
    interview_id: int
    round: str
    author: str | None = None  # e-mail
    author_name: str
    status: str
    overall: str | None = None
    takeaways: str | None = None
    ratings: tuple[ExportedRating, ...] = ()
    submitted_at: datetime | None = None


class ExportedOffer(Record):
    id: int
    version: int
    status: str
    job_title: str
    salary: Decimal
    currency: str
    start_date: date | None = None
    expires_on: date | None = None
    terms: str | None = None
    notes: str | None = None
    decline_reason: str | None = None
    sent_at: datetime | None = None
    resolved_at: datetime | None = None


class ExportedHiring(Record):
    interviews: tuple[ExportedInterview, ...] = ()
    scorecards: tuple[ExportedScorecard, ...] = ()
    offers: tuple[ExportedOffer, ...] = ()


def hiring_of(
    s: Session, application_ids: Sequence[int], *, drafts: bool = False
) -> dict[int, ExportedHiring]:
    """Each application's interviews (time order), scorecards (submitted only unless `drafts`) and offers
    (oldest first): five queries per 500 applications."""
    out: dict[int, ExportedHiring] = {}
    ids = list(dict.fromkeys(application_ids))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        interviews = _interviews(s, chunk)
        cards = _scorecards(s, chunk, drafts=drafts)
        offers = _offers(s, chunk)
        for app_id in chunk:
            if app_id in interviews or app_id in cards or app_id in offers:
                out[app_id] = ExportedHiring(
                    interviews=tuple(interviews.get(app_id, ())),
                    scorecards=tuple(cards.get(app_id, ())),
                    offers=tuple(offers.get(app_id, ())),
                )
    return out


def _interviews(s: Session, chunk: Sequence[int]) -> dict[int, list[ExportedInterview]]:
    rows = s.scalars(
        select(Interview)
        .where(Interview.application_id.in_(chunk))
        .order_by(Interview.application_id, Interview.starts_at, Interview.id)
    ).all()
    panels: dict[int, list[str]] = {}
    if rows:
        for interview_id, name, email in s.execute(
            select(InterviewPanelist.interview_id, TeamMember.name, TeamMember.email)
            .join(TeamMember, TeamMember.id == InterviewPanelist.team_member_id)
            .join(Interview, Interview.id == InterviewPanelist.interview_id)
            .where(Interview.application_id.in_(chunk))
            .order_by(InterviewPanelist.interview_id, func.lower(TeamMember.name), TeamMember.id)
        ):
            panels.setdefault(interview_id, []).append(email or name)
    out: dict[int, list[ExportedInterview]] = {}
    for iv in rows:
        out.setdefault(iv.application_id, []).append(
            ExportedInterview(
                id=iv.id,
                round=iv.round_name,
                starts_at=aware_utc(iv.starts_at),
                timezone=iv.timezone,
                duration_min=iv.duration_min,
                status=iv.status,
                location=iv.location,
                panel=tuple(panels.get(iv.id, ())),
            )
        )
    return out


def _scorecards(s: Session, chunk: Sequence[int], *, drafts: bool) -> dict[int, list[ExportedScorecard]]:
    stmt = (
        select(Scorecard, Interview.round_name, TeamMember.name, TeamMember.email)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(TeamMember, TeamMember.id == Scorecard.author_id)
        .where(Scorecard.application_id.in_(chunk))
        .order_by(Scorecard.application_id, Interview.starts_at, Interview.id, Scorecard.id)
    )
    if not drafts:
        stmt = stmt.where(Scorecard.status == ScorecardStatus.SUBMITTED)
    rows = s.execute(stmt).all()
    ratings: dict[int, list[ExportedRating]] = {}
    if rows:
        rated = (
            select(ScorecardRating)
            .join(Scorecard, Scorecard.id == ScorecardRating.scorecard_id)
            .where(Scorecard.application_id.in_(chunk))
            .order_by(ScorecardRating.scorecard_id, ScorecardRating.position, ScorecardRating.attribute)
        )
        if not drafts:
            rated = rated.where(Scorecard.status == ScorecardStatus.SUBMITTED)
        for r in s.scalars(rated):
            ratings.setdefault(r.scorecard_id, []).append(
                ExportedRating(attribute=r.attribute, rating=r.rating, note=r.note)
            )
    out: dict[int, list[ExportedScorecard]] = {}
    for card, round_name, name, email in rows:
        out.setdefault(card.application_id, []).append(
            ExportedScorecard(
                id=card.id,
                interview_id=card.interview_id,
                round=round_name,
                author=email,
                author_name=name,
                status=card.status,
                overall=card.overall,
                takeaways=card.takeaways,
                ratings=tuple(ratings.get(card.id, ())),
                submitted_at=aware_utc(card.submitted_at) if card.submitted_at else None,
            )
        )
    return out


def _offers(s: Session, chunk: Sequence[int]) -> dict[int, list[ExportedOffer]]:
    out: dict[int, list[ExportedOffer]] = {}
    for o in s.scalars(
        select(Offer).where(Offer.application_id.in_(chunk)).order_by(Offer.application_id, Offer.id)
    ):
        out.setdefault(o.application_id, []).append(
            ExportedOffer(
                id=o.id,
                version=o.version,
                status=o.status,
                job_title=o.job_title,
                salary=o.salary,
                currency=o.currency,
                start_date=o.start_date,
                expires_on=o.expires_on,
                terms=o.terms,
                notes=o.notes,
                decline_reason=o.decline_reason,
                sent_at=aware_utc(o.sent_at) if o.sent_at else None,
                resolved_at=aware_utc(o.resolved_at) if o.resolved_at else None,
            )
        )
    return out


# -- a privacy request: everything, drafts and history included -----------------------------------------


def privacy_hiring(s: Session, application_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """For `privacy export`: each application's interviews, scorecards (drafts too), offers with every version
    and approval, and the hiring history, as JSON-ready data."""
    hiring = hiring_of(s, application_ids, drafts=True)
    versions, approvals = _offer_versions(s, application_ids), _offer_approvals(s, application_ids)
    events = _events(s, application_ids)
    out: dict[int, dict[str, Any]] = {}
    for app_id in application_ids:
        found = hiring.get(app_id, ExportedHiring())
        out[app_id] = {
            "interviews": [interview_json(iv, full=True) for iv in found.interviews],
            "scorecards": [scorecard_json(c, full=True) for c in found.scorecards],
            "offers": [
                {
                    **offer_json(o, full=True),
                    "versions": versions.get(o.id, []),
                    "approvals": approvals.get(o.id, []),
                }
                for o in found.offers
            ],
            "hiring_history": events.get(app_id, []),
        }
    return out


def _offer_versions(s: Session, application_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    rows = s.scalars(
        select(OfferVersion)
        .join(Offer, Offer.id == OfferVersion.offer_id)
        .where(Offer.application_id.in_(list(application_ids)))
        .order_by(OfferVersion.offer_id, OfferVersion.version)
    )
    for v in rows:
        out.setdefault(v.offer_id, []).append(
            {
                "version": v.version,
                "job_title": v.job_title,
                "salary": str(v.salary),
                "currency": v.currency,
                "start_date": _iso(v.start_date),
                "expires_on": _iso(v.expires_on),
                "terms": v.terms,
                "notes": v.notes,
                "created_at": _iso(aware_utc(v.created_at)),
            }
        )
    return out


def _offer_approvals(s: Session, application_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    rows = s.execute(
        select(OfferApproval, TeamMember.name, TeamMember.email)
        .join(Offer, Offer.id == OfferApproval.offer_id)
        .join(TeamMember, TeamMember.id == OfferApproval.approver_id)
        .where(Offer.application_id.in_(list(application_ids)))
        .order_by(OfferApproval.offer_id, OfferApproval.version, OfferApproval.position, OfferApproval.id)
    ).all()
    for a, name, email in rows:
        out.setdefault(a.offer_id, []).append(
            {
                "version": a.version,
                "approver": email or name,
                "decision": a.decision,
                "comment": a.comment,
                "decided_at": _iso(aware_utc(a.decided_at)) if a.decided_at else None,
            }
        )
    return out


def _events(s: Session, application_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    rows = s.scalars(
        select(HiringEvent)
        .where(HiringEvent.application_id.in_(list(application_ids)))
        .order_by(HiringEvent.application_id, HiringEvent.id)
    )
    for e in rows:
        out.setdefault(e.application_id, []).append(
            {
                "subject": e.subject,
                "subject_id": e.subject_id,
                "action": e.action,
                "detail": e.detail,
                "at": _iso(aware_utc(e.at)),
                "actor": e.actor,
            }
        )
    return out


# -- JSON shapes (the export service and the privacy export share them) ---------------------------------


def word(stored: str | None) -> str | None:
    """A rating or recommendation as the CLI takes it ("strong-yes"); None stays None (no decision)."""
    return stored.replace("_", "-") if stored else None


def interview_json(iv: ExportedInterview, *, full: bool = False) -> dict[str, Any]:
    """starts_at in the interview's own zone, with its offset."""
    from pipeline_tui.core.local_time import zone_named

    obj: dict[str, Any] = {
        "round": iv.round,
        "starts_at": iv.starts_at.astimezone(zone_named(iv.timezone)).isoformat(),
        "duration_min": iv.duration_min,
        "status": iv.status,
        "panel": list(iv.panel),
    }
    if full:
        obj = {"id": iv.id, **obj, "timezone": iv.timezone, "location": iv.location}
    return obj


def scorecard_json(card: ExportedScorecard, *, full: bool = False) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "round": card.round,
        "author": card.author or card.author_name,
        "author_name": card.author_name,
        "overall": word(card.overall),
        "ratings": [
            {"attribute": r.attribute, "rating": word(r.rating), "note": r.note} for r in card.ratings
        ],
        "takeaways": card.takeaways,
        "submitted_at": _iso(card.submitted_at),
    }
    if full:
        obj = {"id": card.id, "interview_id": card.interview_id, "status": card.status, **obj}
    return obj


def offer_json(o: ExportedOffer, *, full: bool = False) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "version": o.version,
        "status": o.status,
        "job_title": o.job_title,
        "salary": str(o.salary),
        "currency": o.currency,
        "start_date": _iso(o.start_date),
        "expires_on": _iso(o.expires_on),
        "sent_at": _iso(o.sent_at),
        "resolved_at": _iso(o.resolved_at),
    }
    if full:
        obj = {"id": o.id, **obj, "terms": o.terms, "notes": o.notes, "decline_reason": o.decline_reason}
    return obj


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- erase ------------------------------------------------------------------------------------------------


def anonymise_hiring(s: Session, candidate_ids: Sequence[int]) -> None:
    """The free text of the people's interviews, scorecards, offers and hiring history cleared, in a fixed
    number of set-based statements inside the erase's transaction: interview locations, scorecard take-aways
    and rating notes, offer terms, notes and decline reasons (every version), approval comments, and the
    hiring_event details. The rows, dates, ratings and statuses stay, so counts stay true."""
    apps = select(Application.id).where(Application.candidate_id.in_(list(candidate_ids))).scalar_subquery()
    cards = select(Scorecard.id).where(Scorecard.application_id.in_(apps)).scalar_subquery()
    offers = select(Offer.id).where(Offer.application_id.in_(apps)).scalar_subquery()
    statements = (
        update(Interview).where(Interview.application_id.in_(apps)).values(location=None),
        update(Scorecard).where(Scorecard.application_id.in_(apps)).values(takeaways=None),
        update(ScorecardRating).where(ScorecardRating.scorecard_id.in_(cards)).values(note=None),
        update(Offer)
        .where(Offer.application_id.in_(apps))
        .values(terms=None, notes=None, decline_reason=None),
        update(OfferVersion).where(OfferVersion.offer_id.in_(offers)).values(terms=None, notes=None),
        update(OfferApproval).where(OfferApproval.offer_id.in_(offers)).values(comment=None),
        update(HiringEvent).where(HiringEvent.application_id.in_(apps)).values(detail=None),
    )
    for stmt in statements:
        s.execute(stmt.execution_options(synchronize_session=False))
