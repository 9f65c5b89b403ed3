"""The interview plan editor (`i` on the jobs screen, `v` on the board): rounds grouped by stage, added,
edited, moved and removed by keyboard, each change checked on the screen and in the database; refusals stay
in the form and write nothing."""

from __future__ import annotations

import pytest
from board_data import make_app, seed_board
from helpers import burst, press
from jobs_helpers import open_jobs, text_of, type_text
from sqlalchemy import select

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.interview_plan import InterviewPlanScreen
from pipeline_tui.screens.jobs.round_form import DiscardRoundDialog, RemoveRoundDialog, RoundForm
from pipeline_tui.store.hiring_tables import HiringEvent

# The default template's plan, as every job of seed_board gets it (the hired stage has no row).
PLAN = [
    ["Applied", "", "no rounds yet (n adds one)", "", "", ""],
    ["Phone screen", "1", "Recruiter screen", "30", "Communication, Motivation", "2"],
    ["Interview", "1", "Technical interview", "60", "Problem solving, Technical depth", "0"],
    ["", "2", "Team interview", "45", "Collaboration, Culture add", "1"],
    ["Offer", "", "no rounds yet (n adds one)", "", "", ""],
]


def shown(screen: InterviewPlanScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def stored(store, job_id: int) -> list[tuple[str, int, str, int, tuple[str, ...], tuple[str, ...]]]:
    return [
        (r.stage_name, r.position, r.name, r.duration_min, r.attributes, r.questions)
        for r in store.rounds.for_job(job_id)
    ]


def names(store, job_id: int) -> list[tuple[str, str]]:
    return [(r.stage_name, r.name) for r in store.rounds.for_job(job_id)]


def round_events(store, job_id: int) -> list[tuple[str, str | None]]:
    """The job's interview plan changes as recorded (hiring_event, subject round), oldest first."""
    with store.db.transaction() as s:
        rows = s.execute(
            select(HiringEvent.action, HiringEvent.detail)
            .where(HiringEvent.job_id == job_id, HiringEvent.subject == "round")
            .order_by(HiringEvent.id)
        ).all()
    return [tuple(row) for row in rows]


def message(screen: InterviewPlanScreen) -> str:
    return text_of(screen, "#plan-message")


@pytest.fixture
def board(store):
    return seed_board(store)


async def open_plan(pilot, *downs: str) -> InterviewPlanScreen:
    """`i` on the first job of the jobs screen (Backend Engineer), then `downs` in the plan."""
    await open_jobs(pilot)
    await press(pilot, "i", *downs)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewPlanScreen)
    return screen


def cursor_round(screen: InterviewPlanScreen) -> str | None:
    one = screen.current_round
    return one.name if one is not None else None


async def test_i_lists_the_rounds_grouped_by_stage(store, board):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        assert shown(screen) == PLAN


async def test_at_80_columns_long_focus_lists_are_cut_and_shown_in_full_below(store, board):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot)
        assert [row[:4] for row in shown(screen)] == [row[:4] for row in PLAN]
        assert shown(screen)[2][4] == "Problem solving, Technical…"
        assert "Interview plan of Backend Engineer  ·  3 rounds in 2 stages" in text_of(screen, "#plan-bar")
        await press(pilot, "down", "down")
        detail = text_of(screen, "#plan-detail")
        assert "Focus: Problem solving, Technical depth" in detail
        footer = app.screen._compositor.render_strips()[-1].text
        for key in ("n Add", "e Edit", "x Remove", "[ Up", "] Down", "esc Close"):
            assert key in footer, footer
        await press(pilot, "escape")
        assert not isinstance(app.screen, InterviewPlanScreen)


async def test_n_adds_a_round_to_the_focused_stage_typed_in_one_burst(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot, "down", "down")
        await burst(pilot, "nSystem design\r")
        assert isinstance(app.screen, InterviewPlanScreen)
        assert stored(store, job_id)[3] == ("Interview", 2, "System design", 45, (), ())
        assert shown(screen)[4][:4] == ["", "3", "System design", "45"]
        assert cursor_round(screen) == "System design"
        assert "Saved ‘System design’ (Interview, 45 min)" in message(screen)
        await press(pilot, "up", "up", "up", "up")  # the empty Applied stage: n adds its first round
        await burst(pilot, "nCV review\r")
        assert names(store, job_id)[0] == ("Applied", "CV review")
        assert shown(screen)[0][:3] == ["Applied", "1", "CV review"]


