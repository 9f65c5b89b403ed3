"""Interviews, scorecards and offers note their changes in the change log, in the change's transaction: the
rows about the person's application (job and person set, the round or the offer's version as detail, never
times, money or feedback), none for a scorecard draft, none for a refused change. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from change_log_rows import logged, mark
from interviews_data import hiring_team, soon
from offers_data import seed_offers, terms
from scorecards_data import acting_as, held_interview

from pipeline_tui.core.errors import RuleViolation


def test_an_interview_scheduled_changed_cancelled_and_held(any_store):
    team = hiring_team(any_store)
    job, ada, app = team["job"], team["ada"], team["app"]
    at = mark(any_store)
    iv = any_store.interviews.schedule(
        app.id, team["technical"].id, soon(), timezone="Europe/Berlin", panel=[team["noor"].id]
    ).interview
    any_store.interviews.reschedule(iv.id, soon(3))
    any_store.interviews.set_panel(iv.id, [team["noor"].id, team["ola"].id])
    any_store.interviews.set_panel(iv.id, [team["noor"].id, team["ola"].id])  # the same panel: nothing
    any_store.interviews.cancel(iv.id)
    with pytest.raises(RuleViolation):
        any_store.interviews.cancel(iv.id)
    future = any_store.interviews.schedule(app.id, team["technical"].id, soon(), timezone="Europe/Berlin")
    with pytest.raises(RuleViolation):  # it has not started yet
        any_store.interviews.complete(future.interview.id)
    held = held_interview(any_store, team)
    any_store.interviews.complete(held.id)
    rows = logged(any_store, at)
    assert [r[:6] for r in rows] == [
        ("interview", i, kind, job.id, ada.id, "tester")
        for i, kind in [
            (iv.id, "interview_scheduled"),
            (iv.id, "interview_changed"),
            (iv.id, "interview_changed"),
            (iv.id, "interview_cancelled"),
            (future.interview.id, "interview_scheduled"),
            (held.id, "interview_scheduled"),
            (held.id, "interview_changed"),
        ]
    ]
    assert [r[6] for r in rows] == [
        "tester scheduled an interview with Ada Lovelace (Technical interview)",
        "tester changed an interview with Ada Lovelace (Technical interview: rescheduled)",
        "tester changed an interview with Ada Lovelace (Technical interview: panel changed)",
        "tester cancelled an interview with Ada Lovelace (Technical interview)",
        "tester scheduled an interview with Ada Lovelace (Technical interview)",
        "tester scheduled an interview with Ada Lovelace (Technical interview)",
        "tester changed an interview with Ada Lovelace (Technical interview: completed)",
    ]


def test_a_scorecard_is_told_when_submitted_and_amended_never_as_a_draft(any_store):
    team = hiring_team(any_store)
    held = held_interview(any_store, team)
    noor = team["noor"]
    at = mark(any_store)
    with acting_as(any_store, noor):
        draft = any_store.scorecards.start(held.id, noor.id)
        any_store.scorecards.save(draft.id, overall="no", takeaways="Quiet start", ratings=[])
        assert logged(any_store, at) == []
        any_store.scorecards.save(draft.id, overall="yes", takeaways="Strong", ratings=[], submit=True)
        any_store.scorecards.submit(held.id, noor.id, overall="strong-yes")
        any_store.scorecards.submit(held.id, noor.id, overall="strong-yes")  # unchanged: nothing
    with pytest.raises(RuleViolation):  # Zed is on no panel of this interview
        any_store.scorecards.submit(held.id, team["zed"].id, overall="yes")
    job, ada = team["job"].id, team["ada"].id
    assert logged(any_store, at) == [
        ("scorecard", draft.id, "scorecard_submitted", job, ada, "Noor Haddad",
         f"Noor Haddad submitted a scorecard for Ada Lovelace ({detail})")
        for detail in ("Technical interview", "Technical interview, amended")
    ]  # fmt: skip


def test_an_offer_from_draft_to_accepted_also_notes_the_hire(any_store):
    data = seed_offers(any_store)
    app_id = data["barbara"]
    person = any_store.applications.get(app_id).candidate_id
    job = data["backend"].id
    at = mark(any_store)
    offer = any_store.offers.create(app_id, terms(), approvers=[data["mia"].id, data["raj"].id])
    any_store.offers.request_approval(offer.id)
    any_store.offers.approve(offer.id, data["mia"].id)
    any_store.offers.approve(offer.id, data["raj"].id)
    with pytest.raises(RuleViolation):
        any_store.offers.accept(offer.id)  # not sent yet
    any_store.offers.send(offer.id)
    any_store.offers.accept(offer.id)
    with pytest.raises(RuleViolation):
        any_store.offers.send(offer.id)
    rows = logged(any_store, at)
    assert [r[:6] for r in rows] == [
        (entity, entity_id, kind, job, person, "tester")
        for entity, entity_id, kind in [
            ("offer", offer.id, "offer_created"),
            ("offer", offer.id, "offer_changed"),
            ("offer", offer.id, "offer_approved"),
            ("offer", offer.id, "offer_approved"),
            ("offer", offer.id, "offer_sent"),
            ("application", app_id, "hired"),
            ("offer", offer.id, "offer_accepted"),
        ]
    ]
    assert [r[6] for r in rows] == [
        "tester drafted an offer for Barbara Liskov (version 1)",
        "tester changed the offer for Barbara Liskov (version 1: approval asked)",
        "tester approved the offer for Barbara Liskov (version 1, others to decide)",
        "tester approved the offer for Barbara Liskov (version 1, every approver approved)",
        "tester sent the offer to Barbara Liskov",
        "tester hired Barbara Liskov (Hired)",
        "tester recorded that Barbara Liskov accepted the offer",
    ]


def test_offers_declined_edited_and_rescinded_keep_money_and_reasons_out(any_store):
    data = seed_offers(any_store)
    dennis, margaret = data["ids"]["Dennis Ritchie"], data["ids"]["Margaret Hamilton"]
    for app_id in (dennis, margaret):  # offers are made in the Offer stage
        version = any_store.applications.get(app_id).version
        any_store.applications.move_to_stage(app_id, data["stages"][3].id, version)
    at = mark(any_store)
    first = any_store.offers.create(dennis, terms(), request_approval=True)  # no approvers: approved at once
    any_store.offers.send(first.id)
    any_store.offers.decline(first.id, reason="Took a counter-offer of 120000")
    second = any_store.offers.create(margaret, terms(expires_on=soon().date() + timedelta(days=30)))
    any_store.offers.edit(second.id, terms("95000"))
    any_store.offers.rescind(second.id)
    texts = [r[6] for r in logged(any_store, at)]
    assert texts == [
        "tester drafted an offer for Dennis Ritchie (version 1)",
        "tester approved the offer for Dennis Ritchie (version 1, no approvers)",
        "tester sent the offer to Dennis Ritchie",
        "tester recorded that Dennis Ritchie declined the offer (version 1)",
        "tester drafted an offer for Margaret Hamilton (version 1)",
        "tester changed the offer for Margaret Hamilton (version 1: edited)",
        "tester changed the offer for Margaret Hamilton (version 1: rescinded)",
    ]
    assert not any("000" in t or "counter" in t for t in texts)
