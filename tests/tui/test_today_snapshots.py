"""Snapshots of the Today screen (empty and full), the offer form and the approval dialog at 120x40 and
80x24, on fixed data with the clock pinned to Wednesday 4 March 2026 in Berlin."""

from __future__ import annotations

import pytest
from helpers import keys
from today_data import seed_interviews, seed_today, to_offer_stage
from today_helpers import open_noor_store, today_app

from pipeline_tui.screens.offers.approval import ApprovalDialog
from pipeline_tui.screens.offers.offer_form import OfferForm
from pipeline_tui.screens.shared.focus import push_focused

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


@pytest.mark.parametrize("size", SIZES)
def test_today_full(noor_store, size, snap_compare):
    seed_today(noor_store)
    assert snap_compare(today_app(noor_store, start="jobs"), terminal_size=size, run_before=keys("4"))


@pytest.mark.parametrize("size", SIZES)
def test_today_empty(noor_store, size, snap_compare):
    noor_store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    assert snap_compare(today_app(noor_store, start="jobs"), terminal_size=size, run_before=keys("4"))


def pushing(screen_of):
    async def before(pilot) -> None:
        await push_focused(pilot.app, screen_of(pilot.app))

    return before


@pytest.mark.parametrize("size", SIZES)
def test_new_offer_form(noor_store, size, snap_compare):
    team = seed_interviews(noor_store)
    to_offer_stage(noor_store, team["app"])
    before = pushing(lambda app: OfferForm(team["app"].id))
    assert snap_compare(
        today_app(noor_store, start="jobs"), terminal_size=size, run_before=keys(before=before)
    )


@pytest.mark.parametrize("size", SIZES)
def test_edit_pending_offer_form(noor_store, size, snap_compare):
    team = seed_today(noor_store)
    offer = team["offer"]
    before = pushing(lambda app: OfferForm(offer.application_id, offer))
    assert snap_compare(
        today_app(noor_store, start="jobs"), terminal_size=size, run_before=keys(before=before)
    )


@pytest.mark.parametrize("size", SIZES)
def test_approval_dialog(noor_store, size, snap_compare):
    team = seed_today(noor_store)
    noor_store.offers.approve(team["offer"].id, team["mia"].id, comment="Within the band")
    offer = noor_store.offers.get(team["offer"].id)
    before = pushing(lambda app: ApprovalDialog(offer))
    assert snap_compare(
        today_app(noor_store, start="jobs"), terminal_size=size, run_before=keys(before=before)
    )
