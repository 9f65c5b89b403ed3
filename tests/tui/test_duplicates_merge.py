"""Possible duplicates in the pool browser and the side-by-side merge, driven by real keys: the segment, `m`
on the focused person, picking fields with ←/→ and 1/2, the confirmation refused and given, the database."""

from __future__ import annotations

import pytest
from person_helpers import open_duplicates, open_merge, screen_text
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import select

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.pools.prospect_merge import MergeModal
from pipeline_tui.store.models import Activity


def warning(app) -> str:
    line = app.screen.query_one("#merge-warning")
    return str(line.content) if line.display else ""


def add_duplicates(store, data) -> dict[str, int]:
    """Ada again under another address, and Chen Wei twice without one."""
    ada = store.candidates.add(
        CandidateInput.parse(full_name="Lovelace, Ada", email="ada@home.example", phone="+44 20 7946 0958",
                             current_company="Analytical Engines", location="Cambridge")
    ).id  # fmt: skip
    chen = store.candidates.add(
        CandidateInput.parse(full_name="Chen  Wei", current_company="hooli", current_title="Go Engineer")
    ).id
    return {"ada": data.ids["Ada Lovelace"], "ada2": ada, "chen": data.ids["Chen Wei"], "chen2": chen}


@pytest.fixture
def data(store):
    built = build(store)
    return store, built, add_duplicates(store, built)


async def test_the_segment_lists_everyone_in_a_pair_and_m_merges_with_the_pair(data):
    store, _d, ids = data
    app = PipelineApp(store, start="pools")
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_duplicates(pilot)
        text = screen_text(app)
        assert "Possible duplicates · 4 people" in text
        for name in ("Ada Lovelace", "Lovelace, Ada", "Chen Wei", "Chen  Wei"):
            assert name in text
        preview = str(app.screen.query_one("#preview-body").content)
        assert (
            f"Possible duplicate of\n  Lovelace, Ada #{ids['ada2']}: names 100% alike at Analytical"
            in preview
        )
        await pilot.press("m")  # the focused row: Ada Lovelace (sorted by name)
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, MergeModal)
        shown = screen_text(app)
        assert "Keep: Ada Lovelace" in shown and "Merge in: Lovelace, Ada" in shown
        # Default: the kept value, or theirs where the kept one is empty (the phone).
        assert modal.take == {"phone"}
        await pilot.press("down", "2")  # e-mail: take theirs
        await pilot.press("down", "left")  # phone: ours is empty, theirs fills it whatever is picked
        await settle(pilot)
        assert "This record's phone is empty: theirs fills it." in screen_text(app)
        await pilot.press("down", "right")  # location: take Cambridge
        await pilot.press("down", "down", "down", "2")  # LinkedIn: theirs is empty
        await settle(pilot)
        assert "Their LinkedIn is empty: nothing to take." in screen_text(app)
        assert modal.take == {"email", "phone", "location"}
        await pilot.press("enter")
        await settle(pilot)
        assert warning(app) == (
            "These records have different e-mails (ada@example.com / ada@home.example). "
            "Press y to merge them anyway, esc to go back."
        )
        assert "Press y to merge" in screen_text(app)
        await pilot.press("enter", "2")  # neither merges nor changes a pick while it asks
        await settle(pilot)
        assert store.candidates.count() == 12 and modal.take == {"email", "phone", "location"}
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, MergeModal)
        assert any("merged Lovelace, Ada into Ada Lovelace" in s for s in said)
        kept = store.candidates.get(ids["ada"])
        assert (kept.full_name, kept.email, kept.location, kept.phone) == (
            "Ada Lovelace", "ada@home.example", "Cambridge", "+44 20 7946 0958",
        )  # fmt: skip
        assert store.candidates.find_by_email("ada@example.com").id == ids["ada"]
        assert store.candidates.count() == 11
        with store.db.transaction() as s:
            notes = list(s.scalars(select(Activity.body).where(Activity.candidate_id == ids["ada"])))
        note = next(n for n in notes if n.startswith("Merged duplicate record Lovelace, Ada"))
        assert "Taken from that record: e-mail, phone, location." in note
        assert "Possible duplicates · 2 people" in screen_text(app)


async def test_the_confirmation_refused_merges_nothing(data):
    store, _d, ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_merge(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Press y to merge" in warning(app)
        await pilot.press("escape")  # back to picking
        await settle(pilot)
        assert isinstance(app.screen, MergeModal)
        assert "Press y" not in screen_text(app)
        await pilot.press("y")  # not asked: does nothing
        await settle(pilot)
        assert isinstance(app.screen, MergeModal)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MergeModal)
        assert store.candidates.count() == 12
        assert store.candidates.get(ids["ada2"]).email == "ada@home.example"


