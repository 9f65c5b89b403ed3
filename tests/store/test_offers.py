"""Offers in the store, on a SQLite file and on PostgreSQL: every state change and rule, versions that keep
their terms and restart approvals, accepting that hires in the same transaction, expiry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from offers_data import offer_events, seed_offers, terms
from sqlalchemy import select, update

from pipeline_tui.core.errors import InvalidInput, NotFound, PersonErased, RuleViolation
from pipeline_tui.store.applications import ApplicationRepository
from pipeline_tui.store.hiring_tables import Offer, OfferApproval, OfferVersion
from pipeline_tui.store.models import Stage, StageEvent, TeamMember
from pipeline_tui.store.offers import local_today


@pytest.fixture
def hiring(any_store):
    return any_store, seed_offers(any_store)


def approved_offer(store, data, salary: str = "90000"):
    offer = store.offers.create(data["barbara"], terms(salary), approvers=[data["mia"].id, data["raj"].id])
    store.offers.request_approval(offer.id)
    store.offers.approve(offer.id, data["mia"].id)
    return store.offers.approve(offer.id, data["raj"].id)


# -- create and its rules ----------------------------------------------------------------------------------


def test_create_is_a_draft_version_1_with_pending_approvers_and_is_recorded(hiring):
    store, data = hiring
    offer = store.offers.create(
        data["barbara"],
        terms("90000.5", currency="eur", start_date=date(2099, 5, 1), terms="  10% bonus  "),
        approvers=[data["mia"].id, data["raj"].id, data["mia"].id],
    )
    assert (offer.status, offer.version, offer.person, offer.job) == (
        "draft",
        1,
        "Barbara Liskov",
        "Backend Engineer",
    )
    assert offer.terms.salary == Decimal("90000.50") and offer.terms.currency == "EUR"
    assert offer.terms.terms == "10% bonus"
    assert [(a.approver.name, a.decision) for a in offer.approvals] == [
        ("Mia Chen", "pending"),
        ("Raj Patel", "pending"),
    ]
    assert [v.version for v in offer.versions] == [1]
    assert offer_events(store, offer.id) == [
        ("created", "version 1: 90,000.50 EUR; approvers Mia Chen, Raj Patel")
    ]
    with store.db.transaction() as s:
        assert s.scalar(select(OfferVersion.salary).where(OfferVersion.offer_id == offer.id)) == Decimal(
            "90000.50"
        )
    assert store.offers.get(offer.id) == offer
    assert store.offers.for_application(data["barbara"]) == [offer]


def test_no_offer_for_a_rejected_withdrawn_or_hired_application(hiring):
    store, data = hiring
    ids = data["ids"]
    apps = store.applications
    grace = apps.get(ids["Grace Hopper"])
    apps.reject(grace.id, None, grace.version)
    alan = apps.get(ids["Alan Turing"])
    apps.withdraw(alan.id, None, alan.version)
    for name, word in (("Grace Hopper", "rejected"), ("Alan Turing", "withdrawn"), ("Ken Thompson", "hired")):
        with pytest.raises(RuleViolation, match=f"{name} is .*{word} in Backend Engineer: no offer"):
            store.offers.create(ids[name], terms())
    assert store.offers.list() == []


def test_no_offer_for_an_erased_person(hiring):
    store, data = hiring
    barbara = store.applications.get(data["barbara"])
    store.privacy.erase(barbara.candidate_id)
    with pytest.raises(PersonErased):
        store.offers.create(data["barbara"], terms())


def test_an_offer_needs_the_offer_stage_when_the_job_has_one(hiring):
    store, data = hiring
    with pytest.raises(RuleViolation, match="Dennis Ritchie is in Interview: move them to Offer first"):
        store.offers.create(data["ids"]["Dennis Ritchie"], terms())
    # A job without an offer-kind stage takes an offer at any active stage.
    with store.db.transaction() as s:
        s.execute(update(Stage).where(Stage.kind == "offer").values(kind="active"))
    assert store.offers.create(data["ids"]["Dennis Ritchie"], terms()).status == "draft"


def test_one_live_offer_per_application_until_it_is_rescinded(hiring):
    store, data = hiring
    first = store.offers.create(data["barbara"], terms())
    with pytest.raises(
        RuleViolation, match=f"Barbara Liskov already has a live offer #{first.id} \\(draft\\)"
    ):
        store.offers.create(data["barbara"], terms("1"))
    store.offers.rescind(first.id)
    second = store.offers.create(data["barbara"], terms("95000"))
    assert [o.id for o in store.offers.for_application(data["barbara"])] == [second.id, first.id]


def test_a_race_to_a_second_live_offer_gets_the_same_sentence(hiring, monkeypatch):
    """The check passes in both windows; the partial unique index refuses the second insert."""
    import pipeline_tui.store.offers as offers_module

    store, data = hiring
    first = store.offers.create(data["barbara"], terms())
    real = offers_module.refuse_second_live_offer
    calls = []

    def blind_once(*args):
        calls.append(args)
        if len(calls) > 1:
            real(*args)

    monkeypatch.setattr(offers_module, "refuse_second_live_offer", blind_once)
    with pytest.raises(RuleViolation, match=f"already has a live offer #{first.id}"):
        store.offers.create(data["barbara"], terms("1"))
    assert len(store.offers.for_application(data["barbara"])) == 1


def test_approvers_must_be_active_team_members(hiring):
    store, data = hiring
    store.team.deactivate("raj@example.com")
    with pytest.raises(RuleViolation, match="Raj Patel is not an active team member"):
        store.offers.create(data["barbara"], terms(), approvers=[data["raj"].id])
    with pytest.raises(NotFound, match="no team member #999"):
        store.offers.create(data["barbara"], terms(), approvers=[999])
    # Not on the job's team is fine: approvers are anyone active.
    noor = store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    assert (
        store.offers.create(data["barbara"], terms(), approvers=[noor.id]).approvals[0].approver.id == noor.id
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (dict(currency="EURO"), "not three letters"),
        (dict(currency="E1R"), "not three letters"),
        (dict(salary="-1"), "cannot be negative"),
        (dict(salary="1.234"), "more than two decimals"),
        (dict(expires_on=date(2000, 1, 1)), "has already passed"),
    ],
)
def test_bad_terms_are_refused(hiring, bad, message):
    store, data = hiring
    bad = dict(bad)
    salary = bad.pop("salary", "90000")
    with pytest.raises(InvalidInput, match=message):
        store.offers.create(data["barbara"], terms(salary, **bad))
    assert store.offers.list() == []


# -- approvals -----------------------------------------------------------------------------------------------


def test_without_approvers_requesting_approval_approves_at_once(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms())
    assert store.offers.request_approval(offer.id).status == "approved"
    assert offer_events(store, offer.id)[-1] == ("requested", "version 1: no approvers, approved at once")


def test_create_may_ask_for_approval_in_the_same_transaction(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms(), approvers=[data["mia"].id], request_approval=True)
    assert offer.status == "pending_approval"
    assert [a for a, _ in offer_events(store, offer.id)] == ["created", "requested"]
    store.offers.rescind(offer.id)
    assert store.offers.create(data["barbara"], terms(), request_approval=True).status == "approved"


def test_every_approver_approves_once_and_only_approvers_approve(hiring):
    store, data = hiring
    mia, raj = data["mia"], data["raj"]
    offer = store.offers.create(data["barbara"], terms(), approvers=[mia.id, raj.id])
    with pytest.raises(RuleViolation, match="approval was not asked for yet"):
        store.offers.approve(offer.id, mia.id)
    assert store.offers.request_approval(offer.id).status == "pending_approval"
    assert [o.id for o in store.offers.waiting_for(mia.id)] == [offer.id]
    after = store.offers.approve(offer.id, mia.id, comment="Fair.")
    assert after.status == "pending_approval"
    assert store.offers.waiting_for(mia.id) == [] and len(store.offers.waiting_for(raj.id)) == 1
    with pytest.raises(RuleViolation, match="Mia Chen already approved version 1 of offer"):
        store.offers.approve(offer.id, mia.id)
    noor = store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    with pytest.raises(RuleViolation, match="Noor Haddad is not an approver of offer"):
        store.offers.approve(offer.id, noor.id)
    done = store.offers.approve(offer.id, raj.id)
    assert done.status == "approved"
    assert [(a.approver.email, a.decision, a.comment) for a in done.approvals] == [
        ("mia@example.com", "approved", "Fair."),
        ("raj@example.com", "approved", None),
    ]
    assert all(a.decided_at is not None and a.decided_at.tzinfo is not None for a in done.approvals)
    assert store.offers.waiting_for(raj.id) == []
    assert [action for action, _ in offer_events(store, offer.id)] == [
        "created",
        "requested",
        "approved",
        "approved",
    ]


def test_a_rejection_sends_it_back_to_draft_and_the_edit_makes_a_new_version(hiring):
    store, data = hiring
    mia, raj = data["mia"], data["raj"]
    offer = store.offers.create(data["barbara"], terms(), approvers=[mia.id, raj.id])
    store.offers.request_approval(offer.id)
    rejected = store.offers.reject(offer.id, raj.id, comment="Above the band.")
    assert rejected.status == "draft"
    assert [a.decision for a in rejected.approvals] == ["pending", "rejected"]
    with pytest.raises(RuleViolation, match="already rejected version 1"):
        store.offers.approve(offer.id, raj.id)
    v2 = store.offers.edit(offer.id, terms("85000"))
    assert (v2.status, v2.version) == ("pending_approval", 2)
    assert [a.decision for a in v2.approvals] == ["pending", "pending"]
    assert [(a.version, a.decision, a.comment) for a in v2.past_approvals] == [
        (1, "pending", None),
        (1, "rejected", "Above the band."),
    ]
    assert [v.terms.salary for v in v2.versions] == [Decimal("90000.00"), Decimal("85000.00")]


def test_a_draft_is_edited_in_place(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms(), approvers=[data["mia"].id])
    edited = store.offers.edit(
        offer.id, terms("91000", start_date=date(2099, 6, 1)), approvers=[data["raj"].id]
    )
    assert (edited.version, edited.status, edited.terms.salary) == (1, "draft", Decimal("91000.00"))
    assert [v.terms.salary for v in edited.versions] == [Decimal("91000.00")]
    assert [a.approver.name for a in edited.approvals] == ["Raj Patel"]
    assert offer_events(store, offer.id)[-1] == (
        "edited",
        "version 1: salary 90,000.00 EUR -> 91,000.00 EUR; start none -> 2099-06-01; approvers Raj Patel",
    )
    with pytest.raises(InvalidInput, match="already has these terms"):
        store.offers.edit(offer.id, edited.terms)


def test_editing_an_approved_offer_makes_version_2_keeps_version_1_and_restarts_approvals(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    v2 = store.offers.edit(offer.id, terms("95000", notes="Counter-offer"))
    assert (v2.version, v2.status) == (2, "pending_approval")
    assert [(v.version, v.terms.salary, v.terms.notes) for v in v2.versions] == [
        (1, Decimal("90000.00"), None),
        (2, Decimal("95000.00"), "Counter-offer"),
    ]
    assert [a.decision for a in v2.approvals] == ["pending", "pending"]
    assert [a.decision for a in v2.past_approvals] == ["approved", "approved"]
    action, detail = offer_events(store, offer.id)[-1]
    assert action == "new_version"
    assert detail == "version 2: salary 90,000.00 EUR -> 95,000.00 EUR; notes changed; approvals restart"
    with store.db.transaction() as s:
        rows = s.execute(
            select(OfferApproval.version, OfferApproval.decision).where(OfferApproval.offer_id == offer.id)
        ).all()
    assert sorted(rows) == [(1, "approved"), (1, "approved"), (2, "pending"), (2, "pending")]


def test_an_approved_offer_without_approvers_edited_is_a_draft_again(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms())
    store.offers.request_approval(offer.id)
    v2 = store.offers.edit(offer.id, terms("99000"))
    assert (v2.version, v2.status) == (2, "draft")
    assert store.offers.request_approval(offer.id).status == "approved"


# -- sent, accepted, declined, rescinded ---------------------------------------------------------------------


def test_only_an_approved_offer_is_sent_and_a_sent_one_is_not_edited(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms(), approvers=[data["mia"].id])
    with pytest.raises(RuleViolation, match="is draft: only an approved offer can be sent"):
        store.offers.send(offer.id)
    store.offers.request_approval(offer.id)
    store.offers.approve(offer.id, data["mia"].id)
    sent = store.offers.send(offer.id)
    assert sent.status == "sent" and sent.sent_at is not None
    with pytest.raises(RuleViolation, match="was sent: it cannot be edited; rescind it"):
        store.offers.edit(offer.id, terms("1"))


def test_accepting_hires_into_the_hired_stage_with_the_offer_on_the_stage_event(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    store.offers.send(offer.id)
    accepted = store.offers.accept(offer.id)
    assert accepted.status == "accepted" and accepted.resolved_at is not None
    app = store.applications.get(data["barbara"])
    hired_stage = data["stages"][-1]
    assert (app.status, app.stage_id) == ("hired", hired_stage.id)
    with store.db.transaction() as s:
        event = s.execute(
            select(StageEvent.action, StageEvent.offer_id, StageEvent.to_stage_name)
            .where(StageEvent.application_id == data["barbara"])
            .order_by(StageEvent.id.desc())
            .limit(1)
        ).one()
    assert tuple(event) == ("hire", offer.id, "Hired")
    assert offer_events(store, offer.id)[-1] == ("accepted", "version 1; hired into Hired")
    with pytest.raises(RuleViolation, match="is accepted: it cannot be declined"):
        store.offers.decline(offer.id)


def test_a_failed_hire_leaves_the_offer_sent(hiring, monkeypatch):
    store, data = hiring
    offer = approved_offer(store, data)
    store.offers.send(offer.id)
    before = offer_events(store, offer.id)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut after the offer was updated")

    monkeypatch.setattr(ApplicationRepository, "_change", crash)
    with pytest.raises(RuntimeError):
        store.offers.accept(offer.id)
    monkeypatch.undo()
    assert store.offers.get(offer.id).status == "sent"
    assert store.applications.get(data["barbara"]).status == "active"
    assert offer_events(store, offer.id) == before
    # A job without a hired stage: the hire is refused, and so is the acceptance.
    with store.db.transaction() as s:
        s.execute(update(Stage).where(Stage.kind == "hired").values(kind="active"))
    with pytest.raises(RuleViolation, match="this job has no hired stage"):
        store.offers.accept(offer.id)
    assert store.offers.get(offer.id).status == "sent"
    assert store.applications.get(data["barbara"]).status == "active"


def test_declining_keeps_the_application_where_it_is(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    with pytest.raises(RuleViolation, match="only a sent offer can be declined"):
        store.offers.decline(offer.id)
    store.offers.send(offer.id)
    declined = store.offers.decline(offer.id, reason="Took another offer")
    assert (declined.status, declined.decline_reason) == ("declined", "Took another offer")
    app = store.applications.get(data["barbara"])
    assert (app.status, app.stage_id) == ("active", data["stages"][3].id)
    assert offer_events(store, offer.id)[-1] == (
        "declined",
        "version 1 (reason given); the application stays in Offer",
    )
    # Declined is not live: a new offer may be made.
    assert store.offers.create(data["barbara"], terms("99000")).status == "draft"


def test_rescind_ends_a_live_offer_and_nothing_changes_a_finished_one(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    store.offers.send(offer.id)
    assert store.offers.rescind(offer.id).status == "rescinded"
    for change in (
        store.offers.send,
        store.offers.accept,
        store.offers.rescind,
        store.offers.request_approval,
    ):
        with pytest.raises(RuleViolation, match=f"offer #{offer.id} is rescinded"):
            change(offer.id)
    with pytest.raises(NotFound, match="no offer #999"):
        store.offers.get(999)


# -- expiry --------------------------------------------------------------------------------------------------


def test_offers_past_their_expiry_date_expire_and_drafts_do_not(hiring):
    store, data = hiring
    ids = data["ids"]
    with store.db.transaction() as s:  # everyone may get an offer at any stage
        s.execute(update(Stage).where(Stage.kind == "offer").values(kind="active"))
    expires = local_today() + timedelta(days=3)
    draft = store.offers.create(ids["Ada Lovelace"], terms(expires_on=expires))
    pending = store.offers.create(ids["Grace Hopper"], terms(expires_on=expires), approvers=[data["mia"].id])
    store.offers.request_approval(pending.id)
    sent = approved_offer(store, data)
    store.offers.edit(sent.id, terms(expires_on=expires))
    store.offers.approve(sent.id, data["mia"].id)
    store.offers.approve(sent.id, data["raj"].id)
    store.offers.send(sent.id)
    assert store.offers.expire_overdue(today=expires) == 0
    assert store.offers.expire_overdue(today=expires + timedelta(days=1)) == 2
    assert store.offers.expire_overdue(today=expires + timedelta(days=1)) == 0
    with store.db.transaction() as s:
        statuses = dict(s.execute(select(Offer.id, Offer.status)).all())
    assert statuses == {draft.id: "draft", pending.id: "expired", sent.id: "expired"}
    action, detail = offer_events(store, sent.id)[-1]
    assert action == "expired" and detail == f"version 2: expiry date {expires.isoformat()} passed (sent)"


def test_reads_expire_overdue_offers_first(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    store.offers.send(offer.id)
    with store.db.transaction() as s:
        s.execute(update(Offer).values(expires_on=local_today() - timedelta(days=1)))
    assert store.offers.get(offer.id).status == "expired"
    with store.db.transaction() as s:
        assert s.scalar(select(Offer.status)) == "expired"
    with pytest.raises(RuleViolation, match="is expired: it cannot be accepted"):
        store.offers.accept(offer.id)


def test_a_read_only_database_shows_an_overdue_offer_expired_without_writing(hiring):
    from pipeline_tui.store import Database, Store

    store, data = hiring
    offer = approved_offer(store, data)
    with store.db.transaction() as s:
        s.execute(update(Offer).values(expires_on=local_today() - timedelta(days=1)))
    url = store.db.engine.url.render_as_string(hide_password=False)
    reader = Store(Database.open(url, read_only=True, actor="reader"))
    try:
        assert [o.status for o in reader.offers.list()] == ["expired"]
        assert reader.offers.get(offer.id).status == "expired"
    finally:
        reader.close()
    with store.db.transaction() as s:
        assert s.scalar(select(Offer.status)) == "approved"


def test_list_filters_by_job_and_status(hiring):
    store, data = hiring
    offer = store.offers.create(data["barbara"], terms())
    assert [o.id for o in store.offers.list(job_id=data["backend"].id)] == [offer.id]
    assert store.offers.list(job_id=data["design"].id) == []
    assert [o.id for o in store.offers.list(statuses=["draft"])] == [offer.id]
    assert store.offers.list(statuses=["pending approval", "sent"]) == []
    with pytest.raises(InvalidInput, match="unknown offer status 'maybe'"):
        store.offers.list(statuses=["maybe"])


def test_every_change_records_the_current_user(hiring):
    store, data = hiring
    offer = approved_offer(store, data)
    from pipeline_tui.store.hiring_tables import HiringEvent

    with store.db.transaction() as s:
        actors = set(s.scalars(select(HiringEvent.actor_id).where(HiringEvent.subject_id == offer.id)))
        tester = s.scalar(select(TeamMember.id).where(TeamMember.name == "tester"))
    assert actors == {tester}
