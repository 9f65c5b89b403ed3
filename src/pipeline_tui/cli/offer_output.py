"""How the offer commands write an offer: its JSON object (the CLI contract), its lines for `offer show`,
its row for `offer list`. Text is returned raw; the commands print it through `visible`."""

from __future__ import annotations

from pipeline_tui.core.hiring_records import ApprovalRecord, OfferRecord
from pipeline_tui.core.money import show_money


def offer_object(offer: OfferRecord) -> dict:
    """The offer as `offer list --format json` shows it: salary a string ("95000.00"), dates ISO 8601."""
    t = offer.terms
    return {
        "id": offer.id,
        "application_id": offer.application_id,
        "person": offer.person,
        "job": offer.job,
        "title": t.job_title,
        "version": offer.version,
        "status": offer.status,
        "salary": str(t.salary),
        "currency": t.currency,
        "start_date": _iso(t.start_date),
        "expires_on": _iso(t.expires_on),
        "terms": t.terms,
        "notes": t.notes,
        "decline_reason": offer.decline_reason,
        "sent_at": _iso(offer.sent_at),
        "resolved_at": _iso(offer.resolved_at),
        "approvals": [_approval(a) for a in offer.approvals],
        "versions": len(offer.versions),
    }


def _approval(a: ApprovalRecord) -> dict:
    return {
        "approver": a.approver.email,
        "name": a.approver.name,
        "decision": a.decision,
        "comment": a.comment,
        "decided_at": _iso(a.decided_at),
    }


def _iso(value) -> str | None:  # noqa: ANN001 - a date, an aware datetime or None
    return value.isoformat() if value is not None else None


def approval_state(offer: OfferRecord) -> str:
    """Where the approvals stand, in a few words: "approval asked of Mia Chen, Raj Patel", "approved at
    once: no approvers", "waiting for Raj Patel", "back to draft"."""
    waiting = [a.approver.name for a in offer.approvals if a.decision == "pending"]
    if offer.status == "pending_approval":
        decided = any(a.decision != "pending" for a in offer.approvals)
        return ("waiting for " if decided else "approval asked of ") + ", ".join(waiting)
    if offer.status == "approved" and not offer.approvals:
        return "approved at once: no approvers"
    if offer.status == "draft" and any(a.decision == "rejected" for a in offer.approvals):
        return "rejected: back to draft; edit it to ask again"
    return offer.status.replace("_", " ")


def offer_lines(offer: OfferRecord) -> list[str]:
    """`offer show`: the offer, its terms, the current approvals and every version."""
    t = offer.terms
    lines = [
        f"Offer #{offer.id} for {offer.person} in {offer.job} (application #{offer.application_id})",
        f"  status: {offer.status.replace('_', ' ')}, version {offer.version}",
        f"  title: {t.job_title}",
        f"  salary: {show_money(t.salary, t.currency)}",
        f"  start: {_iso(t.start_date) or '-'}   expires: {_iso(t.expires_on) or '-'}",
    ]
    if t.terms:
        lines.append(f"  terms: {t.terms}")
    if t.notes:
        lines.append(f"  notes: {t.notes}")
    if offer.decline_reason:
        lines.append(f"  declined: {offer.decline_reason}")
    lines.append("  approvals:" + ("" if offer.approvals else " none"))
    for a in (*offer.approvals, *reversed(offer.past_approvals)):
        comment = f": {a.comment}" if a.comment else ""
        lines.append(f"    v{a.version} {a.approver.name} <{a.approver.email or '-'}> {a.decision}{comment}")
    lines.append("  versions:")
    for v in offer.versions:
        lines.append(
            f"    v{v.version} {show_money(v.terms.salary, v.terms.currency)}, {v.created_at:%Y-%m-%d}"
        )
    return lines


def table_line(offer: OfferRecord) -> str:
    """One `offer list` row: id, person, job, version, status, money, expiry, approvals."""
    approved = sum(1 for a in offer.approvals if a.decision == "approved")
    approvals = f"{approved}/{len(offer.approvals)} approved" if offer.approvals else "no approvers"
    return "  ".join(
        [
            f"#{offer.id}",
            offer.person,
            offer.job,
            f"v{offer.version}",
            offer.status.replace("_", " "),
            show_money(offer.terms.salary, offer.terms.currency),
            f"expires {_iso(offer.terms.expires_on) or '-'}",
            approvals,
        ]
    )
