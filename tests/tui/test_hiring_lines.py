"""What the board card's hiring line and the person screen's hiring rows say, from records (no store): the
user's zone, labels rather than stored words, user text literal."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hiring_helpers import _berlin  # noqa: F401 - autouse: times in Berlin

from pipeline_tui.core.hiring_records import (
    ApprovalRecord,
    CardHiring,
    InterviewRecord,
    MemberRef,
    OfferRecord,
    OfferTerms,
    RatingRecord,
    ScorecardRecord,
    ScorecardView,
)
from pipeline_tui.screens.person import hiring_render as render
from pipeline_tui.widgets.card_hiring import hiring_line

AT = datetime(2027, 3, 2, 13, 30, tzinfo=UTC)  # Tue 2 Mar 2027, 14:30 in Berlin
ANN = MemberRef(id=1, name="Ann [b]Lee[/b]", email="ann@example.com")


def test_the_card_line_says_the_next_interview_in_local_time_the_cards_and_the_offer():
    line = hiring_line(
        CardHiring(
            application_id=1,
            next_interview_at=AT,
            scorecards_submitted=1,
            scorecards_expected=2,
            offer_status="pending_approval",
        )
    )
    assert line == "Tue 2 Mar 14:30 · 1/2 cards · offer pending approval"
    assert hiring_line(CardHiring(application_id=1, offer_status="declined")) == "offer declined"
    # a scorecard in before anyone marked the interview done
    assert hiring_line(CardHiring(application_id=1, scorecards_submitted=1)) == "1/1 cards"
    assert hiring_line(CardHiring(application_id=1)) == ""
    assert hiring_line(None) == ""


def test_an_interview_row_shows_local_time_label_panel_and_location_literally():
    interview = InterviewRecord(
        id=1,
        application_id=1,
        candidate_id=1,
        person="Ada",
        job_id=1,
        job="Backend",
        round_id=1,
        round_name="Tech [i]nical[/i]",
        starts_at=AT,
        duration_min=60,
        timezone="America/New_York",
        location="Room [red]4[/red]",
        status="no_show",
        uid="u",
        sequence=0,
        panel=(ANN,),
    )
    assert render.interview_line(interview).plain == (
        "Tue 2 Mar 14:30  Tech [i]nical[/i] · 60 min · no show · Ann [b]Lee[/b] · Room [red]4[/red]"
    )


def test_a_scorecard_row_and_the_hidden_count():
    card = ScorecardRecord(
        id=1,
        interview_id=1,
        application_id=1,
        round_name="Tech",
        author=ANN,
        status="draft",
        ratings=(RatingRecord(attribute="Python", rating="yes"), RatingRecord(attribute="Design")),
        updated_at=AT,
    )
    assert render.scorecard_line(card).plain == "Ann [b]Lee[/b] · Tech · no decision · draft · 1/2 rated"
    title = render.scorecards_title(ScorecardView(hidden=2, expected=3, submitted=2))
    assert title.plain == "Scorecards  2 of 3 submitted · 2 more hidden until you submit yours"
    assert "hidden" not in render.scorecards_title(ScorecardView(expected=1, submitted=1)).plain


def test_an_offer_row_with_money_approvals_and_a_rejection_comment():
    offer = OfferRecord(
        id=4,
        application_id=1,
        candidate_id=1,
        person="Ada",
        job_id=1,
        job="Backend",
        version=2,
        status="draft",
        terms=OfferTerms(job_title="Backend", salary=Decimal("85000.50"), currency="EUR"),
        approvals=(ApprovalRecord(approver=ANN, version=2, decision="rejected", comment="too [b]high[/b]"),),
        created_at=AT,
        updated_at=AT,
    )
    assert render.offer_line(offer).plain == (
        "Offer #4 v2 · draft · EUR 85,000.50 · approvals 0/1 · rejected by Ann [b]Lee[/b]: too [b]high[/b]"
    )
