"""The stage editor (`p` on the jobs screen and on the board): every key checked on the screen and in the
database, typed one by one and in one burst; refusals are one line and change nothing."""

from __future__ import annotations

import pytest
from board_data import make_app, seed_board
from helpers import burst, press, settle
from jobs_helpers import open_jobs, text_of, type_text

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.screen import JobsScreen
from pipeline_tui.screens.jobs.stage_dialogs import MoveToDialog, StageNameDialog
from pipeline_tui.screens.jobs.stage_editor import StageEditor
from pipeline_tui.screens.pools.screen import PoolsScreen

BACKEND = [
    ["1", "Applied", "active", "3"],
    ["2", "Phone screen", "active", "2"],
    ["3", "Interview", "active", "2"],
    ["4", "Offer", "offer", "1"],
    ["5", "Hired", "hired", "0"],
]


def shown(editor: StageEditor) -> list[list[str]]:
    table = editor.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def stored(store, job_id: int) -> list[tuple[int, str, str]]:
    return [(s.position, s.name, s.kind) for s in store.jobs.stages(job_id)]


def cursor_name(editor: StageEditor) -> str:
    stage = editor.current_stage
    assert stage is not None
    return stage.name


def message(editor: StageEditor) -> str:
    return text_of(editor, "#stage-message")


def job_events(store, job_id: int) -> list[tuple[str, str | None]]:
    return [(e.action, e.detail) for e in store.jobs.events(job_id)][1:]  # after "created"


@pytest.fixture
def board(store):
    return seed_board(store)


async def open_editor(pilot, *downs: str, job_id: int | None = None) -> StageEditor:
    """From the jobs screen: the focused job (`down` moves to the next, or the row of `job_id`), then `p`."""
    jobs = await open_jobs(pilot)
    assert isinstance(jobs, JobsScreen)
    if job_id is not None:
        jobs.table.move_cursor(row=jobs.table.get_row_index(str(job_id)))
    await press(pilot, *downs, "p")
    editor = pilot.app.screen
    assert isinstance(editor, StageEditor)
    return editor


async def test_p_lists_the_stages_with_kind_and_active_applicants(store, board):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot)
        assert shown(editor) == BACKEND
        bar = text_of(editor, "#stage-bar")
        assert "Stages of Backend Engineer" in bar and "5 stages · 8 active · 1 hired" in bar
        footer = app.screen._compositor.render_strips()[-1].text
        for key in ("a Add", "r Rename", "k Kind", "K Up", "J Down", "d Remove", "esc Close", "? Keys"):
            assert key in footer, footer


