"""`n` adds an applicant to the open job; a known e-mail offers that person instead of a duplicate."""

from __future__ import annotations

from board_data import events, make_app, seed_board
from helpers import settle
from textual.widgets import Input

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.board.applicant_form import ApplicantForm
from pipeline_tui.screens.board.screen import BoardScreen


def message(form: ApplicantForm) -> str:
    return str(form.query_one("#form-message").render())


async def fill(pilot, form: ApplicantForm, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#f-{name}", Input).value = value
    await settle(pilot)


async def test_add_a_new_applicant(store):
    data = seed_board(store)
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ApplicantForm)
        await pilot.press(*"Hedy Lamarr")
        await fill(
            pilot,
            form,
            email=" Hedy@Example.COM ",
            current_title="Inventor",
            current_company="MGM",
            source="Referral",
            phone="+1 555 0100",
        )
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board
        assert store.candidates.count() == before + 1
        person = store.candidates.find_by_email("hedy@example.com")
        assert person.full_name == "Hedy Lamarr" and person.current_company == "MGM"
        apps = store.candidates.applications(person.id)
        assert len(apps) == 1 and apps[0].application.job_id == data["backend"].id
        assert apps[0].stage_name == "Applied" and apps[0].application.source == "Referral"
        assert events(store, apps[0].application.id) == ["applied"]
        assert board.current_card.full_name == "Hedy Lamarr"
        assert "Hedy Lamarr" in [c.full_name for c in board.column(data["stages"][0].id).cards.cards]


async def test_name_is_required_and_email_is_validated(store):
    seed_board(store)
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert "name is required" in message(form)
        await fill(pilot, form, full_name="Someone", email="not-an-email")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a valid e-mail" in message(form)
        assert isinstance(app.screen, ApplicantForm)
        assert store.candidates.count() == before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert store.candidates.count() == before


async def test_known_email_offers_the_existing_person(store):
    data = seed_board(store)
    prospect = store.candidates.add(
        CandidateInput.parse(full_name="[b]Pat[/b] Prospect", email="pat@example.com")
    )
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await fill(pilot, form, full_name="Patricia P", email="PAT@example.com", source="Event")
        await pilot.press("enter")
        await settle(pilot)
        assert "pat@example.com belongs to [b]Pat[/b] Prospect" in message(form)
        assert form.query_one("#offer").display
        assert store.candidates.count() == before
        await pilot.press("enter")  # the offer button has the focus
        await settle(pilot)
        assert app.screen is board
        assert store.candidates.count() == before
        apps = store.candidates.applications(prospect.id)
        assert [a.application.job_id for a in apps] == [data["backend"].id]
        assert apps[0].application.source == "Event"
        assert board.current_card.full_name == "[b]Pat[/b] Prospect"


async def test_someone_who_already_applied_is_named_not_added(store):
    seed_board(store)
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await fill(pilot, form, full_name="Ada L", email="person0@example.com")
        await pilot.press("enter")
        await settle(pilot)
        assert (
            "Ada Lovelace (Staff Engineer @ Analytical Engines) already applied to this job: Applied, active."
            in (message(form))
        )
        assert not form.query_one("#offer").display
        assert isinstance(app.screen, ApplicantForm)
        assert store.candidates.count() == before


async def test_a_second_address_typed_fast_offers_the_person_who_has_it(store):
    """Any of a person's addresses finds them at the form, not only the one on their card."""
    data = seed_board(store)
    pat = store.candidates.add(CandidateInput.parse(full_name="Pat Prospect", email="pat@example.com"))
    store.candidates.add_identity(pat.id, "email", "pat@home.example")
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Patricia")
        await pilot.press("tab", *"PAT@Home.example", "enter")
        await settle(pilot)
        assert "PAT@Home.example".lower() in message(form)
        assert "belongs to Pat Prospect" in message(form)
        assert store.candidates.count() == before
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board and store.candidates.count() == before
        assert [a.application.job_id for a in store.candidates.applications(pat.id)] == [data["backend"].id]


async def test_a_one_letter_typo_of_someone_at_the_same_company_is_pointed_out_once(store):
    seed_board(store)
    known = store.candidates.add(
        CandidateInput.parse(full_name="Dorothy Vaughan", current_company="NASA", email="dv@nasa.example")
    )
    before = store.candidates.count()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Dorothy Vaughn")
        await fill(pilot, form, current_company="nasa")
        await pilot.press("enter")
        await settle(pilot)
        assert message(form) == (
            f"Possible duplicate: Dorothy Vaughan at NASA (#{known.id}, dv@nasa.example). "
            "Save again to add anyway."
        )
        assert app.screen is form and store.candidates.count() == before
        await pilot.press("enter")  # said once: now added
        await settle(pilot)
        assert app.screen is not form and store.candidates.count() == before + 1
