"""The Today screen (`4`): Noor's interviews today and this week, her scorecard due and the offer waiting for
her approval, from any tool; `enter` opens the person, the scorecard form or the approval dialog; the
screen reads again when shown again; empty states and a user who is not on the team."""

from __future__ import annotations

import pytest
from board_data import make_app, seed_board
from helpers import burst, press, settle
from sqlalchemy import select
from today_data import seed_interviews, seed_today
from today_helpers import empty_note, open_noor_store, section_rows, today_app

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.screen import JobsScreen
from pipeline_tui.screens.offers.approval import ApprovalDialog
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.today.screen import TodayScreen
from pipeline_tui.store.hiring_tables import OfferApproval


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


async def open_today(pilot) -> TodayScreen:
    await settle(pilot)
    await press(pilot, "4")
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    return screen


async def test_4_from_the_board_lists_what_is_due_for_me(noor_store):
    seed_today(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        assert section_rows(screen, "today-interviews") == [
            ["14:00", "Ada Lovelace", "Backend Engineer", "Technical interview", "Noor Haddad, Ola Berg"]
        ]
        # Friday's is this week; next Monday's, the cancelled one and Ola's alone are not listed.
        assert section_rows(screen, "today-week") == [
            ["Fri 6 Mar 10:00", "Ada Lovelace", "Backend Engineer", "Team interview", "Noor Haddad"]
        ]
        assert section_rows(screen, "today-scorecards") == [
            ["Mon 2 Mar", "Ada Lovelace", "Backend Engineer", "Technical interview"]
        ]
        assert section_rows(screen, "today-approvals") == [
            ["Grace Hopper", "Backend Engineer", "85,000 EUR", "1"]
        ]
        bar = str(screen.query_one("#today-bar").render())
        assert "Wednesday 4 March 2026" in bar and "Noor Haddad" in bar


@pytest.mark.parametrize("tool", ["board", "pools", "jobs"])
async def test_4_works_from_every_tool(noor_store, tool):
    seed_interviews(noor_store)
    app = today_app(noor_store, start=tool)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, {"board": BoardScreen, "pools": PoolsScreen, "jobs": JobsScreen}[tool])
        screen = await open_today(pilot)
        assert section_rows(screen, "today-interviews")[0][1] == "Ada Lovelace"
        await press(pilot, "1")
        assert isinstance(app.screen, BoardScreen)


async def test_enter_on_an_interview_opens_the_person_on_that_application(noor_store):
    team = seed_today(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_today(pilot)
        await press(pilot, "enter")
        person = app.screen
        assert isinstance(person, PersonScreen)
        assert (person.candidate_id, person.application_id) == (team["ada"].id, team["app"].id)
        await press(pilot, "escape")
        assert isinstance(app.screen, TodayScreen)


async def test_tab_moves_between_sections_and_enter_on_an_approval_opens_it(noor_store):
    team = seed_today(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        await press(pilot, "tab", "tab", "tab")
        assert app.focused is screen.query_one("#today-approvals").table
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, ApprovalDialog) and dialog.offer.id == team["offer"].id
        await burst(pilot, "cfine by me\ra")  # typed fast: the comment, enter, approve
        assert isinstance(app.screen, TodayScreen)
        with noor_store.db.transaction() as s:
            decision = s.execute(
                select(OfferApproval.decision, OfferApproval.comment).where(
                    OfferApproval.approver_id == team["noor"].id
                )
            ).one()
        assert tuple(decision) == ("approved", "fine by me")
        # Shown again, the screen read again: nothing waits for Noor now.
        assert section_rows(screen, "today-approvals") == []
        assert "No offers waiting for your approval" in empty_note(screen, "today-approvals")


async def test_enter_on_a_due_scorecard_opens_its_form(noor_store):
    team = seed_today(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        screen.set_focus(screen.query_one("#today-scorecards").table)
        await press(pilot, "enter")
        opened = app.screen
        form = pytest.importorskip("pipeline_tui.screens.interviews.scorecard_form").ScorecardForm
        assert isinstance(opened, form)
        assert opened.scorecard.interview_id == team["monday"].id
        assert opened.scorecard.author.id == team["noor"].id


async def test_r_reads_again(noor_store):
    team = seed_interviews(noor_store)
    app = today_app(noor_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        noor_store.interviews.cancel(team["today"].id)
        assert len(section_rows(screen, "today-interviews")) == 1
        await press(pilot, "r")
        assert section_rows(screen, "today-interviews") == []
        assert "No interviews today. Schedule one from a board card with I." in empty_note(
            screen, "today-interviews"
        )


async def test_empty_states_say_what_would_be_listed(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_today(pilot)
        for section in ("today-interviews", "today-week", "today-scorecards", "today-approvals"):
            assert section_rows(screen, section) == []
            assert empty_note(screen, section)
        assert "Schedule one from a board card with I" in empty_note(screen, "today-interviews")


async def test_a_user_not_on_the_team_is_told_how(tmp_path, monkeypatch):
    from pipeline_tui.store import Store

    store = Store.open(str(tmp_path / "new.db"), actor="stranger")
    try:
        app = make_app(store, start="jobs")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_today(pilot)
            note = screen.query_one("#today-not-member")
            assert note.display
            text = str(note.render())
            assert "stranger" in text and "PIPELINE_TUI_USER" in text
    finally:
        store.close()


async def test_board_pools_today_board_leaks_no_style(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = [strip.text for strip in app.screen._compositor.render_strips()]
        await press(pilot, "t")
        await press(pilot, "4")
        assert isinstance(app.screen, TodayScreen)
        await press(pilot, "b")
        await settle(pilot)
        after = [strip.text for strip in app.screen._compositor.render_strips()]
        assert after == before
