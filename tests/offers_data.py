"""Offer test data on top of the board's (board_data.seed_board): two approvers and terms to offer Barbara
Liskov, who waits in Backend Engineer's Offer stage."""

from __future__ import annotations

from decimal import Decimal

from board_data import seed_board
from sqlalchemy import select

from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.store import Store
from pipeline_tui.store.hiring_tables import HiringEvent


def terms(salary: str = "90000", currency: str = "EUR", **more) -> OfferTerms:
    return OfferTerms(job_title="Backend Engineer", salary=Decimal(salary), currency=currency, **more)


def seed_offers(store: Store) -> dict:
    """The board, plus Mia (hiring manager) and Raj (recruiter) to approve; `barbara` is her application."""
    data = seed_board(store)
    data["mia"] = store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    data["raj"] = store.team.add("Raj Patel", "raj@example.com", "recruiter")
    data["barbara"] = data["ids"]["Barbara Liskov"]
    return data


def offer_events(store: Store, offer_id: int) -> list[tuple[str, str | None]]:
    """The offer's hiring_event rows as (action, detail), oldest first."""
    with store.db.transaction() as s:
        rows = s.execute(
            select(HiringEvent.action, HiringEvent.detail)
            .where(HiringEvent.subject == "offer", HiringEvent.subject_id == offer_id)
            .order_by(HiringEvent.id)
        ).all()
    return [(r.action, r.detail) for r in rows]
