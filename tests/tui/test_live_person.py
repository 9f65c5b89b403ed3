"""The person screen follows others' changes to its person as they happen: a move of their application is
drawn where the user is reading (scroll and a half-typed note kept); an erase shows what an erased person's
screen shows; a merge shows the person they were merged into. Each says so."""

from __future__ import annotations

from board_data import seed_board
from helpers import press, settle
from person_helpers import text_of
from test_live_board import following, live_app, logged, move, names, until
from textual.containers import VerticalScroll
from textual.widgets import Input

from pipeline_tui.core.change_records import Change, ChangeEntity, ChangeKind
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.services.pipeline import merge_people
from pipeline_tui.store import Store
from pipeline_tui.store.privacy import erased_name


async def test_the_person_screen_redraws_others_changes_where_i_am_reading(any_db_url, tmp_path):
    mine = Store.open(any_db_url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(any_db_url, actor="Ann")
    stages, grace = data["stages"], data["ids"]["Grace Hopper"]
    cid = mine.applications.get(grace).candidate_id
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            await press(pilot, "down", "enter")  # Grace's person screen, from her card
            screen = app.screen
            assert isinstance(screen, PersonScreen) and screen.candidate_id == cid
            assert stages[2].name not in text_of(screen, "#history")
            await press(pilot, "n", *"half a note")  # typing a note, not yet saved
            scroll = screen.query_one("#person", VerticalScroll)
            scroll.scroll_to(y=8, animate=False, immediate=True)
            await settle(pilot)
            assert scroll.scroll_offset.y == 8
            move(theirs, grace, stages[2].id)
            await until(pilot, lambda: stages[2].name in text_of(screen, "#history"))
            assert f"Ann moved Grace Hopper to {stages[2].name}" in app.said
            assert app.screen is screen and scroll.scroll_offset.y == 8  # where I was reading
            assert screen.query_one("#note", Input).value == "half a note"
            assert screen.focused is screen.query_one("#note", Input)
            assert "Grace Hopper" in names(board, stages[2].id)  # the board behind it too
            # Ann erases Grace: the screen shows what is kept, and says so.
            theirs.privacy.erase(cid)
            logged(theirs, Change(ChangeEntity.CANDIDATE, cid, ChangeKind.ERASED, candidate_id=cid))
            await until(pilot, lambda: erased_name(cid) in text_of(screen, "#who"))
            assert "Ann erased this person's details: showing what is kept" in app.said
            assert "Grace Hopper" not in text_of(screen, "#who")
            assert mine.candidates.get(cid).anonymised_at is not None
    finally:
        theirs.close()
        mine.close()


async def test_a_person_merged_away_meanwhile_shows_who_they_were_merged_into(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Ann")
    stages, alan, ada = data["stages"], data["ids"]["Alan Turing"], data["ids"]["Ada Lovelace"]
    alan_id, ada_id = (mine.applications.get(a).candidate_id for a in (alan, ada))
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            await press(pilot, "enter")  # Alan's person screen
            screen = app.screen
            assert isinstance(screen, PersonScreen) and screen.candidate_id == alan_id
            merge_people(theirs, ada_id, alan_id)  # Ann merges Alan into Ada
            logged(theirs, Change(ChangeEntity.CANDIDATE, ada_id, ChangeKind.MERGED, candidate_id=ada_id))
            await until(pilot, lambda: screen.candidate_id == ada_id)
            assert "Ann merged Alan Turing into Ada Lovelace: showing that record" in app.said
            assert "Ada Lovelace" in text_of(screen, "#who")
            assert app.screen is screen
            await until(pilot, lambda: "Alan Turing" not in names(board, stages[0].id))  # the board reloaded
            await press(pilot, "escape")
            assert app.screen is board
    finally:
        theirs.close()
        mine.close()
