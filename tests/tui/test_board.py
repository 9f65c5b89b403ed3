"""Stage board: every key binding, driven through Pilot, asserting what the screen shows and what the DB holds."""

from __future__ import annotations

import pytest
from board_data import NOW, events, make_app, seed_board, stage_of
from helpers import burst, said, settle
from textual.widgets import HelpPanel, Input

from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.screens.board.hire import FillJobOffer, HireConfirm
from pipeline_tui.screens.board.reject import RejectModal
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.store import Store
from pipeline_tui.widgets.stage_column import CARD_HEIGHT, LANE, CardList


@pytest.fixture
def data(store):
    return seed_board(store)


def names(board: BoardScreen, key) -> list[str]:
    return [c.full_name for c in board.column(key).cards.cards]


def card_lines(card_list: CardList) -> list[str]:
    return [card_list.render_line(y).text for y in range(card_list.size.height)]


def drawn_text(app) -> str:
    """What the terminal shows now (the compositor's lines)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def focused_name(board: BoardScreen) -> str | None:
    card = board.current_card
    return card.full_name if card else None


async def start(app, size=(120, 40)):
    ctx = app.run_test(size=size)
    pilot = await ctx.__aenter__()
    await settle(pilot)
    return ctx, pilot


async def test_board_shows_columns_counts_and_cards(store, data):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        bar = str(board.query_one("#job-bar").render())
        assert "Backend Engineer" in bar and "Open" in bar
        assert "8 active · 1 hired · 0 rejected/withdrawn" in bar
        stages = data["stages"]
        assert [s.name for s in board.stages] == ["Applied", "Phone screen", "Interview", "Offer", "Hired"]
        # Oldest arrival on top.
        assert names(board, stages[0].id) == ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        assert str(board.column(stages[0].id).header.render()).split() == ["Applied", "3"]
        assert names(board, stages[4].id) == ["Ken Thompson"]
        lines = card_lines(board.column(stages[0].id).cards)
        assert lines[0].strip() == "Alan Turing" and lines[3].strip() == "☆☆☆"
        assert lines[1].strip() == "Researcher @ Bletchl…"
        assert lines[2].strip().startswith("20d in stage · Care")
        assert lines[15].strip() == "★★☆ #mentor #python"  # the third card (six rows each)
        hired = card_lines(board.column(stages[4].id).cards)
        assert "✓ hired" in hired[2]
        # Stale colouring: 20 days is over the alert threshold, 10 over warn, 3 neither.
        cards = board.column(stages[0].id).cards
        alert = cards.get_component_rich_style("card--alert").color
        warn = cards.get_component_rich_style("card--warn").color

        def days_colour(y: int):
            seg = next(s for s in cards.render_line(y) if "d in stage" in s.text)
            return seg.style.color

        assert days_colour(2) == alert
        assert days_colour(8) == warn
        assert days_colour(14) not in (warn, alert)


async def test_thresholds_come_from_settings(store, data):
    from dataclasses import replace

    app = make_app(store)
    app.settings = replace(app.settings, stale_warn_days=1, stale_alert_days=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        cards = app.screen.column(data["stages"][0].id).cards
        alert = cards.get_component_rich_style("card--alert").color
        seg = next(s for s in cards.render_line(14) if "d in stage" in s.text)  # Ada, 3 days
        assert seg.style.color == alert


async def test_move_right_three_times_follows_the_card(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert focused_name(board) == "Alan Turing"
        await pilot.press(">", ">", ">")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[3].id, "active")
        assert events(store, alan) == ["applied", "move", "move", "move"]
        assert "Alan Turing" in names(board, stages[3].id)
        assert "Alan Turing" not in names(board, stages[0].id)
        assert focused_name(board) == "Alan Turing"
        assert board.focused is board.column(stages[3].id).cards
        assert str(board.column(stages[0].id).header.render()).split() == ["Applied", "2"]
        assert str(board.column(stages[3].id).header.render()).split() == ["Offer", "2"]


async def test_move_left_and_shift_arrows(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("shift+right", "shift+right")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[2].id, "active")
        await pilot.press("<")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[1].id, "active")
        await pilot.press("shift+left")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[0].id, "active")
        assert focused_name(board) == "Alan Turing"
        assert "Alan Turing" in names(board, stages[0].id)
        # Left of the first stage: nothing happens, nothing is written.
        await pilot.press("<")
        await settle(pilot)
        assert events(store, alan) == ["applied", "move", "move", "move", "move"]
        assert any("first stage" in m for m in said(app))


async def test_moving_into_hired_marks_hired(store, data):
    app = make_app(store)
    barbara = data["ids"]["Barbara Liskov"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("l", "l", "l")  # Applied -> Phone -> Interview -> Offer
        await settle(pilot)
        assert focused_name(board) == "Barbara Liskov"
        await pilot.press(">")
        await settle(pilot)
        assert isinstance(app.screen, HireConfirm)  # asked first: nothing written yet
        assert stage_of(store, barbara) == (stages[3].id, "active")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FillJobOffer)  # 2 hires, headcount 1: offered, kept open
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is board
        assert stage_of(store, barbara) == (stages[4].id, "hired")
        assert events(store, barbara)[-1] == "hire"
        assert names(board, stages[4].id) == ["Ken Thompson", "Barbara Liskov"]
        assert "1 hired" not in str(board.query_one("#job-bar").render())
        assert "2 hired" in str(board.query_one("#job-bar").render())


async def test_hjkl_and_arrows_move_focus(store, data):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("j")
        assert focused_name(board) == "Grace Hopper"
        await pilot.press("down")
        assert focused_name(board) == "Ada Lovelace"
        await pilot.press("k", "up")
        assert focused_name(board) == "Alan Turing"
        await pilot.press("l")
        assert focused_name(board) == "Linus Torvalds"
        await pilot.press("right")
        assert focused_name(board) == "Margaret Hamilton"
        await pilot.press("j")
        assert focused_name(board) == "Dennis Ritchie"
        await pilot.press("h")
        assert focused_name(board) == "Katherine Johnson"  # same row, column to the left
        await pilot.press("left")
        assert board.focused is board.column(data["stages"][0].id).cards
        # Focus moves write nothing.
        assert events(store, data["ids"]["Alan Turing"]) == ["applied"]


async def test_undo_move_with_u_and_ctrl_z(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    before = store.applications.get(alan)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press(">", ">")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[1].id, "active")
        await pilot.press("ctrl+z")
        await settle(pilot)
        after = store.applications.get(alan)
        assert (after.stage_id, after.status) == (stages[0].id, "active")
        assert after.stage_entered_at == before.stage_entered_at  # undo restores time in stage
        assert events(store, alan) == ["applied", "move", "move", "undo", "undo"]
        assert names(board, stages[0].id)[0] == "Alan Turing"
        assert focused_name(board) == "Alan Turing"
        await pilot.press("u")
        await settle(pilot)
        assert events(store, alan) == ["applied", "move", "move", "undo", "undo"]
        assert any("Nothing to undo" in m for m in said(app))


async def test_reject_modal_filters_and_saves_reason_and_note(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RejectModal)
        await pilot.press(*"skills")
        await settle(pilot)
        options = modal.query_one("#reasons")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["We rejected", " 2  Skills mismatch"]
        await pilot.press("tab")
        await pilot.press(*"Wants [b]Go[/b]")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board
        rec = store.applications.get(alan)
        assert rec.status == "rejected" and rec.rejection_reason == "Skills mismatch"
        assert rec.rejection_note == "Wants [b]Go[/b]"
        assert rec.stage_id == stages[0].id
        assert events(store, alan)[-1] == "reject"
        assert "Alan Turing" not in names(board, stages[0].id)
        assert "1 rejected/withdrawn" in str(board.query_one("#job-bar").render())
        assert focused_name(board) == "Grace Hopper"
        # Undo brings them back.
        await pilot.press("u")
        await settle(pilot)
        assert store.applications.get(alan).status == "active"
        assert names(board, stages[0].id)[0] == "Alan Turing"


async def test_reject_takes_a_reason_by_number_and_never_picks_one_itself(store, data):
    """`x` `enter` rejects nobody (and says why); `x`, a number, `enter` rejects for that reason; a number past
    the list is refused."""
    app = make_app(store)
    alan, grace = data["ids"]["Alan Turing"], data["ids"]["Grace Hopper"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RejectModal)
        assert modal.query_one("#reasons").highlighted is None
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal and store.applications.get(alan).status == "active"
        assert "Choose a reason first" in said(app)[-1]
        await pilot.press("9", "9", "enter")
        await settle(pilot)
        assert app.screen is modal and "No reason number 99" in said(app)[-1]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x", "3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        rec = store.applications.get(alan)
        assert (rec.status, rec.rejection_reason) == ("rejected", "Failed technical assessment")
        assert focused_name(app.screen) == "Grace Hopper"
        await pilot.press("x", "1", "2", "enter")  # the twelfth reason is the third of "They withdrew"
        await settle(pilot)
        rec = store.applications.get(grace)
        assert (rec.status, rec.rejection_reason) == ("withdrawn", "Not interested in the role")


async def test_reject_with_withdrew_reason_withdraws_and_esc_cancels(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert store.applications.get(alan).status == "active"
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"accepted another", "enter")
        await settle(pilot)
        rec = store.applications.get(alan)
        assert rec.status == "withdrawn" and rec.rejection_reason == "Accepted another offer"
        assert events(store, alan)[-1] == "withdraw"


async def test_lane_toggle_shows_closed_and_r_reopens(store, data):
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    reason = store.applications.rejection_reasons()[0]
    store.applications.reject(alan, reason.id, store.applications.get(alan).version)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert not board.column(LANE).display
        assert "Alan Turing" not in names(board, stages[0].id)
        await pilot.press("c")
        await settle(pilot)
        lane = board.column(LANE)
        assert lane.display
        assert names(board, LANE) == ["Alan Turing"]
        assert board.focused is lane.cards
        lines = card_lines(lane.cards)
        assert "rejected" in lines[2] and reason.name in lines[3]
        # Moving a closed applicant is refused without a write.
        await pilot.press(">")
        await settle(pilot)
        assert events(store, alan) == ["applied", "reject"]
        await pilot.press("r")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[0].id, "active")
        assert events(store, alan)[-1] == "reopen"
        assert names(board, LANE) == []
        assert "Alan Turing" in names(board, stages[0].id)
        assert focused_name(board) == "Alan Turing"
        await pilot.press("c")
        await settle(pilot)
        assert not board.column(LANE).display


async def test_r_reopens_a_hire_and_is_refused_on_active(store, data):
    ken = data["ids"]["Ken Thompson"]
    stages = data["stages"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("r")  # Alan is active
        await settle(pilot)
        assert events(store, data["ids"]["Alan Turing"]) == ["applied"]
        await pilot.press("l", "l", "l", "l")
        assert focused_name(board) == "Ken Thompson"
        await pilot.press("r")
        await settle(pilot)
        assert stage_of(store, ken) == (stages[3].id, "active")
        assert "Ken Thompson" in names(board, stages[3].id)


async def test_s_cycles_rating(store, data):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        cards = board.column(data["stages"][0].id).cards
        for expected in (1, 2, 3, 0):
            await pilot.press("s")
            await settle(pilot)
            assert store.applications.get(alan).rating == expected
            assert "★" * expected + "☆" * (3 - expected) in cards.render_line(3).text
        assert events(store, alan) == ["applied"]  # a rating is not a pipeline move


async def test_filter_matches_name_company_title_tag_source_and_esc_clears(store, data):
    app = make_app(store)
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("/")
        field = board.query_one("#board-filter", Input)
        assert field.display and board.focused is field
        await pilot.press(*"python")
        await settle(pilot)
        assert names(board, stages[0].id) == ["Ada Lovelace"]
        assert names(board, stages[1].id) == ["Katherine Johnson"]
        assert names(board, stages[2].id) == []
        assert str(board.column(stages[0].id).header.render()).split() == ["Applied", "1/3"]
        assert "2 matches" in str(board.query_one("#job-bar").render())
        for needle, expected in (
            ("bell labs", "Dennis Ritchie"),
            ("professor", "Barbara Liskov"),
            ("github", "Linus Torvalds"),
            ("hopper", "Grace Hopper"),
        ):
            field.value = needle
            await settle(pilot)
            shown = [n for s in stages for n in names(board, s.id)]
            assert shown == [expected], needle
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(board.focused, CardList)
        assert field.display  # the filter stays while browsing its matches
        await pilot.press("escape")
        await settle(pilot)
        assert not field.display
        assert names(board, stages[0].id) == ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        await pilot.press("/", *"zzz", "escape")
        await settle(pilot)
        assert names(board, stages[0].id) == ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        assert "No matches" not in card_lines(board.column(stages[2].id).cards)[1]


async def test_after_a_filter_the_focus_is_on_the_first_match(store, data):
    """The focused column may have no match left: enter in the filter focuses the first match, so `>` moves
    it at once (it used to stay on "No matches" and `>` did nothing)."""
    app = make_app(store)
    stages = data["stages"]
    barbara = data["ids"]["Barbara Liskov"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert focused_name(board) == "Alan Turing"  # in Applied
        await pilot.press("/", *"professor", "enter")
        await settle(pilot)
        assert names(board, stages[0].id) == [] and names(board, stages[3].id) == ["Barbara Liskov"]
        assert board.focused is board.column(stages[3].id).cards
        assert focused_name(board) == "Barbara Liskov"
        await pilot.press("greater_than_sign", "enter")  # enter confirms the hire
        await settle(pilot)
        assert stage_of(store, barbara) == (stages[4].id, "hired")
        await pilot.press("escape")  # not marked filled
        # A match left in the focused column keeps the focus there.
        await pilot.press("escape", "j", "/", *"ritchie", "enter")
        await settle(pilot)
        assert focused_name(board) == "Dennis Ritchie"


async def test_a_filter_typed_in_one_burst_ends_on_its_first_match(store, data):
    """`/hopper` and enter typed before the app handled the first: the filter gets every letter and the focus
    lands on the match (in another column than the one focused before), so the next key acts on it."""
    app = make_app(store)
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("l", "l")  # Interview: no "hopper" there
        await burst(pilot, "/hopper\r")
        assert board.query_text == "hopper"
        assert focused_name(board) == "Grace Hopper"
        await burst(pilot, ">")
        assert stage_of(store, data["ids"]["Grace Hopper"]) == (stages[1].id, "active")


async def test_enter_opens_detail_and_esc_returns_to_the_same_card(store, data):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("j", "j")
        assert focused_name(board) == "Ada Lovelace"
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, PersonScreen)
        assert "Ada Lovelace" in str(detail.query_one("#who").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board
        assert focused_name(board) == "Ada Lovelace"
        assert board.focused is board.column(data["stages"][0].id).cards


async def test_question_mark_lists_every_key_on_board_and_pools(store, data):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        panel = app.screen.query_one(HelpPanel)
        keys = app.screen.active_bindings
        for key in (
            "greater_than_sign",
            "less_than_sign",
            "x",
            "u",
            "ctrl+z",
            "r",
            "s",
            "slash",
            "enter",
            "n",
            "o",
            "c",
            "h",
            "l",
            "question_mark",
        ):
            assert key in keys, key
        assert panel.display
        await pilot.press("question_mark")
        await settle(pilot)
        assert not app.screen.query(HelpPanel)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.query(HelpPanel)


async def test_stale_move_notifies_reloads_and_loses_nothing(store, data, db_path):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        # Another window changes Alan behind the board's back.
        other = Store.open(str(db_path), actor="someone else")
        try:
            rec = other.applications.get(alan)
            other.applications.set_rating(alan, 3, rec.version)
        finally:
            other.close()
        before = events(store, alan)
        await pilot.press(">")
        await settle(pilot)
        rec = store.applications.get(alan)
        assert (rec.stage_id, rec.status, rec.rating) == (stages[0].id, "active", 3)
        assert events(store, alan) == before
        assert any("someone else changed" in m for m in said(app))
        card = board.column(stages[0].id).cards.cards[0]
        assert card.full_name == "Alan Turing" and card.application.version == rec.version
        assert "★★★" in board.column(stages[0].id).cards.render_line(3).text
        # The reloaded card moves on the next try.
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[1].id, "active")


async def test_stale_move_after_another_writer_moved_the_card(store, data, db_path):
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        other = Store.open(str(db_path), actor="someone else")
        try:
            other.applications.move_to_stage(alan, stages[2].id, other.applications.get(alan).version)
        finally:
            other.close()
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, alan) == (stages[2].id, "active")
        assert events(store, alan) == ["applied", "move"]
        assert "Alan Turing" in names(board, stages[2].id)
        assert "Alan Turing" not in names(board, stages[0].id)


async def test_rule_violation_moving_a_hire_is_announced(store, data):
    app = make_app(store)
    ken = data["ids"]["Ken Thompson"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("l", "l", "l", "l")
        await pilot.press("<")
        await settle(pilot)
        assert stage_of(store, ken) == (stages[4].id, "hired")
        assert any("reopen" in m for m in said(app))
        assert names(board, stages[4].id) == ["Ken Thompson"]


async def test_undo_across_job_switches(store, data):
    app = make_app(store)
    grace = data["ids"]["Grace Hopper"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("j", ">")
        await settle(pilot)
        assert stage_of(store, grace) == (stages[1].id, "active")
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"designer", "enter")
        await settle(pilot)
        assert board.job.title == "Product Designer"
        assert [c.full_name for c in board.column(board.stages[0].id).cards.cards] == ["Ada Lovelace"]
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, grace) == (stages[0].id, "active")
        assert events(store, grace)[-1] == "undo"
        assert board.job.title == "Backend Engineer"
        assert names(board, stages[0].id) == ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        assert focused_name(board) == "Grace Hopper"


async def test_narrow_terminal_scrolls_columns_into_view(store, data):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        strip = board.query_one("#columns")
        assert strip.scroll_x == 0
        hired = board.column(data["stages"][4].id)
        # Off to the right at first: laid out past the screen's edge, so nothing of it is drawn.
        assert hired.region.x >= 80 and hired.virtual_region.x >= 80
        assert "Ken Thompson" not in drawn_text(app)
        await pilot.press("l", "l", "l", "l")
        await settle(pilot)
        assert focused_name(board) == "Ken Thompson"
        assert strip.scroll_x > 0
        assert hired.region.x >= 0 and hired.region.right <= 80
        assert hired.cards.render_line(0).text.strip() == "Ken Thompson"
        assert "Ken Thompson" in drawn_text(app)
        await pilot.press(">")  # last stage: nothing to the right
        await settle(pilot)
        assert stage_of(store, data["ids"]["Ken Thompson"])[1] == "hired"
        await pilot.press("h", "h", "h", "h")
        await settle(pilot)
        assert strip.scroll_x == 0


async def test_frozen_clock_controls_days_in_stage(store, data):
    from datetime import timedelta

    app = make_app(store, now=NOW + timedelta(days=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        cards = app.screen.column(data["stages"][0].id).cards
        assert "25d in stage" in cards.render_line(2).text


async def test_markup_and_escape_sequences_in_names_render_literally(store):
    from board_data import STRANGE

    data = seed_board(store, strange=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        cards = board.column(data["stages"][0].id).cards
        for name in STRANGE:
            index = next(i for i, c in enumerate(cards.cards) if c.full_name == name)
            await pilot.click(cards, offset=(3, 1))  # clicks on cards run no actions either
            cards.move_cursor_to(index)
            await settle(pilot)
            y = index * CARD_HEIGHT - int(cards.scroll_offset.y)
            rows = [cards.render_line(y + r) for r in range(4)]
            assert rows[0].text.strip() == name.replace("\x1b", "\ufffd")
            assert rows[1].text.strip() == "Engineer @ Acme [i]…"  # truncated, not parsed
            assert rows[3].text.strip() == "★☆☆ #[red]x[/red]"
            assert all("\x1b" not in seg.text for row in rows for seg in row)
            assert all(seg.style is None or not seg.style.link for row in rows for seg in row)
        # The reject dialog names them literally too; esc leaves without a change.
        await pilot.press("x")
        await settle(pilot)
        assert str(app.screen.query_one(".dialog-title").render()).startswith("Reject ")
        await pilot.press("escape")
        await settle(pilot)
        # The filter treats brackets as text.
        await pilot.press("/", *"[b]")
        await settle(pilot)
        assert [c.full_name for c in cards.cards] == ["[b]Bob[/b]"]
        await pilot.press("escape")
        assert app.is_running


async def test_coming_back_from_the_pools_screen_reloads_the_board(store, data, db_path):
    app = make_app(store)
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await pilot.press("j")
        await pilot.press("t")
        await settle(pilot)
        # Meanwhile someone moves Alan (e.g. another window).
        other = Store.open(str(db_path))
        try:
            alan = data["ids"]["Alan Turing"]
            other.applications.move_to_stage(alan, stages[2].id, other.applications.get(alan).version)
        finally:
            other.close()
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is board
        assert names(board, stages[0].id) == ["Grace Hopper", "Ada Lovelace"]
        assert "Alan Turing" in names(board, stages[2].id)
        assert focused_name(board) == "Grace Hopper"
        # Back from the board's own detail screen: no reload needed, same card.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert focused_name(board) == "Grace Hopper"


async def test_notifications_about_markup_names_are_literal(store):
    data = seed_board(store, strange=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        cards = board.column(data["stages"][0].id).cards
        for name in ("Ann [/x]", "[@click=app.quit]Eve"):
            card = next(c for c in cards.cards if c.full_name == name)
            cards.move_cursor_to(cards.index_of(card))
            await pilot.press("x", *"unresp", "enter")
            await settle(pilot)
            assert store.applications.get(card.application.id).status == "rejected"
            notes = [n for n in app._notifications if name in str(n.message)]
            assert notes and notes[-1].markup is False
            await pilot.press("u")
            await settle(pilot)
        assert app.is_running
        assert all(c.application.status == "active" for c in cards.cards)


def test_store_undo_walks_back_one_change_at_a_time(any_store):
    """The board's undo stack relies on this: each undo_last_move reverses the latest change not yet undone."""
    job = any_store.jobs.create_job("Undo job")
    stages = any_store.jobs.stages(job.id)
    from pipeline_tui.core.validation import CandidateInput

    person = any_store.candidates.add(CandidateInput.parse(full_name="Una Undo"))
    app = any_store.applications.apply(person.id, job.id)
    v = app.version
    for stage in stages[1:4]:
        v = any_store.applications.move_to_stage(app.id, stage.id, v).version
    reason = any_store.applications.rejection_reasons()[0]
    v = any_store.applications.reject(app.id, reason.id, v).version
    seen = []
    for _ in range(4):
        rec = any_store.applications.undo_last_move(app.id, v)
        v = rec.version
        seen.append((rec.stage_id, rec.status))
    assert seen == [
        (stages[3].id, "active"),
        (stages[2].id, "active"),
        (stages[1].id, "active"),
        (stages[0].id, "active"),
    ]
    with pytest.raises(RuleViolation, match="nothing to undo"):
        any_store.applications.undo_last_move(app.id, v)
    # A new move after undos is undone first.
    v = any_store.applications.move_to_stage(app.id, stages[2].id, v).version
    assert any_store.applications.undo_last_move(app.id, v).stage_id == stages[0].id


async def test_keys_typed_in_one_burst_all_count(store, data):
    """A fast typist's keys arrive before the app has handled the first: each one still counts (moves are
    queued in key order and each reads the card as the queued moves leave it)."""
    app = make_app(store)
    alan = data["ids"]["Alan Turing"]
    stages = data["stages"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        await burst(pilot, ">>>")
        assert stage_of(store, alan) == (stages[3].id, "active")
        assert events(store, alan) == ["applied", "move", "move", "move"]
        assert focused_name(board) == "Alan Turing"
        await burst(pilot, "uuu")
        assert stage_of(store, alan) == (stages[0].id, "active")
        assert events(store, alan)[-3:] == ["undo", "undo", "undo"]
        assert focused_name(board) == "Alan Turing"
        assert board.focused is board.column(stages[0].id).cards
        await burst(pilot, "lll")  # Applied -> Phone screen -> Interview -> Offer
        assert focused_name(board) == "Barbara Liskov"
        assert board.focused is board.column(stages[3].id).cards
        await burst(pilot, "hhh/ab/c")
        assert board.query_one("#board-filter", Input).value == "ab/c"
        assert board.query_text == "ab/c"
