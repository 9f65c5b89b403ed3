"""Offers on the person screen by real keys: `s` puts a draft up for approval then sends it, `y` accepts (asks
"Accept and hire …?", then the application is hired), `D` records a decline with its reason, `X` rescinds;
the board's card says so. The offer form and the approval dialog are the offers screens' (their own tests)."""

from __future__ import annotations

from board_data import make_app
from helpers import said, settle
from hiring_helpers import _berlin, offer_terms, seed_hiring  # noqa: F401 - _berlin: autouse
from person_helpers import screen_text, text_of
from pools_helpers import typed

from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.shared.ask import AskText, YesNo


async def open_barbara(pilot, *, from_her_card: bool = False) -> PersonScreen:
    """Barbara Liskov, the only card of the Offer column (the fourth), opened with enter."""
    await settle(pilot)
    await pilot.press(*(() if from_her_card else ("l", "l", "l")), "enter")
    await settle(pilot)
    person = pilot.app.screen
    assert isinstance(person, PersonScreen)
    person.query_one("#offers").focus()
    await settle(pilot)
    return person


async def test_s_asks_for_approval_then_sends_and_y_hires_after_asking(store):
    data = seed_hiring(store)
    barbara = data["ids"]["Barbara Liskov"]
    offer = store.offers.create(barbara, offer_terms())
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        person = await open_barbara(pilot)
        assert "draft" in text_of(person, "#offers") and "EUR 85,000" in text_of(person, "#offers")
        footer = screen_text(app).splitlines()[-1]
        assert "Send" in footer and "Accepted" in footer
        await pilot.press("s")  # no approvers: approved at once
        await settle(pilot)
        assert store.offers.get(offer.id).status == "approved"
        await pilot.press("s")
        await settle(pilot)
        assert store.offers.get(offer.id).status == "sent"
        await pilot.press("y")
        await settle(pilot)
        asked = app.screen
        assert isinstance(asked, YesNo)
        assert "Accept and hire Barbara Liskov into Hired?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        # The hire reaches the job's headcount (1): as on the board, marking the job filled is offered.
        assert type(app.screen).__name__ == "FillJobOffer", screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "accepted" in text_of(person, "#offers")
    assert store.offers.get(offer.id).status == "accepted"
    assert store.applications.get(barbara).status == "hired"
    assert store.jobs.get(store.applications.get(barbara).job_id).status == "filled"
    assert any("accepted: hired" in s for s in said(app))


async def test_capital_d_records_the_decline_with_its_reason_and_the_application_stays(store):
    data = seed_hiring(store)
    barbara = data["ids"]["Barbara Liskov"]
    offer = store.offers.create(barbara, offer_terms())
    store.offers.request_approval(offer.id)
    store.offers.send(offer.id)
    stage_before = store.applications.get(barbara).stage_id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        person = await open_barbara(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        await typed(pilot, "Took [b]another[/b] offer")
        await pilot.press("enter")
        await settle(pilot)
        listed = text_of(person, "#offers")
        assert "declined" in listed and "Took [b]another[/b] offer" in listed
    declined = store.offers.get(offer.id)
    assert declined.status == "declined" and declined.decline_reason == "Took [b]another[/b] offer"
    after = store.applications.get(barbara)
    assert after.status == "active" and after.stage_id == stage_before


async def test_capital_x_rescinds_after_asking_and_n_keeps_the_offer(store):
    data = seed_hiring(store)
    offer = store.offers.create(data["ids"]["Barbara Liskov"], offer_terms())
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_barbara(pilot)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert store.offers.get(offer.id).status == "draft"
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert store.offers.get(offer.id).status == "rescinded"


async def test_a_refused_change_is_one_sentence_and_nothing_changes(store):
    data = seed_hiring(store)
    offer = store.offers.create(data["ids"]["Barbara Liskov"], offer_terms())
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_barbara(pilot)
        await pilot.press("y")  # a draft cannot be accepted
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    assert any(f"Offer #{offer.id} is draft" in s for s in said(app))
    assert store.offers.get(offer.id).status == "draft"


async def test_o_opens_the_offer_form_and_a_the_approval_dialog_for_the_highlighted_offer(store):
    from pipeline_tui.screens.offers.approval import ApprovalDialog
    from pipeline_tui.screens.offers.offer_form import OfferForm

    data = seed_hiring(store)
    barbara = data["ids"]["Barbara Liskov"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l", "l", "O")  # from the board, for the focused card
        await settle(pilot)
        assert isinstance(app.screen, OfferForm) and app.screen.application_id == barbara
        await pilot.press("escape")
        await settle(pilot)
        offer = store.offers.create(barbara, offer_terms(), approvers=[data["ann"].id])
        store.offers.request_approval(offer.id)
        person = await open_barbara(pilot, from_her_card=True)
        assert "pending approval" in text_of(person, "#offers")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalDialog) and app.screen.offer.id == offer.id
