"""How the person screen's Interviews, Scorecards and Offers rows read (pure: records in, Rich Text out).

Times are shown in the user's zone (core/local_time), statuses by their label, user text literally."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from pipeline_tui.core.hiring_records import (
    InterviewRecord,
    OfferRecord,
    OfferTerms,
    ScorecardRecord,
    ScorecardView,
)
from pipeline_tui.core.hiring_vocabulary import (
    NO_DECISION,
    ApprovalDecision,
    InterviewStatus,
    OfferStatus,
    Recommendation,
    ScorecardStatus,
)
from pipeline_tui.core.local_time import show_time
from pipeline_tui.core.vocabulary import _Words
from pipeline_tui.widgets.literal import literal, plain

STATUS_STYLE = {
    InterviewStatus.SCHEDULED: "bold",
    InterviewStatus.COMPLETED: "green",
    InterviewStatus.CANCELLED: "dim",
    InterviewStatus.NO_SHOW: "yellow",
    OfferStatus.ACCEPTED: "bold green",
    OfferStatus.DECLINED: "yellow",
    OfferStatus.RESCINDED: "dim",
    OfferStatus.EXPIRED: "dim",
}


def label(words: type[_Words], word: str | None, empty: str = "") -> str:
    """A stored word as a user reads it ("no_show" -> "no show"); an unknown one as it is."""
    if word is None:
        return empty
    found = words.parse(word)
    return found.label if found is not None else plain(word)


def overall_words(overall: str | None) -> str:
    return label(Recommendation, overall, NO_DECISION)


def money(salary: Decimal, currency: str) -> str:
    """ "EUR 85,000" (cents only when there are some)."""
    amount = f"{salary:,.2f}" if salary != salary.to_integral_value() else f"{salary:,.0f}"
    return f"{plain(currency)} {amount}"


def interview_line(interview: InterviewRecord) -> Text:
    """ "Tue 3 Mar 14:30  Technical · 60 min · scheduled · Ann Lee, Bob Stone · Zoom link"."""
    line = Text(show_time(interview.starts_at), style="bold")
    line.append("  ")
    line.append_text(literal(interview.round_name))
    line.append(f" · {interview.duration_min} min · ")
    status = InterviewStatus.parse(interview.status)
    line.append(label(InterviewStatus, interview.status), style=STATUS_STYLE.get(status, ""))
    if interview.panel:
        line.append(" · ")
        line.append_text(literal(", ".join(m.name for m in interview.panel)))
    else:
        line.append(" · no panel", style="dim")
    if interview.location:
        line.append(" · ")
        line.append_text(literal(interview.location, "dim"))
    return line


def scorecard_line(card: ScorecardRecord) -> Text:
    """ "Ann Lee · Technical · strong yes · submitted Tue 3 Mar 15:40" (a draft says draft)."""
    line = literal(card.author.name, "bold")
    line.append(" · ")
    line.append_text(literal(card.round_name))
    line.append(" · ")
    line.append(overall_words(card.overall), style="italic")
    if card.status == ScorecardStatus.SUBMITTED and card.submitted_at is not None:
        line.append(f" · submitted {show_time(card.submitted_at)}", style="dim")
    else:
        line.append(" · draft", style="yellow")
    rated = sum(1 for r in card.ratings if r.rating)
    if card.ratings:
        line.append(f" · {rated}/{len(card.ratings)} rated", style="dim")
    return line


def scorecards_title(view: ScorecardView) -> Text:
    """ "Scorecards  1 of 2 submitted · 1 more hidden until you submit yours"."""
    title = Text("Scorecards", style="bold underline")
    if view.expected or view.submitted:
        title.append(f"  {view.submitted} of {view.expected} submitted", style="dim")
    if view.hidden > 0:
        title.append(f" · {view.hidden} more hidden until you submit yours", style="italic yellow")
    return title


def terms_text(terms: OfferTerms) -> Text:
    text = Text(money(terms.salary, terms.currency))
    if terms.start_date is not None:
        text.append(f" · starts {terms.start_date.isoformat()}")
    if terms.expires_on is not None:
        text.append(f" · expires {terms.expires_on.isoformat()}")
    return text


def offer_line(offer: OfferRecord) -> Text:
    """ "Offer #3 v2 · pending approval · EUR 85,000 · starts 2026-04-01 · approvals 1/2"."""
    line = Text(f"Offer #{offer.id} v{offer.version} · ", style="bold")
    status = OfferStatus.parse(offer.status)
    line.append(label(OfferStatus, offer.status), style=STATUS_STYLE.get(status, "bold"))
    line.append(" · ")
    line.append_text(terms_text(offer.terms))
    if offer.approvals:
        approved = sum(1 for a in offer.approvals if a.decision == ApprovalDecision.APPROVED)
        rejected = [a for a in offer.approvals if a.decision == ApprovalDecision.REJECTED]
        line.append(f" · approvals {approved}/{len(offer.approvals)}", style="dim")
        for approval in rejected:
            line.append(" · rejected by ", style="yellow")
            line.append_text(literal(approval.approver.name, "yellow"))
            if approval.comment:
                line.append(": ")
                line.append_text(literal(approval.comment))
    if offer.status == OfferStatus.DECLINED and offer.decline_reason:
        line.append(" · ")
        line.append_text(literal(offer.decline_reason, "yellow"))
    return line


def empty_line(what: str, key_hint: str) -> Text:
    return Text(f"No {what} yet ({key_hint}).", style="dim")
