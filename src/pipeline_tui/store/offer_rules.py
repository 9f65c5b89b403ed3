"""The rules an offer is held to, each a check that raises one sentence: who may get one, who may approve it,
which status may go where, what the terms must be. Read by store/offers.py inside its transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.core.hiring_vocabulary import (
    LIVE_OFFER_STATUSES,
    OFFER_TRANSITIONS,
    OfferStatus,
)
from pipeline_tui.core.money import checked_amount, checked_currency, show_money
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import ApplicationStatus, StageKind
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.hiring_tables import Offer
from pipeline_tui.store.models import Application, Candidate, Job, Stage, TeamMember

# Offers whose expiry date passing makes them expired (a draft is not out in the world yet).
EXPIRING = (OfferStatus.PENDING_APPROVAL, OfferStatus.APPROVED, OfferStatus.SENT)
# What each status change is called in the sentence refusing it.
_VERB = {
    OfferStatus.SENT: "sent",
    OfferStatus.ACCEPTED: "accepted",
    OfferStatus.DECLINED: "declined",
    OfferStatus.RESCINDED: "rescinded",
    OfferStatus.PENDING_APPROVAL: "sent for approval",
}
_NEEDS = {
    OfferStatus.SENT: "only an approved offer can be sent",
    OfferStatus.ACCEPTED: "only a sent offer can be accepted",
    OfferStatus.DECLINED: "only a sent offer can be declined",
    OfferStatus.PENDING_APPROVAL: "only a draft goes for approval",
}


def checked_terms(terms: OfferTerms, *, today: date | None = None) -> OfferTerms:
    """The terms cleaned (title and text trimmed, currency upper-cased, salary to cents) or one refusal."""
    title = clean_text(terms.job_title)
    if not title:
        raise InvalidInput("an offer needs a job title")
    if terms.expires_on is not None and today is not None and terms.expires_on < today:
        raise InvalidInput(f"the expiry date {terms.expires_on.isoformat()} has already passed")
    return OfferTerms(
        job_title=title,
        salary=checked_amount(terms.salary),
        currency=checked_currency(terms.currency),
        start_date=terms.start_date,
        expires_on=terms.expires_on,
        terms=clean_text(terms.terms, multiline=True),
        notes=clean_text(terms.notes, multiline=True),
    )


def application_for_offer(c: Session, application_id: int) -> Row:
    """The application (with person, job and stage) if it may get an offer; else the sentence why not."""
    row = c.execute(
        select(
            Application.id,
            Application.candidate_id,
            Application.job_id,
            Application.status,
            Candidate.full_name,
            Job.title.label("job_title"),
            Stage.name.label("stage_name"),
            Stage.kind.label("stage_kind"),
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.stage_id)
        .where(Application.id == application_id)
    ).first()
    if row is None:
        raise NotFound(f"no application #{application_id}")
    refuse_if_erased(c, row.candidate_id)
    if row.status != ApplicationStatus.ACTIVE:
        raise RuleViolation(
            f"{row.full_name} is {_status_word(row.status)} in {row.job_title}: no offer can be made"
        )
    if row.stage_kind != StageKind.OFFER:
        offer_stage = c.scalar(
            select(Stage.name)
            .where(Stage.job_id == row.job_id, Stage.kind == StageKind.OFFER)
            .order_by(Stage.position)
            .limit(1)
        )
        if offer_stage is not None:
            raise RuleViolation(f"{row.full_name} is in {row.stage_name}: move them to {offer_stage} first")
    return row


def _status_word(status: str) -> str:
    return {"withdrawn": "withdrawn", "rejected": "rejected", "hired": "already hired"}.get(status, status)


def refuse_second_live_offer(c: Session, application_id: int, name: str) -> None:
    """One live offer per application (the partial unique index holds it too, against a race)."""
    live = c.execute(
        select(Offer.id, Offer.status)
        .where(Offer.application_id == application_id, Offer.status.in_(LIVE_OFFER_STATUSES))
        .limit(1)
    ).first()
    if live is not None:
        raise RuleViolation(live_offer_sentence(name, live.id, live.status))


def live_offer_sentence(name: str, offer_id: int, status: str | None) -> str:
    shown = f" ({OfferStatus(status).label})" if status else ""
    return f"{name} already has a live offer #{offer_id}{shown}: rescind it before making another"


def active_approvers(c: Session, approvers: Sequence[int]) -> list[Row]:
    """The approvers (id, name, email) in the order given, once each; each an active team member."""
    wanted = list(dict.fromkeys(approvers))
    if not wanted:
        return []
    rows = {
        r.id: r
        for r in c.execute(
            select(TeamMember.id, TeamMember.name, TeamMember.email, TeamMember.active).where(
                TeamMember.id.in_(wanted)
            )
        )
    }
    for member_id in wanted:
        row = rows.get(member_id)
        if row is None:
            raise NotFound(f"no team member #{member_id}")
        if not row.active:
            raise RuleViolation(f"{row.name} is not an active team member: they cannot approve offers")
    return [rows[i] for i in wanted]


def require_transition(offer: Row, target: OfferStatus) -> None:
    """The status change is one OFFER_TRANSITIONS allows, else why not ("offer #3 is a draft: ...")."""
    current = OfferStatus(offer.status)
    if target in OFFER_TRANSITIONS[current]:
        return
    if current not in LIVE_OFFER_STATUSES:
        raise RuleViolation(f"offer #{offer.id} is {current.label}: it cannot be {_VERB.get(target, target)}")
    need = _NEEDS.get(target, f"it cannot be {_VERB.get(target, target)}")
    raise RuleViolation(f"offer #{offer.id} is {current.label}: {need}")


def term_changes(old: OfferTerms, new: OfferTerms) -> list[str]:
    """What an edit changed, as a human reads it ("salary 90,000.00 EUR -> 95,000.00 EUR"); free text is
    named, not quoted (history outlives a privacy erasure of the offer's text)."""
    changes: list[str] = []
    if (old.salary, old.currency) != (new.salary, new.currency):
        changes.append(
            f"salary {show_money(old.salary, old.currency)} -> {show_money(new.salary, new.currency)}"
        )
    if old.job_title != new.job_title:
        changes.append(f"title {old.job_title} -> {new.job_title}")
    for label, before, after in (
        ("start", old.start_date, new.start_date),
        ("expires", old.expires_on, new.expires_on),
    ):
        if before != after:
            changes.append(f"{label} {_day(before)} -> {_day(after)}")
    for label, before, after in (("terms", old.terms, new.terms), ("notes", old.notes, new.notes)):
        if before != after:
            changes.append(f"{label} changed")
    return changes


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "none"


def approver_names(rows: Sequence[Row]) -> str:
    return ", ".join(r.name for r in rows) if rows else "no approvers"
