"""Reading offers as records: each with its person and job, every version's terms and the approvals, in one
query per table whatever the number of offers (a job's list, the Today screen)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from pipeline_tui.core.hiring_records import (
    ApprovalRecord,
    MemberRef,
    OfferRecord,
    OfferTerms,
    OfferVersionRecord,
)
from pipeline_tui.core.hiring_vocabulary import OfferStatus
from pipeline_tui.core.local_time import aware_utc
from pipeline_tui.store.hiring_tables import Offer, OfferApproval, OfferVersion
from pipeline_tui.store.models import Application, Candidate, Job, TeamMember
from pipeline_tui.store.offer_rules import EXPIRING

_CHUNK = 500
_TERM_FIELDS = ("job_title", "salary", "currency", "start_date", "expires_on", "terms", "notes")


def offer_select() -> Select:
    """Offers with the application's person and job (filter and order it, then hand it to offer_records)."""
    return (
        select(
            Offer,
            Application.candidate_id,
            Application.job_id,
            Candidate.full_name.label("person"),
            Job.title.label("job"),
        )
        .join(Application, Application.id == Offer.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
    )


def offer_records(c: Session, stmt: Select, *, today: date | None = None) -> list[OfferRecord]:
    """The records of the offers `stmt` (an offer_select()) finds, in its order. An offer past its expiry
    that could not be marked (a read-only database) reads as expired all the same when `today` is given."""
    rows = c.execute(stmt).all()
    ids = [row.Offer.id for row in rows]
    versions = _versions(c, ids)
    approvals = _approvals(c, ids)
    records = []
    for row in rows:
        offer: Offer = row.Offer
        status = offer.status
        if today is not None and status in EXPIRING and offer.expires_on and offer.expires_on < today:
            status = OfferStatus.EXPIRED
        mine = approvals.get(offer.id, [])
        records.append(
            OfferRecord(
                id=offer.id,
                application_id=offer.application_id,
                candidate_id=row.candidate_id,
                person=row.person,
                job_id=row.job_id,
                job=row.job,
                version=offer.version,
                status=status,
                terms=terms_of(offer),
                decline_reason=offer.decline_reason,
                approvals=tuple(a for a in mine if a.version == offer.version),
                past_approvals=tuple(a for a in mine if a.version != offer.version),
                versions=tuple(versions.get(offer.id, ())),
                sent_at=_aware(offer.sent_at),
                resolved_at=_aware(offer.resolved_at),
                created_at=aware_utc(offer.created_at),
                updated_at=aware_utc(offer.updated_at),
            )
        )
    return records


def terms_of(row: object) -> OfferTerms:
    """The terms of an offer or offer_version row (both hold the same columns)."""
    return OfferTerms(**{name: getattr(row, name) for name in _TERM_FIELDS})


def _aware(moment):  # noqa: ANN001, ANN202 - a naive UTC datetime or None
    return aware_utc(moment) if moment is not None else None


def _chunks(ids: Sequence[int]):  # noqa: ANN202
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _versions(c: Session, ids: Sequence[int]) -> dict[int, list[OfferVersionRecord]]:
    found: dict[int, list[OfferVersionRecord]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = c.execute(
            select(OfferVersion)
            .where(OfferVersion.offer_id.in_(chunk))
            .order_by(OfferVersion.offer_id, OfferVersion.version)
        ).scalars()
        for v in rows:
            found[v.offer_id].append(
                OfferVersionRecord(version=v.version, terms=terms_of(v), created_at=aware_utc(v.created_at))
            )
    return found


def _approvals(c: Session, ids: Sequence[int]) -> dict[int, list[ApprovalRecord]]:
    found: dict[int, list[ApprovalRecord]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = c.execute(
            select(OfferApproval, TeamMember.name, TeamMember.email)
            .join(TeamMember, TeamMember.id == OfferApproval.approver_id)
            .where(OfferApproval.offer_id.in_(chunk))
            .order_by(OfferApproval.offer_id, OfferApproval.version, OfferApproval.position, OfferApproval.id)
        ).all()
        for row in rows:
            a: OfferApproval = row.OfferApproval
            found[a.offer_id].append(approval_record(a, row))
    return found


def approval_record(a: OfferApproval, member: Row) -> ApprovalRecord:
    return ApprovalRecord(
        approver=MemberRef(id=a.approver_id, name=member.name, email=member.email),
        version=a.version,
        decision=a.decision,
        comment=a.comment,
        decided_at=_aware(a.decided_at),
    )


def waiting_select(member_id: int) -> Select:
    """Offers pending approval whose current version waits for this member's decision, oldest first."""
    return (
        offer_select()
        .join(
            OfferApproval,
            (OfferApproval.offer_id == Offer.id) & (OfferApproval.version == Offer.version),
        )
        .where(
            Offer.status == OfferStatus.PENDING_APPROVAL,
            OfferApproval.approver_id == member_id,
            OfferApproval.decision == "pending",
        )
        .order_by(Offer.updated_at, Offer.id)
    )
