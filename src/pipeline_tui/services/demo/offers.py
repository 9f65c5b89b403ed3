"""The demo's offers, through `store.offers` like the rest of the hiring history (services/demo/hiring.py):
one accepted (the applicant hired by the acceptance itself, so the stage history links the offer), one
declined, one sent and one waiting for the approval of the person running the demo."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.core.vocabulary import ApplicationStatus, StageKind
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.hiring import DemoHiring, acting_as


def add_offers(hiring: DemoHiring) -> None:
    used: set[int] = set()
    for title, outcome in c.OFFERS:
        job = next(j for j in hiring.company.jobs if j["title"] == title)
        offer_stages = {
            s["id"]
            for s in hiring.company.stages
            if s["job_id"] == job["id"] and s["kind"] == StageKind.OFFER
        }
        app = next(
            (
                a
                for a in sorted(hiring.company.applications, key=lambda a: a["id"])
                if a["job_id"] == job["id"]
                and a["status"] == ApplicationStatus.ACTIVE
                and a["stage_id"] in offer_stages
                and a["id"] not in used
            ),
            None,
        )
        if app is None:
            continue
        used.add(app["id"])
        make_offer(hiring, job, app, outcome)


def make_offer(hiring: DemoHiring, job: dict, app: dict, outcome: str) -> None:
    """Each step at its own moment between the applicant reaching the offer stage and now, by whoever
    takes it: the recruiter drafts, asks and sends, the hiring manager approves."""
    store, rng, now = hiring.store, hiring.rng, hiring.now
    spec = hiring.specs[job["title"]]
    entered = hiring.entered.get((app["id"], app["stage_id"]), app["stage_entered_at"])

    def at(share: float) -> datetime:
        return entered + (now - entered) * share

    recruiter, manager = hiring.members[job["recruiter_id"]], hiring.members[job["hiring_manager_id"]]
    low, high = c.SALARIES[spec.domain]
    terms = OfferTerms(
        job_title=spec.title,
        salary=Decimal(round(rng.uniform(low, high), -3)),
        currency="EUR",
        start_date=(now + timedelta(days=rng.randint(30, 75))).date(),
        expires_on=(now + timedelta(days=rng.randint(7, 14))).date(),
        terms=c.OFFER_TERMS,
    )
    approvers = [manager.id] + ([hiring.me.id] if outcome == "pending_approval" else [])
    with acting_as(store, recruiter):
        with pinned_at(at(0.15)):
            offer = store.offers.create(app["id"], terms, approvers=approvers)
        with pinned_at(at(0.2)):
            store.offers.request_approval(offer.id)
    with pinned_at(at(0.35)), acting_as(store, manager):
        store.offers.approve(offer.id, manager.id, comment=rng.choice(c.APPROVAL_COMMENTS))
    hiring.counts["offer"] += 1
    if outcome == "pending_approval":
        return
    with acting_as(store, recruiter):
        with pinned_at(at(0.5)):
            store.offers.send(offer.id)
        if outcome == "accepted":
            with pinned_at(at(0.8)):
                store.offers.accept(offer.id)
        elif outcome == "declined":
            with pinned_at(at(0.8)):
                store.offers.decline(offer.id, reason=c.DECLINE_REASON)