async def test_the_round_form_takes_stage_minutes_attributes_and_questions(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, RoundForm)
        await type_text(pilot, "Case study [b]x[/b]")
        await press(pilot, "tab", "enter", "down", "down", "enter")  # the stage picker: Applied → Interview
        await press(pilot, "tab", "ctrl+u")
        await type_text(pilot, "90")
        await press(pilot, "tab")
        await type_text(pilot, "Structure")
        await press(pilot, "enter")
        await type_text(pilot, "Clarity")
        await press(pilot, "tab")
        await type_text(pilot, "Walk us through the case")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InterviewPlanScreen)
        assert ("Interview", 2, "Case study [b]x[/b]", 90, ("Structure", "Clarity"),
                ("Walk us through the case",)) in stored(store, job_id)  # fmt: skip
        assert ["", "3", "Case study [b]x[/b]", "90", "Structure, Clarity", "1"] in shown(screen)


async def test_a_refused_round_stays_in_the_form_and_writes_nothing(store, board):
    job_id = board["backend"].id
    before = stored(store, job_id)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, "down")
        await burst(pilot, "nteam interview\r")  # the job has one, in any case
        form = app.screen
        assert isinstance(form, RoundForm)
        assert "already has a round named ‘Team interview’" in text_of(form, "#round-message")
        await press(pilot, "tab", "tab", "ctrl+u", "ctrl+s")  # minutes left empty
        assert "whole minutes" in text_of(form, "#round-message")
        assert isinstance(app.screen, RoundForm)
    assert stored(store, job_id) == before


async def test_e_and_enter_edit_the_focused_round(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot, "down")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, RoundForm)
        assert form.query_one("#round-name").value == "Recruiter screen"
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Intro call")
        await press(pilot, "tab", "tab", "ctrl+u")
        await type_text(pilot, "25")
        await press(pilot, "enter")
        assert stored(store, job_id)[0][:4] == ("Phone screen", 0, "Intro call", 25)
        assert shown(screen)[1][:4] == ["Phone screen", "1", "Intro call", "25"]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, RoundForm)
        assert app.screen.query_one("#round-name").value == "Technical interview"


async def test_brackets_and_ctrl_arrows_move_a_round_within_its_stage(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot, "down", "down")
        await press(pilot, "]")
        assert names(store, job_id)[1:] == [
            ("Interview", "Team interview"),
            ("Interview", "Technical interview"),
        ]
        assert [row[2] for row in shown(screen)[2:4]] == ["Team interview", "Technical interview"]
        assert cursor_round(screen) == "Technical interview"
        assert "round 2 of 2 in Interview" in message(screen)
        await press(pilot, "ctrl+down")
        assert "already the last round of Interview" in message(screen)
        await burst(pilot, "[")
        assert names(store, job_id)[1] == ("Interview", "Technical interview")
        await press(pilot, "down", "ctrl+up")
        assert names(store, job_id)[1] == ("Interview", "Team interview")
        assert cursor_round(screen) == "Team interview"


async def test_x_asks_then_removes_the_round(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, "down", "down", "down")
        await press(pilot, "x")
        assert isinstance(app.screen, RemoveRoundDialog)
        await press(pilot, "n")
        assert "Kept ‘Team interview’" in message(screen)
        assert len(store.rounds.for_job(job_id)) == 3
        await burst(pilot, "xy")
        assert isinstance(app.screen, InterviewPlanScreen)
        assert names(store, job_id) == [
            ("Phone screen", "Recruiter screen"),
            ("Interview", "Technical interview"),
        ]
        assert "Team interview" not in [row[2] for row in shown(screen)]
        assert "Removed ‘Team interview’" in message(screen)
    assert round_events(store, job_id)[-1] == ("removed", "removed round Team interview")


async def test_esc_in_a_changed_form_asks_before_discarding(store, board):
    job_id = board["backend"].id
    before = stored(store, job_id)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, "down")
        await press(pilot, "e", "escape")  # nothing changed: closes at once
        assert isinstance(app.screen, InterviewPlanScreen)
        await press(pilot, "e")
        await type_text(pilot, " 2")
        await press(pilot, "escape")
        assert isinstance(app.screen, DiscardRoundDialog)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, RoundForm) and form.query_one("#round-name").value == "Recruiter screen 2"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, InterviewPlanScreen)
    assert stored(store, job_id) == before


async def test_v_on_the_board_opens_the_plan_of_its_job(store, board):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "v")
        screen = app.screen
        assert isinstance(screen, InterviewPlanScreen) and screen.job_id == board["backend"].id
        assert [row[:4] for row in shown(screen)] == [row[:4] for row in PLAN]
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
