"""Hiring with care on the board: a move into Hired asks first (one key), warns when the headcount is already
filled, and a hire that reaches the headcount offers to mark the job filled. Real keys, screen and database."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from board_data import events, make_app, seed_board, stage_of
from helpers import burst, said, settle
from sqlalchemy import update

from pipeline_tui.screens.board.hire import FillJobOffer, HireConfirm
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.store.models import Job

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def data(store):
    return seed_board(store)


def with_headcount(store, job_id: int, headcount: int) -> None:
    with store.db.transaction() as s:
        s.execute(update(Job).where(Job.id == job_id).values(headcount=headcount))


@asynccontextmanager
async def started(store, headcount: int | None = None):
    """The board of Backend Engineer (headcount set when given), its cards loaded: (app, pilot, board)."""
    if headcount is not None:
        with_headcount(store, store.jobs.find_by_title("Backend Engineer").id, headcount)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        yield app, pilot, app.screen


def dialog_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(".dialog-title, .dialog-body"))


def bar(board: BoardScreen) -> str:
    return str(board.query_one("#job-bar").render())


async def test_n_and_escape_cancel_the_hire_and_nothing_changes(store, data):
    barbara, stages = data["ids"]["Barbara Liskov"], data["stages"]
    async with started(store) as (app, pilot, board):
        await pilot.press("l", "l", "l", ">")
        await settle(pilot)
        assert isinstance(app.screen, HireConfirm)
        text = dialog_text(app)
        assert "Hire Barbara Liskov?" in text and "Hired of Backend Engineer" in text
        # Ken Thompson is the one hire of a headcount of 1: the dialog says so.
        assert "Headcount already filled: Backend Engineer has 1 of 1 hire. This would be hire 2." in text
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is board
        await pilot.press(">", "escape")
        await settle(pilot)
        assert app.screen is board
        assert stage_of(store, barbara) == (stages[3].id, "active")
        assert events(store, barbara) == ["applied", "move", "move", "move"]
        assert [c.full_name for c in board.column(stages[4].id).cards.cards] == ["Ken Thompson"]
        assert "1 hired" in bar(board)
        assert board.current_card.full_name == "Barbara Liskov"


async def test_y_hires_and_a_hire_below_headcount_offers_nothing(store, data):
    """Headcount 3, one hire: this hire is 2 of 3, said in the dialog; no offer to mark the job filled."""
    barbara, stages = data["ids"]["Barbara Liskov"], data["stages"]
    async with started(store, 3) as (app, pilot, board):
        await pilot.press("l", "l", "l", ">")
        await settle(pilot)
        assert "Hire 2 of 3." in dialog_text(app)
        assert "already filled" not in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is board
        assert stage_of(store, barbara) == (stages[4].id, "hired")
        assert events(store, barbara)[-1] == "hire"
        assert "Barbara Liskov hired (u undoes)" in said(app)
        assert "2 hired" in bar(board)
        assert store.jobs.get(data["backend"].id).status == "open"


async def test_the_hire_that_reaches_the_headcount_offers_filled_and_y_marks_it(store, data):
    """Headcount 2, one hire: `>` `y` (typed in one burst) hires the second; the offer's `y` fills the job."""
    barbara, stages = data["ids"]["Barbara Liskov"], data["stages"]
    async with started(store, 2) as (app, pilot, board):
        await burst(pilot, "lll>y")
        assert stage_of(store, barbara) == (stages[4].id, "hired")
        assert isinstance(app.screen, FillJobOffer)
        assert "Mark Backend Engineer filled?" in dialog_text(app)
        assert "It has 2 of 2 hires" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is board
        assert store.jobs.get(data["backend"].id).status == "filled"
        assert "Filled" in bar(board)
        assert "Backend Engineer marked filled" in said(app)


async def test_the_fill_offer_declined_keeps_the_job_open(store, data):
    async with started(store, 2) as (app, pilot, board):
        await burst(pilot, "lll>\r")  # enter confirms the hire too
        assert isinstance(app.screen, FillJobOffer)
        await burst(pilot, "n")
        assert app.screen is board
        assert store.jobs.get(data["backend"].id).status == "open"
        assert "Open" in bar(board)


async def test_a_burst_that_cancels_writes_nothing_and_later_keys_reach_the_board(store, data):
    barbara, stages = data["ids"]["Barbara Liskov"], data["stages"]
    async with started(store) as (app, pilot, board):
        await burst(pilot, "lll>nj")
        assert app.screen is board
        assert stage_of(store, barbara) == (stages[3].id, "active")
        assert len(events(store, barbara)) == 4


async def test_undo_after_a_confirmed_hire_puts_the_applicant_back(store, data):
    barbara, stages = data["ids"]["Barbara Liskov"], data["stages"]
    async with started(store, 5) as (app, pilot, board):
        await burst(pilot, "lll>y")
        assert stage_of(store, barbara) == (stages[4].id, "hired")
        await burst(pilot, "u")  # no question: undoing a hire is not a hire
        assert stage_of(store, barbara) == (stages[3].id, "active")
        assert events(store, barbara)[-1] == "undo"


@pytest.mark.parametrize("size", SIZES)
def test_hire_confirm_snapshot(store, data, size, snap_compare):
    app = make_app(store)
    assert snap_compare(app, terminal_size=size, run_before=_open_hire_confirm)


@pytest.mark.parametrize("size", SIZES)
def test_fill_offer_snapshot(store, data, size, snap_compare):
    with_headcount(store, data["backend"].id, 2)
    app = make_app(store)
    # The picture is of the dialog: the "hired" toast would show behind it or not, depending on timing.
    app.notify = lambda *args, **kwargs: None
    assert snap_compare(app, terminal_size=size, run_before=_open_fill_offer)


async def _open_hire_confirm(pilot) -> None:
    await settle(pilot)
    await pilot.press("l", "l", "l", ">")
    await settle(pilot)


async def _open_fill_offer(pilot) -> None:
    """Hire, decline the offer, and ask again once the board has scrolled to the hire: at 80x24 the columns
    behind the first offer may or may not have scrolled yet when it opens."""
    await _open_hire_confirm(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FillJobOffer)
    await pilot.press("n")
    await settle(pilot)
    board = pilot.app.screen
    board.offer_filled(board.job.id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, FillJobOffer)


async def test_the_dialogs_show_names_and_titles_literally(store):
    """A name with markup and an escape sequence is shown as typed, in the question and the offer."""
    data = seed_board(store, strange=True)
    bob = next(app_id for name, app_id in data["ids"].items() if name == "[b]Bob[/b]")
    offer = data["stages"][3].id
    store.applications.move_to_stage(bob, offer, store.applications.get(bob).version)
    with_headcount(store, data["backend"].id, 2)
    with store.db.transaction() as s:
        s.execute(
            update(Job).where(Job.id == data["backend"].id).values(title="Backend [i]Eng[/i] \x1b[31mX")
        )
    async with started(store) as (app, pilot, board):
        await burst(pilot, "lllj>")
        assert isinstance(app.screen, HireConfirm)
        text = dialog_text(app)
        assert "Hire [b]Bob[/b]?" in text and "of Backend [i]Eng[/i] \ufffd[31mX." in text
        await burst(pilot, "y")
        assert stage_of(store, bob) == (data["stages"][4].id, "hired")
        assert isinstance(app.screen, FillJobOffer)
        assert "Mark Backend [i]Eng[/i] \ufffd[31mX filled?" in dialog_text(app)
