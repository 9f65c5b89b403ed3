"""Reading the offer form's fields into OfferTerms, and saving them: one sentence for the first thing to fix.

The store checks the rules (currency of 3 letters, no negative salary, a live offer already there); this
reads what was typed (a salary "85,000" or "85 000.50", dates YYYY-MM-DD) so the store gets values, not text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.hiring_records import OfferRecord, OfferTerms
from pipeline_tui.core.hiring_vocabulary import OfferStatus
from pipeline_tui.core.local_time import parse_day

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# Statuses whose edit makes a new version and asks the approvers again (the store's rule, said up front).
REVERSIONED = (OfferStatus.PENDING_APPROVAL.value, OfferStatus.APPROVED.value)


@dataclass(frozen=True)
class OfferFields:
    """The form's text as typed."""

    job_title: str
    salary: str
    currency: str
    start_date: str = ""
    expires_on: str = ""
    terms: str = ""
    notes: str = ""


def read_salary(text: str) -> Decimal:
    """ "85000", "85,000", "85 000.50" as a Decimal; anything else one InvalidInput."""
    cleaned = "".join(text.split()).replace(",", "").replace("_", "")
    if not cleaned:
        raise InvalidInput("Base salary is required: a number such as 85000")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(
            f"cannot read {text.strip()!r} as a salary: write a number such as 85000"
        ) from None
    if not value.is_finite():
        raise InvalidInput(f"cannot read {text.strip()!r} as a salary: write a number such as 85000")
    return value


def read_terms(fields: OfferFields) -> OfferTerms:
    """The fields as OfferTerms, or InvalidInput naming the field to fix."""
    title = fields.job_title.strip()
    if not title:
        raise InvalidInput("Job title is required")
    salary = read_salary(fields.salary)
    start = parse_day(fields.start_date) if fields.start_date.strip() else None
    expires = parse_day(fields.expires_on) if fields.expires_on.strip() else None
    return OfferTerms(
        job_title=title,
        salary=salary,
        currency=fields.currency.strip().upper(),
        start_date=start,
        expires_on=expires,
        terms=fields.terms.strip() or None,
        notes=fields.notes.strip() or None,
    )


def save_offer(
    store: Store,
    application_id: int,
    offer_id: int | None,
    terms: OfferTerms,
    approvers: Sequence[int],
    *,
    request: bool,
) -> OfferRecord:
    """Create or edit the offer, then (`request`) ask for approval when it is still a draft. An edit of a
    pending or approved offer already asks again (the store makes the new version)."""
    if offer_id is None:
        offer = store.offers.create(application_id, terms, approvers=approvers)
    else:
        offer = store.offers.edit(offer_id, terms, approvers=approvers)
    if request and offer.status == OfferStatus.DRAFT.value:
        offer = store.offers.request_approval(offer.id)
    return offer


def show_salary(terms: OfferTerms) -> str:
    """ "85,000 EUR" (cents only when there are any)."""
    amount = terms.salary
    text = f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{amount:,.0f}"
    return f"{text} {terms.currency}"
