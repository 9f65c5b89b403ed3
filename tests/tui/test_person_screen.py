"""The applicant detail screen: contact, stage history with time in stage, notes, other applications, pools."""

from __future__ import annotations

from datetime import timedelta

from board_data import STRANGE, make_app, seed_board
from helpers import settle
from person_helpers import board_app, open_ada, text_of

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.person.render import duration
from pipeline_tui.screens.person.screen import PersonScreen


async def test_detail_shows_contact_history_notes_other_jobs_and_pools(store):
    data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        detail = app.screen
        assert isinstance(detail, PersonScreen)
        who = text_of(detail, "#who")
        assert "Ada Lovelace" in who and "Staff Engineer @ Analytical Engines" in who
        assert "Backend Engineer · Applied · active" in who
        contact = text_of(detail, "#contact")
        for value in ("person0@example.com", "+49 30 1234 000", "https://linkedin.com/in/p0", "Berlin"):
            assert value in contact
        history = text_of(detail, "#history")
        assert "Applied" in history and "2026-02-27 09:00" in history and "3d 0h" in history
        assert "applied into Applied" in history
        activity = text_of(detail, "#activity")
        assert "Strong systems background." in activity and "Wants to stay in Berlin." in activity
        elsewhere = text_of(detail, "#elsewhere")
        assert "Product Designer" in elsewhere and "Silver medalists" in elsewhere
        assert data["ids"]["Ada Lovelace"] == detail.application_id


async def test_history_lists_each_stay_with_its_duration(store):
    data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l", "enter")  # Margaret Hamilton, Interview, 15 days in stage
        await settle(pilot)
        history = text_of(app.screen, "#history")
        # Applied 25 days ago, Phone screen at the midpoint, Interview 15 days ago.
        assert "Phone screen" in history and "Interview" in history
        assert "5d 0h" in history and "15d 0h" in history
        assert "moved Applied → Phone screen" in history
        assert data["ids"]["Margaret Hamilton"] == app.screen.application_id


async def test_add_note_saves_an_activity(store):
    data, app = board_app(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("n")
        await pilot.press(*"Called: [b]keen[/b]", "enter")
        await settle(pilot)
        notes = store.activities.for_candidate(ada.candidate_id)
        assert notes[0].body == "Called: [b]keen[/b]" and notes[0].application_id == ada.id
        assert "Called: [b]keen[/b]" in text_of(app.screen, "#activity")
        await pilot.press("enter")  # empty note: refused, nothing written
        await settle(pilot)
        assert len(store.activities.for_candidate(ada.candidate_id)) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_strange_names_render_literally_in_detail(store):
    seed_board(store, strange=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        for name in STRANGE:
            card_list = board.column(board.stages[0].id).cards
            index = next(i for i, c in enumerate(card_list.cards) if c.full_name == name)
            card_list.move_cursor_to(index)
            await pilot.press("enter")
            await settle(pilot)
            who = text_of(app.screen, "#who")
            assert "\x1b" not in who
            assert who.startswith(name.replace("\x1b", "\ufffd"))
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running


def test_duration_format():
    assert duration(59) == "0m"
    assert duration(3600 * 5 + 600) == "5h 10m"
    assert duration(86400 * 3 + 3600 * 4) == "3d 4h"


async def test_a_rejected_applicants_last_stay_ends_when_rejected(store):
    data = seed_board(store)
    alan = data["ids"]["Alan Turing"]
    reason = store.applications.rejection_reasons()[0]
    store.applications.reject(alan, reason.id, store.applications.get(alan).version, note="Too [i]senior")
    rejected_at = store.applications.history(alan)[-1].at
    app = make_app(store, now=rejected_at.replace(microsecond=0) + timedelta(days=30))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", "enter")
        await settle(pilot)
        assert app.screen.application_id == alan
        who = text_of(app.screen, "#who")
        assert f"Rejected: {reason.name} — Too [i]senior" in who
        history = text_of(app.screen, "#history")
        assert rejected_at.strftime("%Y-%m-%d %H:%M") in history
        assert "now" not in history.split("Time in stage")[1].split("\n")[1]


async def test_detail_is_one_store_call_in_one_transaction(store, monkeypatch):
    """The whole view is one read model: one transaction, not one per section. The interviews, scorecards and
    offers of the application in context are one more worker (a fixed handful of reads: one per repository,
    whatever the number of rows)."""
    _data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        opened: list[str] = []
        transaction = store.db.transaction
        detail_get = store.person_detail.get
        reading = {"detail": False}

        def counted():
            opened.append("detail" if reading["detail"] else "other")
            return transaction()

        def detail(*args, **kwargs):
            reading["detail"] = True
            try:
                return detail_get(*args, **kwargs)
            finally:
                reading["detail"] = False

        monkeypatch.setattr(store.db, "transaction", counted)
        monkeypatch.setattr(store.person_detail, "get", detail)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Ada Lovelace" in text_of(app.screen, "#who")
        assert opened.count("detail") == 1
        # The hiring sections (team, stages, interviews, scorecards, offers) and the nurture sequences.
        assert opened.count("other") <= 6


async def test_undone_moves_are_marked_and_make_no_stays(store):
    """Five moves and five undos on the board: the card and the detail agree on one stay in Applied (20 days,
    since applying), and the log lists the five moves, each marked undone, with the five undos."""
    _data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert board.current_card.full_name == "Alan Turing"  # 20 days in Applied
        for key in (">", ">", ">", "<", ">"):
            await pilot.press(key)
            await settle(pilot)
        for _ in range(5):
            await pilot.press("u")
            await settle(pilot)
        card = board.current_card
        assert card.full_name == "Alan Turing" and card.application.stage_id == board.stages[0].id
        await pilot.press("enter")
        await settle(pilot)
        history = text_of(app.screen, "#history").splitlines()
        stays = [line for line in history[2:] if line.strip() and not line[:4].isdigit()]
        assert len(stays) == 1 and stays[0].split()[0] == "Applied", history
        assert "now" in stays[0] and stays[0].rstrip().endswith("20d 0h"), stays[0]
        moves = [line for line in history if " moved " in line]
        assert len(moves) == 5 and all(line.rstrip().endswith("(undone)") for line in moves), history
        undos = [line for line in history if " undo " in line]
        assert len(undos) == 5 and not any("(undone)" in line for line in undos), history
