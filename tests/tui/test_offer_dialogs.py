"""The offer form (create, edit into a new version, the store's refusal kept in the form, esc asks) and the
approval dialog (approve, reject with a comment, not an approver), typed by keys and checked in the DB."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import burst, press, settle
from interviews_data import hiring_team
from today_data import offer_terms, to_offer_stage
from today_helpers import open_noor_store, today_app

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.offers.approval import ApprovalDialog
from pipeline_tui.screens.offers.offer_form import OfferForm
from pipeline_tui.screens.shared.focus import push_focused


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


def in_offer_stage(store) -> dict:
    team = hiring_team(store)
    to_offer_stage(store, team["app"])
    return team


def message(screen, selector: str = "#offer-message") -> str:
    return str(screen.query_one(selector).render())


async def open_form(pilot, application_id: int, offer=None) -> OfferForm:
    await settle(pilot)
    results: list = []
    await push_focused(pilot.app, OfferForm(application_id, offer), results.append)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, OfferForm)
    form.results = results  # type: ignore[attr-defined]
    return form


async def test_a_new_offer_typed_fast_and_sent_for_approval(noor_store):
    team = in_offer_stage(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, team["app"].id)
        assert form.query_one("#o-job_title").value == "Backend Engineer"  # the job's title
        assert form.query_one("#o-currency").value == "EUR"
        await burst(pilot, "\t92,500\t\t2026-04-01\t2026-03-20\tBonus 10%\t\tMia\r")
        await press(pilot, "ctrl+r")
        assert isinstance(app.screen, BoardScreen)
        [saved] = form.results
        [offer] = noor_store.offers.for_application(team["app"].id)
        assert saved.id == offer.id and offer.status == "pending_approval" and offer.version == 1
        assert (offer.terms.salary, offer.terms.currency) == (Decimal("92500"), "EUR")
        assert str(offer.terms.start_date) == "2026-04-01" and str(offer.terms.expires_on) == "2026-03-20"
        assert offer.terms.terms == "Bonus 10%"
        assert [a.approver.name for a in offer.approvals] == ["Mia Chen"]


async def test_editing_a_pending_offer_says_and_makes_version_2(noor_store):
    team = in_offer_stage(noor_store)
    created = noor_store.offers.create(team["app"].id, offer_terms(), approvers=[team["mia"].id])
    pending = noor_store.offers.request_approval(created.id)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, team["app"].id, pending)
        assert message(form, "#offer-version-note") == (
            "Saving makes version 2 and asks the approvers again."
        )
        assert form.query_one("#o-salary").value == "85000"
        await press(pilot, "tab", "ctrl+e", "ctrl+u")  # salary field: clear it
        await burst(pilot, "95000")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        offer = noor_store.offers.get(created.id)
        assert offer.version == 2 and offer.status == "pending_approval"
        assert offer.terms.salary == Decimal("95000")
        assert [v.terms.salary for v in offer.versions] == [Decimal("85000"), Decimal("95000")]
        assert [a.decision for a in offer.approvals] == ["pending"]


async def test_the_stores_refusal_stays_in_the_form_with_what_was_typed(noor_store):
    team = hiring_team(noor_store)  # Ada is still in Applied: no offer yet
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, team["app"].id)
        await burst(pilot, "\t70000")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "Offer" in message(form)
        assert form.query_one("#o-salary").value == "70000"
        assert noor_store.offers.for_application(team["app"].id) == []
        await burst(pilot, "\t\t\tsoon")  # expiry field: not a date
        await press(pilot, "ctrl+s")
        assert "YYYY-MM-DD" in message(form)


async def test_esc_on_a_changed_form_asks_first_and_the_last_currency_is_remembered(noor_store):
    team = in_offer_stage(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, team["app"].id)
        await burst(pilot, "\t60000")
        await press(pilot, "escape")
        assert app.screen is form and "esc again discards" in message(form)
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen) and form.results == [None]
        form = await open_form(pilot, team["app"].id)
        await burst(pilot, "\t60000\t")
        await press(pilot, "ctrl+e", "ctrl+u")
        await burst(pilot, "usd")
        await press(pilot, "ctrl+s")
        assert noor_store.offers.for_application(team["app"].id)[0].terms.currency == "USD"
        noor_store.offers.rescind(form.results[0].id)
        form = await open_form(pilot, team["app"].id)
        assert form.query_one("#o-currency").value == "USD"
        await press(pilot, "escape")  # nothing changed: closes at once
        assert isinstance(app.screen, BoardScreen)


async def open_approval(pilot, offer) -> tuple[ApprovalDialog, list]:
    await settle(pilot)
    results: list = []
    await push_focused(pilot.app, ApprovalDialog(offer), results.append)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ApprovalDialog)
    return pilot.app.screen, results


def pending_offer(store, team, approvers):
    created = store.offers.create(team["app"].id, offer_terms(notes="[b]not bold[/b]"), approvers=approvers)
    return store.offers.request_approval(created.id)


async def test_approve_with_a_comment(noor_store):
    team = in_offer_stage(noor_store)
    offer = pending_offer(noor_store, team, [team["noor"].id])
    app = today_app(noor_store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog, results = await open_approval(pilot, offer)
        assert "[b]not bold[/b]" in str(dialog.query_one("#approval-offer").render())
        await burst(pilot, "cgo ahead\ra")
        assert isinstance(app.screen, BoardScreen)
        saved = noor_store.offers.get(offer.id)
        assert results[0].id == offer.id and saved.status == "approved"
        assert [(a.approver.name, a.decision, a.comment) for a in saved.approvals] == [
            ("Noor Haddad", "approved", "go ahead")
        ]


async def test_reject_with_a_comment_sends_it_back_to_draft(noor_store):
    team = in_offer_stage(noor_store)
    offer = pending_offer(noor_store, team, [team["noor"].id, team["mia"].id])
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_approval(pilot, offer)
        await burst(pilot, "ctoo low\rx")
        saved = noor_store.offers.get(offer.id)
        assert saved.status == "draft"
        noor = next(a for a in saved.approvals if a.approver.name == "Noor Haddad")
        assert (noor.decision, noor.comment) == ("rejected", "too low")


async def test_not_an_approver_is_told_and_no_key_decides(noor_store):
    team = in_offer_stage(noor_store)
    offer = pending_offer(noor_store, team, [team["mia"].id])
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog, _ = await open_approval(pilot, offer)
        said = str(dialog.query_one("#approval-message").render())
        assert "not an approver of version 1" in said
        assert all(button.disabled for button in dialog.query("Button"))
        await press(pilot, "a")
        await press(pilot, "x")
        assert app.screen is dialog
        assert [a.decision for a in noor_store.offers.get(offer.id).approvals] == ["pending"]
