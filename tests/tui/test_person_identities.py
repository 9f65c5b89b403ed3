"""The person screen shows every e-mail and phone of a person, and its edit form (`e`) adds and removes the
other ones in the same save as the rest: one transaction, a taken address refused by name, nothing half-done."""

from __future__ import annotations

from board_data import make_app, seed_board
from helpers import settle
from person_helpers import board_app, open_ada, retype, text_of
from pools_helpers import typed

from pipeline_tui.screens.person.person_form import PersonForm
from pipeline_tui.screens.person.screen import PersonScreen


async def _edit(pilot, **typed_into: str) -> PersonForm:
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, PersonForm)
    for field, text in typed_into.items():
        await retype(pilot, form, field, text)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


def _identities(store, candidate_id: int) -> list[tuple[str, str, bool]]:
    return [(i.kind, i.display, i.is_primary) for i in store.candidates.identities(candidate_id)]


async def test_other_emails_and_phones_are_added_shown_found_and_removed(store):
    data = seed_board(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"]).candidate_id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await _edit(
            pilot, other_emails="ada.old@example.org, ADA@Work.example", other_phones="+44 20 7946 0000"
        )
        assert isinstance(app.screen, PersonScreen)
        contact = text_of(app.screen, "#contact")
        for shown in ("person0@example.com", "ada.old@example.org", "ADA@Work.example", "+44 20 7946 0000"):
            assert shown in contact, contact
        assert ("email", "ada.old@example.org", False) in _identities(store, ada)
        assert store.candidates.find_by_email("ada@work.example").id == ada
        # The form shows them again; clearing the field removes them, the primary stays.
        await _edit(pilot, other_emails="ada@work.example")
        assert [d for k, d, _ in _identities(store, ada) if k == "email"] == [
            "person0@example.com",
            "ADA@Work.example",
        ]
        assert store.candidates.find_by_email("ada.old@example.org") is None
        assert "ada.old@example.org" not in text_of(app.screen, "#contact")


async def test_an_other_email_that_someone_else_has_is_refused_and_nothing_is_saved(store):
    data = seed_board(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"]).candidate_id
    before = _identities(store, ada)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        form = await _edit(pilot, phone="+44 20 7946 1111", other_emails="person1@example.com")
        assert app.screen is form
        assert "person1@example.com already belongs to Grace Hopper" in text_of(form, "#form-message")
    assert _identities(store, ada) == before
    assert store.candidates.get(ada).phone != "+44 20 7946 1111"


async def test_a_key_typed_in_the_edit_form_never_replaces_the_whole_name(store):
    """Found trying it: the name was selected when the form opened, so the first key typed replaced it."""
    _data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("e")
        await settle(pilot)
        await typed(pilot, " Jr")
        assert app.screen.query_one("#f-full_name").value == "Ada Lovelace Jr"