async def test_a_adds_a_stage_after_the_focused_one_typed_in_one_burst(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await press(pilot, "down")
        await burst(pilot, "aTech call\r")
        assert isinstance(app.screen, StageEditor)
        assert [row[1] for row in shown(editor)][:4] == ["Applied", "Phone screen", "Tech call", "Interview"]
        assert cursor_name(editor) == "Tech call" and "Added ‘Tech call’ (active)" in message(editor)
        assert stored(store, job_id)[2] == (2, "Tech call", "active")
        assert [p for p, _, _ in stored(store, job_id)] == [0, 1, 2, 3, 4, 5]
        assert job_events(store, job_id)[-1] == ("stage_added", "Tech call (active)")


async def test_a_new_stage_takes_the_kind_chosen_under_its_name(store, board):
    job_id = board["design"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, "down")
        await press(pilot, "a")
        assert isinstance(app.screen, StageNameDialog)
        await type_text(pilot, "Second offer")
        await press(pilot, "tab", "down", "enter")
        assert shown(editor)[1] == ["2", "Second offer", "offer", "0"]
        assert stored(store, job_id)[1] == (1, "Second offer", "offer")


async def test_r_and_enter_rename_and_history_keeps_the_old_name(store, board):
    job_id, katherine = board["backend"].id, board["ids"]["Katherine Johnson"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await press(pilot, "down", "r")
        assert isinstance(app.screen, StageNameDialog)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Screening call")
        await press(pilot, "enter")
        assert shown(editor)[1] == ["2", "Screening call", "active", "2"]
        await burst(pilot, "\r 2\r")  # enter, more of the name and enter in one burst
        assert shown(editor)[1][1] == "Screening call 2" and cursor_name(editor) == "Screening call 2"
    assert stored(store, job_id)[1] == (1, "Screening call 2", "active")
    assert [e.to_stage_name for e in store.applications.history(katherine)] == ["Applied", "Phone screen"]
    assert job_events(store, job_id) == [
        ("stage_renamed", "Phone screen → Screening call"),
        ("stage_renamed", "Screening call → Screening call 2"),
    ]


async def test_k_cycles_the_kind_and_a_new_hired_stage_makes_the_former_one_active(store, board):
    job_id = board["design"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, "down")
        await press(pilot, "down", "down", "k")
        assert shown(editor)[2] == ["3", "Interview", "offer", "0"]
        assert stored(store, job_id)[2][2] == "offer"
        await press(pilot, "k")
        assert [row[2] for row in shown(editor)] == ["active", "active", "hired", "offer", "active"]
        assert "‘Interview’ is now hired; ‘Hired’ is active" in message(editor)
        await press(pilot, "k")  # from hired: the job would have no hired stage
        assert "exactly one hired stage" in message(editor)
    assert [k for _, _, k in stored(store, job_id)] == ["active", "active", "hired", "offer", "active"]


async def test_k_to_hired_on_a_stage_that_holds_applicants_is_refused(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await press(pilot, "down", "down", "down", "k")  # Offer → hired: Ken is in Hired, Barbara in Offer
        assert (
            message(editor)
            == "stage ‘Hired’ holds 1 application(s): move them before the hired stage changes"
        )
        assert shown(editor) == BACKEND
    assert [k for _, _, k in stored(store, job_id)] == ["active", "active", "active", "offer", "hired"]
    assert job_events(store, job_id) == []


async def test_shift_k_j_and_shift_arrows_reorder_typed_fast(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await press(pilot, "down", "down")
        await burst(pilot, "KK")  # Interview to the top, in one burst
        assert [row[1] for row in shown(editor)][:3] == ["Interview", "Applied", "Phone screen"]
        assert cursor_name(editor) == "Interview"
        await press(pilot, "K")
        assert "already the first stage" in message(editor)
        await press(pilot, "shift+down", "J")
        assert [row[1] for row in shown(editor)][:3] == ["Applied", "Phone screen", "Interview"]
        await press(pilot, "shift+up")
        assert [row[1] for row in shown(editor)][:3] == ["Applied", "Interview", "Phone screen"]
        assert [row[0] for row in shown(editor)] == ["1", "2", "3", "4", "5"]
    assert [(p, n) for p, n, _ in stored(store, job_id)] == [
        (0, "Applied"),
        (1, "Interview"),
        (2, "Phone screen"),
        (3, "Offer"),
        (4, "Hired"),
    ]
    assert [a for a, _ in job_events(store, job_id)] == ["stage_moved"] * 5


async def test_d_removes_an_empty_stage(store, board):
    job_id = board["design"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, "down")
        await press(pilot, "down", "d")
        assert [row[1] for row in shown(editor)] == ["Applied", "Interview", "Offer", "Hired"]
        assert cursor_name(editor) == "Interview" and "Removed ‘Phone screen’" in message(editor)
        await press(pilot, "delete")
        assert [row[1] for row in shown(editor)] == ["Applied", "Offer", "Hired"]
    assert stored(store, job_id) == [(0, "Applied", "active"), (1, "Offer", "offer"), (2, "Hired", "hired")]


async def test_d_on_a_stage_with_applicants_asks_where_they_go_and_moves_them(store, board):
    job_id, stages = board["backend"].id, board["stages"]
    moved = [board["ids"]["Katherine Johnson"], board["ids"]["Linus Torvalds"]]
    before = {a: store.applications.get(a) for a in moved}
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot)
        await press(pilot, "down", "d")
        dialog = app.screen
        assert isinstance(dialog, MoveToDialog)
        assert "It holds 2 applications" in text_of(dialog, ".dialog-label")
        await press(pilot, "escape")
        assert isinstance(app.screen, StageEditor) and "Kept ‘Phone screen’" in message(editor)
        assert len(stored(store, job_id)) == 5
        await press(pilot, "d", "down", "enter")  # Applied is offered first; Interview below it
        assert shown(editor) == [
            ["1", "Applied", "active", "3"],
            ["2", "Interview", "active", "4"],
            ["3", "Offer", "offer", "1"],
            ["4", "Hired", "hired", "0"],
        ]
        assert "its applications moved to ‘Interview’" in message(editor)
    for app_id in moved:
        after = store.applications.get(app_id)
        assert after.stage_id == stages[2].id and after.version == before[app_id].version + 1
        assert after.stage_entered_at > before[app_id].stage_entered_at  # the stay in Interview starts now
        last = store.applications.history(app_id)[-1]
        assert (last.action, last.from_stage_name, last.to_stage_name) == (
            "move",
            "Phone screen",
            "Interview",
        )
        assert [s.stage_name for s in store.applications.stage_stays(app_id)][-2:] == [
            "Phone screen",
            "Interview",
        ]
    assert job_events(store, job_id) == [("stage_removed", "Phone screen (2 moved to Interview)")]


async def test_removing_the_hired_or_the_last_active_stage_is_refused(store, board):
    job = store.jobs.create_job("Lean", stages=(("Only", "active"), ("Hired", "hired")))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, job_id=job.id)
        assert [row[1] for row in shown(editor)] == ["Only", "Hired"]
        await press(pilot, "d")
        assert message(editor) == "‘Only’ is the last active stage: a job needs one"
        await press(pilot, "down", "d")
        assert message(editor).startswith("‘Hired’ is the hired stage")
        assert [row[1] for row in shown(editor)] == ["Only", "Hired"]
    assert stored(store, job.id) == [(0, "Only", "active"), (1, "Hired", "hired")]
    assert job_events(store, job.id) == []


async def test_board_pools_jobs_then_the_editor_and_the_board_shows_the_new_stages(store, board):
    job_id = board["backend"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        assert isinstance(app.screen, PoolsScreen)
        editor = await open_editor(pilot)
        await burst(pilot, "aDebrief\r")
        await press(pilot, "escape")
        assert isinstance(app.screen, JobsScreen)
        await press(pilot, "1")
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        assert [s.name for s in screen.stages][:2] == ["Applied", "Debrief"]
        await press(pilot, "p")
        editor = app.screen
        assert isinstance(editor, StageEditor) and editor.job_id == job_id
        await press(pilot, "down", "K", "escape")
        assert app.screen is screen
        assert [s.name for s in screen.stages][:2] == ["Debrief", "Applied"]
        assert [str(c.title) for c in screen._columns.values()][:2] == ["Debrief", "Applied"]
    assert [n for _, n, _ in stored(store, job_id)][:2] == ["Debrief", "Applied"]


async def test_stage_names_show_as_typed(store, board):
    job_id = board["design"].id
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, "down")
        await press(pilot, "a")
        await type_text(pilot, "[b]x[/b]")
        await press(pilot, "enter")
        assert shown(editor)[1][1] == "[b]x[/b]"
        assert "Added ‘[b]x[/b]’" in message(editor)
    assert stored(store, job_id)[1][1] == "[b]x[/b]"
