"""What is due for Noor (an interviewer on the Backend Engineer job) on Wednesday 4 March 2026, Berlin time:
interviews today, later this week and next week, one scorecard due, one offer waiting for her approval. The
app's clock is pinned to TODAY_NOW, so "today" and "this week" never drift."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from interviews_data import BERLIN, another_applicant, hiring_team

from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.store import Store

TODAY_NOW = datetime(2026, 3, 4, 8, 0)  # naive UTC, as the app's clock: Wed 4 Mar 09:00 in Berlin
NOOR_ACTOR = "noor@example.com"


def at(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=BERLIN)


def offer_terms(**changes) -> OfferTerms:
    values = dict(job_title="Backend Engineer", salary=Decimal("85000"), currency="EUR")
    values.update(changes)
    return OfferTerms(**values)


def to_offer_stage(store: Store, application) -> None:
    offer = next(s for s in store.jobs.stages(application.job_id) if s.kind == "offer")
    store.applications.move_to_stage(application.id, offer.id, application.version)


def seed_interviews(store: Store) -> dict:
    """The team, and Noor's interviews: today 14:00, Friday 10:00, next Monday 10:00 (not this week), plus
    one today without her and one today cancelled (neither is hers to see)."""
    team = hiring_team(store)
    noor, ola = team["noor"].id, team["ola"].id
    app, technical, team_round = team["app"].id, team["technical"].id, team["team_round"].id

    def book(when: datetime, panel: list[int], round_id: int = technical, application: int = app):
        return store.interviews.schedule(application, round_id, when, timezone="Europe/Berlin", panel=panel)

    grace = another_applicant(store, team["job"].id)
    team["grace"] = grace
    team["today"] = book(at(4, 14), [noor, ola]).interview
    team["friday"] = book(at(6, 10), [noor], team_round).interview
    team["next_week"] = book(at(9, 10), [noor]).interview
    team["not_mine"] = book(at(4, 16), [ola], application=grace.id).interview
    cancelled = book(at(4, 11), [noor], team_round, application=grace.id).interview
    store.interviews.cancel(cancelled.id)
    return team


def seed_today(store: Store) -> dict:
    """seed_interviews, plus Monday's completed interview without Noor's scorecard (due) and an offer for
    Grace waiting for Noor's and Mia's approval."""
    team = seed_interviews(store)
    noor, mia = team["noor"].id, team["mia"].id
    monday = store.interviews.schedule(
        team["app"].id, team["technical"].id, at(2, 10), timezone="Europe/Berlin", panel=[noor]
    ).interview
    team["monday"] = store.interviews.complete(monday.id)
    grace = store.applications.get(team["grace"].id)
    to_offer_stage(store, grace)
    offer = store.offers.create(grace.id, offer_terms(terms="Bonus 10%"), approvers=[noor, mia])
    team["offer"] = store.offers.request_approval(offer.id)
    return team