async def test_same_name_and_no_addresses_merge_on_enter_and_s_swaps_who_is_kept(data):
    store, _d, ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("down", "m")  # "Chen  Wei" (two spaces sort first), paired with Chen Wei
        await settle(pilot)
        modal = app.screen
        assert "Keep: Chen  Wei" in screen_text(app)
        assert modal.kept.id == ids["chen2"] and modal.take == {"location", "source"}
        await pilot.press("s")  # keep the older record instead
        await settle(pilot)
        assert "Keep: Chen Wei" in screen_text(app)
        assert modal.kept.id == ids["chen"] and modal.take == set()
        await pilot.press("enter")  # same name, no e-mails: nothing to confirm
        await settle(pilot)
        assert not isinstance(app.screen, MergeModal)
        assert store.candidates.count() == 11
        kept = store.candidates.get(ids["chen"])
        assert (kept.full_name, kept.current_title, kept.location) == (
            "Chen Wei", "Backend Engineer", "Singapore",
        )  # fmt: skip
        assert ids["chen2"] not in store.prospects.matching_ids("all")


async def test_keys_typed_before_the_records_arrive_are_kept(data):
    store, d, ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#prospects").focus()
        await settle(pilot)
        # All candidates by name: Ada Lovelace first; mark her and "Lovelace, Ada", then merge at once.
        table = app.screen.query_one("#prospects")
        table.selected.update({ids["ada"], ids["ada2"]})
        await pilot.press("m", "down", "1", "down", "2", "enter", "y")
        await settle(pilot)
        assert store.candidates.count() == 11
        kept = store.candidates.get(ids["ada"])
        assert (kept.email, kept.phone) == ("ada@example.com", "+44 20 7946 0958")


async def test_while_it_asks_the_hint_names_y_and_esc_and_counts_agree_with_their_number(data):
    store, d, ids = data
    store.pools.add_to_pool(d.rust_pool, [ids["ada2"]])
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_merge(pilot)
        about = str(app.screen.query_one("#merge-about").content)
        assert f"Kept #{ids['ada']}: 2 pools, 2 tags, 0 applications." in about, about
        assert f"Merged in #{ids['ada2']}: 1 pool, 0 tags, 0 applications." in about
        hint = app.screen.query_one("#merge-hint")
        assert str(hint.content).startswith("↑↓ field")
        await pilot.press("enter")
        await settle(pilot)
        assert str(hint.content) == "y merge anyway · esc back to picking"
        assert "enter merge" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert str(hint.content).startswith("↑↓ field") and isinstance(app.screen, MergeModal)


async def test_s_keeps_the_values_the_user_picked_on_the_swapped_side(data):
    store, _d, ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_merge(pilot)
        modal = app.screen
        await pilot.press(
            "1", "down", "2"
        )  # the name: ours (Ada Lovelace); e-mail: theirs (ada@home.example)
        await settle(pilot)
        assert modal.take == {"email", "phone"}
        await pilot.press(
            "s"
        )  # "Lovelace, Ada" is kept now: the picked name is the other one's, her e-mail hers
        await settle(pilot)
        assert modal.kept.id == ids["ada2"]
        assert "email" not in modal.take and "full_name" in modal.take
        await pilot.press("enter", "y")
        await settle(pilot)
        assert not isinstance(app.screen, MergeModal)
        kept = store.candidates.get(ids["ada2"])
        assert (kept.full_name, kept.email) == ("Ada Lovelace", "ada@home.example")
        assert store.candidates.find_by_email("ada@example.com").id == ids["ada2"]


async def test_the_merge_stands_out_in_the_kept_persons_timeline(data):
    from pipeline_tui.screens.person.screen import PersonScreen

    store, _d, ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_duplicates(pilot)
        await pilot.press("m", "enter", "y")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await typed(pilot, "Ada Lovelace")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        person = app.screen
        assert isinstance(person, PersonScreen) and person.candidate_id == ids["ada"]
        timeline = screen_text(app)
        assert f"Merged with Lovelace, Ada (#{ids['ada2']})" in timeline
        assert "Merged duplicate record" not in timeline


def side_label(app, key: str) -> str:
    return str(app.screen.query_one("#pool-list").get_option(f"seg:{key}").prompt)


async def test_the_side_list_counts_possible_duplicates_without_opening_them(data):
    store, _d, _ids = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.view == "all"
        assert side_label(app, "duplicates") == "Possible duplicates  4"
        assert "Possible duplicates  4" in screen_text(app)


async def test_no_possible_duplicates_says_so_and_why_people_would_be_listed(store):
    build(store)
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_duplicates(pilot)
        assert side_label(app, "duplicates") == "Possible duplicates  0"
        table = app.screen.query_one("#prospects")
        assert table.empty_text.startswith("No possible duplicates: people are listed here when they share a")
        shown = screen_text(app)
        assert "No possible duplicates: people are listed" in shown and "No one here yet" not in shown
        assert table.total == 0
