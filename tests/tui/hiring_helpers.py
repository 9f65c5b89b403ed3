"""Set-up the interview, scorecard and offer TUI tests share: the seeded board (tests/board_data.py) with a
hiring team on Backend Engineer, an interview plan, and interviews / offers written through the store.

The current user of `store` is "tester" (the job's recruiter: sees every scorecard). Other users get their
own Store on the same file (`as_member`), as a second person at another terminal would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from board_data import seed_board

from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.store import Store

# Far from the real clock either way: the store compares with the real time, not the tests' frozen one.
FUTURE = datetime(2027, 3, 3, 13, 30, tzinfo=UTC)  # Wed 3 Mar 2027 14:30 in Berlin
PAST = datetime(2026, 2, 27, 9, 0, tzinfo=UTC)  # Fri 27 Feb 2026 10:00 in Berlin
ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _berlin(monkeypatch):
    """Every hiring test shows times in Berlin, whatever the machine's zone."""
    monkeypatch.setenv("PIPELINE_TUI_TZ", ZONE)


def seed_hiring(store: Store) -> dict:
    """seed_board, plus: Ann Lee (hiring manager), the tester (recruiter), Bob Stone and Cy Young
    (interviewers) on Backend Engineer. Its interview plan is the default template's: "Technical interview"
    (60 min: Problem solving, Technical depth) and "Team interview" (45 min) in the Interview stage."""
    data = seed_board(store)
    job = data["backend"]
    tester = store.team.ensure_current()
    ann = store.team.add("Ann Lee", "ann@example.com", "hiring_manager")
    bob = store.team.add("Bob Stone", "bob@example.com", "interviewer")
    cy = store.team.add("Cy Young", "cy@example.com", "interviewer")
    store.jobs.update_job(
        job.id, hiring_manager_id=ann.id, recruiter_id=tester.id, interviewer_ids=[bob.id, cy.id]
    )
    technical = store.rounds.find(job.id, "Technical interview")
    culture = store.rounds.find(job.id, "Team interview")
    data.update(tester=tester, ann=ann, bob=bob, cy=cy, technical=technical, culture=culture)
    return data


def schedule(
    store: Store, data: dict, name: str, starts_at: datetime, *panel: str, round_: str = "technical"
):
    """An interview for `name`'s Backend application, with these members ("bob", "cy", "tester")."""
    app_id = data["ids"][name]
    members = [data[p].id for p in panel]
    return store.interviews.schedule(
        app_id, data[round_].id, starts_at, timezone=ZONE, panel=members
    ).interview


def as_member(path, email: str) -> Store:
    """The same database opened by another team member (their changes are recorded as theirs)."""
    return Store.open(str(path), actor=email)


def offer_terms(salary: str = "85000") -> OfferTerms:
    return OfferTerms(job_title="Backend Engineer", salary=salary, currency="EUR")


async def burst_keys(pilot, *keys: str) -> None:
    """Named keys ("1", "down") as one burst from the terminal: all queued before the first is handled."""
    from helpers import settle
    from textual import events

    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)
