"""Scorecards: drafts from the round's attributes, the rules of who may write one and when, submit and amend
(recorded with what changed), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from interviews_data import hiring_team, soon
from scorecards_data import acting_as, held_interview, past
from sqlalchemy import select

from pipeline_tui.core.errors import InvalidInput, NotFound, PersonErased, RuleViolation
from pipeline_tui.core.hiring_records import RatingRecord
from pipeline_tui.store.hiring_tables import HiringEvent, Scorecard, ScorecardRating


@pytest.fixture
def team(any_store):
    return hiring_team(any_store)


def events(store, application_id):
    with store.db.transaction() as s:
        rows = s.execute(
            select(HiringEvent.action, HiringEvent.actor, HiringEvent.detail)
            .where(HiringEvent.application_id == application_id, HiringEvent.subject == "scorecard")
            .order_by(HiringEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def stored(store, scorecard_id):
    with store.db.transaction() as s:
        card = s.get(Scorecard, scorecard_id)
        rows = s.execute(
            select(ScorecardRating.attribute, ScorecardRating.rating, ScorecardRating.note)
            .where(ScorecardRating.scorecard_id == scorecard_id)
            .order_by(ScorecardRating.position)
        ).all()
        return card.status, card.overall, card.takeaways, [tuple(r) for r in rows]


def test_start_makes_the_authors_draft_from_the_rounds_attributes_once(any_store, team):
    iv = held_interview(any_store, team)
    card = any_store.scorecards.start(iv.id, team["noor"].id)
    assert (card.status, card.overall, card.author.email, card.round_name) == (
        "draft",
        None,
        "noor@example.com",
        "Technical interview",
    )
    assert [(r.attribute, r.rating) for r in card.ratings] == [
        ("Problem solving", None),
        ("Technical depth", None),
    ]
    assert any_store.scorecards.start(iv.id, team["noor"].id).id == card.id
    assert [a for a, _, _ in events(any_store, team["app"].id)] == ["drafted"]
    assert any_store.scorecards.get(card.id) == any_store.scorecards.start(iv.id, team["noor"].id)


def test_only_the_panel_writes_a_scorecard(any_store, team):
    iv = held_interview(any_store, team, "noor")
    for outsider in ("ola", "mia", "zed"):
        with pytest.raises(RuleViolation, match="not on the panel of interview"):
            any_store.scorecards.start(iv.id, team[outsider].id)
        with pytest.raises(RuleViolation, match="not on the panel"):
            any_store.scorecards.submit(iv.id, team[outsider].id, overall="yes")
    with pytest.raises(NotFound, match="no team member #9999"):
        any_store.scorecards.start(iv.id, 9999)
    with pytest.raises(NotFound, match="no interview #9999"):
        any_store.scorecards.start(9999, team["noor"].id)
    assert any_store.scorecards.for_application(team["app"].id) == []


def test_no_scorecard_before_the_interview_starts(any_store, team):
    iv = held_interview(any_store, team, when=soon(days=1))
    with pytest.raises(RuleViolation, match="once it has started"):
        any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    assert any_store.scorecards.for_application(team["app"].id) == []


def test_no_scorecard_for_a_cancelled_or_no_show_interview(any_store, team):
    cancelled = held_interview(any_store, team, when=soon(days=1))
    any_store.interviews.cancel(cancelled.id)
    missed = held_interview(any_store, team, when=past(5))
    any_store.interviews.no_show(missed.id)
    for iv, word in ((cancelled, "cancelled"), (missed, "no show")):
        with pytest.raises(RuleViolation, match=f"is {word}: it takes no scorecards"):
            any_store.scorecards.start(iv.id, team["noor"].id)


def test_no_scorecard_on_a_rejected_application_or_an_erased_person(any_store, team):
    iv = held_interview(any_store, team)
    draft = any_store.scorecards.start(iv.id, team["noor"].id)
    app = any_store.applications.get(team["app"].id)
    reason = any_store.applications.rejection_reasons()[0].id
    any_store.applications.reject(app.id, reason, app.version)
    with pytest.raises(RuleViolation, match="is rejected: scorecards are only for active applications"):
        any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    with acting_as(any_store, team["noor"]), pytest.raises(RuleViolation, match="only for active"):
        any_store.scorecards.save(draft.id, overall="yes", takeaways=None, ratings=[], submit=True)
    any_store.privacy.erase(team["ada"].id)
    with pytest.raises(PersonErased):
        any_store.scorecards.start(iv.id, team["ola"].id)
    assert stored(any_store, draft.id)[0] == "draft"


def test_save_is_the_authors_alone(any_store, team):
    iv = held_interview(any_store, team)
    draft = any_store.scorecards.start(iv.id, team["noor"].id)
    form = {
        "overall": "no",
        "takeaways": "not Noor",
        "ratings": [RatingRecord(attribute="Problem solving", rating="no")],
    }
    for someone in (team["ola"], team["mia"]):
        with (
            acting_as(any_store, someone),
            pytest.raises(RuleViolation, match="only its author can change it"),
        ):
            any_store.scorecards.save(draft.id, **form, submit=True)
    with pytest.raises(RuleViolation, match="is Noor Haddad's"):  # the store's own user, "tester"
        any_store.scorecards.save(draft.id, **form)
    assert stored(any_store, draft.id) == (
        "draft",
        None,
        None,
        [("Problem solving", None, None), ("Technical depth", None, None)],
    )
    with acting_as(any_store, team["noor"]):
        saved = any_store.scorecards.save(draft.id, **form)
    assert (saved.status, saved.overall, saved.takeaways) == ("draft", "no", "not Noor")
    assert events(any_store, team["app"].id)[-1][:2] == ("drafted", "Noor Haddad")


def test_submit_records_who_and_when_and_takes_user_spelling(any_store, team):
    iv = held_interview(any_store, team)
    before = datetime.now(UTC) - timedelta(seconds=1)
    card = any_store.scorecards.submit(
        iv.id,
        team["noor"].id,
        overall="strong-yes",
        ratings={"problem solving": "Strong yes", "Technical depth": "2"},
        notes="  Solid [b]coder[/b]\nwould hire  ",
    )
    assert card.status == "submitted" and card.submitted_at >= before
    assert card.overall == "strong_yes" and card.takeaways == "Solid [b]coder[/b]\nwould hire"
    assert [(r.attribute, r.rating) for r in card.ratings] == [
        ("Problem solving", "strong_yes"),
        ("Technical depth", "no"),
    ]
    assert events(any_store, team["app"].id)[-1] == (
        "submitted",
        "tester",
        "Noor Haddad (Technical interview): overall strong yes, 2 rated",
    )


def test_overall_none_is_no_decision(any_store, team):
    iv = held_interview(any_store, team)
    card = any_store.scorecards.submit(iv.id, team["noor"].id, overall="none")
    assert card.overall is None and card.status == "submitted"
    assert "overall no decision, 0 rated" in events(any_store, team["app"].id)[-1][2]


def test_bad_ratings_and_recommendations_are_refused_naming_what_there_is(any_store, team):
    iv = held_interview(any_store, team)
    noor = team["noor"].id
    with pytest.raises(
        InvalidInput, match="has no focus attribute 'Charm': rate one of Problem solving, Technical depth"
    ):
        any_store.scorecards.submit(iv.id, noor, overall="yes", ratings={"Charm": "yes"})
    with pytest.raises(InvalidInput, match="unknown rating 'great' for Problem solving"):
        any_store.scorecards.submit(iv.id, noor, overall="yes", ratings={"Problem solving": "great"})
    with pytest.raises(InvalidInput, match="unknown overall recommendation 'maybe'"):
        any_store.scorecards.submit(iv.id, noor, overall="maybe")
    draft = any_store.scorecards.start(iv.id, noor)
    twice = [
        RatingRecord(attribute="Problem solving", rating="yes"),
        RatingRecord(attribute="PROBLEM SOLVING"),
    ]
    with acting_as(any_store, team["noor"]), pytest.raises(InvalidInput, match="rated twice"):
        any_store.scorecards.save(draft.id, overall=None, takeaways=None, ratings=twice)
    assert stored(any_store, draft.id)[0] == "draft"


def test_a_submitted_scorecard_changed_by_its_author_is_amended_with_what_changed(any_store, team):
    iv = held_interview(any_store, team)
    first = any_store.scorecards.submit(
        iv.id, team["noor"].id, overall="yes", ratings={"Problem solving": "yes"}, notes="good"
    )
    with acting_as(any_store, team["noor"]):
        same = any_store.scorecards.save(
            first.id, overall="yes", takeaways="good", ratings=list(first.ratings), submit=False
        )
        assert len(events(any_store, team["app"].id)) == 2  # drafted, submitted: nothing changed
        amended = any_store.scorecards.save(
            first.id,
            overall="strong_yes",
            takeaways="very good",
            ratings=[RatingRecord(attribute="Problem solving", rating="strong_yes", note="fast")],
        )
    assert same.status == "submitted"
    assert amended.status == "submitted" and amended.submitted_at == first.submitted_at
    assert amended.overall == "strong_yes" and amended.ratings[0].note == "fast"
    action, actor, detail = events(any_store, team["app"].id)[-1]
    assert (action, actor) == ("amended", "Noor Haddad")
    assert detail == (
        "Noor Haddad: overall: yes \u2192 strong yes; Problem solving: yes \u2192 strong yes; "
        "note on Problem solving changed; take-aways changed"
    )


def test_a_different_member_cannot_change_a_submitted_scorecard(any_store, team):
    iv = held_interview(any_store, team)
    noor_card = any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes", notes="Noor's view")
    with acting_as(any_store, team["ola"]), pytest.raises(RuleViolation, match="only its author"):
        any_store.scorecards.save(noor_card.id, overall="strong_no", takeaways="Ola's", ratings=[])
    # The CLI's --by path names its author: Ola's submit writes Ola's own scorecard, never Noor's.
    ola_card = any_store.scorecards.submit(iv.id, team["ola"].id, overall="strong_no", notes="Ola's view")
    assert ola_card.id != noor_card.id and ola_card.author.email == "ola@example.com"
    assert stored(any_store, noor_card.id)[:3] == ("submitted", "yes", "Noor's view")
    assert [a for a, _, _ in events(any_store, team["app"].id)].count("amended") == 0


def test_submit_again_amends_and_keeps_take_aways_not_given(any_store, team):
    iv = held_interview(any_store, team)
    any_store.scorecards.submit(iv.id, team["noor"].id, overall="no", notes="keep me")
    again = any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    assert (again.overall, again.takeaways, again.status) == ("yes", "keep me", "submitted")
    assert events(any_store, team["app"].id)[-1][0] == "amended"


def test_a_removed_rounds_draft_keeps_its_rows_and_refuses_new_attributes(any_store, team):
    iv = held_interview(any_store, team)
    draft = any_store.scorecards.start(iv.id, team["noor"].id)
    any_store.rounds.remove(team["technical"].id)
    card = any_store.scorecards.submit(
        iv.id, team["noor"].id, overall="yes", ratings={"Technical depth": "yes"}
    )
    assert card.id == draft.id and [r.attribute for r in card.ratings] == [
        "Problem solving",
        "Technical depth",
    ]
    assert card.round_name == "Technical interview"
    with pytest.raises(InvalidInput, match="rate one of Problem solving, Technical depth"):
        any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes", ratings={"Culture": "yes"})
    fresh = any_store.scorecards.start(iv.id, team["ola"].id)
    assert fresh.ratings == ()
    with pytest.raises(InvalidInput, match="it has none to rate"):
        any_store.scorecards.submit(iv.id, team["ola"].id, overall="yes", ratings={"Culture": "yes"})


def test_an_attribute_added_to_the_round_later_joins_the_draft(any_store, team):
    iv = held_interview(any_store, team)
    any_store.scorecards.start(iv.id, team["noor"].id)
    attributes = [*team["technical"].attributes, "Communication"]
    any_store.rounds.update(team["technical"].id, attributes=attributes)
    card = any_store.scorecards.submit(
        iv.id, team["noor"].id, overall="yes", ratings={"communication": "yes"}
    )
    assert [(r.attribute, r.rating) for r in card.ratings][-1] == ("Communication", "yes")


def test_only_submitted_scorecards_count(any_store, team):
    iv = held_interview(any_store, team)
    any_store.interviews.complete(iv.id)
    any_store.scorecards.start(iv.id, team["ola"].id)
    any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    view = any_store.scorecards.view(team["app"].id, team["mia"].id)
    assert (view.submitted, view.expected) == (1, 2)
    assert [c.author.name for c in view.scorecards] == ["Noor Haddad"]
    card = any_store.interviews.card_summaries([team["app"].id])[team["app"].id]
    assert (card.scorecards_submitted, card.scorecards_expected) == (1, 2)
    assert len(any_store.scorecards.for_application(team["app"].id)) == 2
