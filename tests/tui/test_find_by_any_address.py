"""Finding people as recruiters type them, with real keys: the pool browser's query bar by a second e-mail or
a LinkedIn URL (every address is in the search index; a pasted URL is searched in its canonical form), and
find anyone ranking the exact name first."""

from __future__ import annotations

from pools_data import build
from pools_helpers import settle, typed

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.person.find_anyone import FindAnyoneDialog
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.widgets.prospect_table import ProspectTable


def shown_names(table: ProspectTable) -> list[str]:
    return [table.row_at(i).full_name for i in range(table.total)]


async def test_the_query_bar_finds_a_person_by_a_second_email_and_a_profile(store):
    d = build(store)
    ada = d.ids["Ada Lovelace"]
    store.candidates.add_identity(ada, "email", "countess@home.example")
    store.candidates.add_identity(ada, "linkedin", "https://www.linkedin.com/in/ada-l/")
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        for query in ("countess@home.example", "linkedin.com/in/ada-l"):
            await pilot.press("slash", "ctrl+u")
            await typed(pilot, query)
            await pilot.press("enter")
            await settle(pilot)
            assert table.total == 1 and shown_names(table) == ["Ada Lovelace"], query
        # Removed again: the index forgets it.
        (second,) = [i for i in store.candidates.identities(ada) if i.value == "countess@home.example"]
        store.candidates.remove_identity(second.id)
        await pilot.press("slash", "ctrl+u")
        await typed(pilot, "countess@home.example")
        await pilot.press("enter")
        await settle(pilot)
        assert table.total == 0


async def test_find_anyone_shows_the_exact_name_first_and_enter_opens_it(store):
    for i in range(25):
        store.candidates.add(CandidateInput.parse(full_name=f"Ann John Smithfield {i:02d}"))
    smithers = store.candidates.add(CandidateInput.parse(full_name="John Smithers")).id
    exact = store.candidates.add(CandidateInput.parse(full_name="John Smith")).id
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await typed(pilot, "john smith")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FindAnyoneDialog)
        assert [h.candidate_id for h in dialog.hits[:2]] == [exact, smithers]
        assert "The first 20 people found" in str(dialog.query_one("#find-status").content)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.candidate_id == exact


PASTED = "https://www.linkedin.com/in/Ada-L/?trk=public_profile"


async def test_a_pasted_linkedin_url_finds_the_person_in_the_query_bar_and_find_anyone(store):
    d = build(store)
    ada = d.ids["Ada Lovelace"]
    store.candidates.add_identity(ada, "linkedin", "https://www.linkedin.com/in/ada-l/")
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await pilot.press("slash", "ctrl+u")
        await typed(pilot, PASTED)
        await pilot.press("enter")
        await settle(pilot)
        assert table.total == 1 and shown_names(table) == ["Ada Lovelace"]
        await pilot.press("ctrl+f")
        await typed(pilot, PASTED)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FindAnyoneDialog)
        assert [h.candidate_id for h in dialog.hits] == [ada]
        assert "Ada Lovelace" in str(dialog.query_one("#find-hits").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.candidate_id == ada
    assert store.candidates.find_by_identity(PASTED).id == ada
