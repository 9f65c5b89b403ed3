"""What a move draws: the two columns it touched and nothing else; a board opened again lets the old one go.

The figures (milliseconds) live in bench/board.py; these tests pin the shape that keeps them small: no
repaint of the columns a move did not touch (a full-screen layout or a dirty full-width line repaints all of
them), no extra frame left over by the hidden lane, no list kept alive after its board was replaced.
"""

from __future__ import annotations

import asyncio
import gc
import weakref

from board_data import make_app, seed_board, stage_of
from helpers import settle

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.widgets.stage_column import LANE, CardList


def count_paints(card_list: CardList) -> list[int]:
    """Count the compositor's calls for this list's lines (the compositor asks the widget instance)."""
    paints: list[int] = []
    render_lines = card_list.render_lines

    def counted(crop):  # noqa: ANN001, ANN202 - Textual's Region in, strips out
        paints.append(crop.height)
        return render_lines(crop)

    card_list.render_lines = counted  # type: ignore[method-assign]
    return paints


async def test_a_move_repaints_only_the_columns_it_touched(store):
    data = seed_board(store)
    stages = data["stages"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        alan = board.current_card
        assert alan is not None and alan.application.stage_id == stages[0].id
        untouched = {stage.id: count_paints(board.column(stage.id).cards) for stage in stages[2:]}
        touched = count_paints(board.column(stages[1].id).cards)
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, alan.application.id) == (stages[1].id, "active")
        assert touched, "the column the card entered was drawn"
        assert {key: len(paints) for key, paints in untouched.items()} == dict.fromkeys(untouched, 0)
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, alan.application.id) == (stages[0].id, "active")
        assert {key: len(paints) for key, paints in untouched.items()} == dict.fromkeys(untouched, 0)


async def test_the_hidden_lane_leaves_no_frame_for_the_next_key(store):
    seed_board(store)
    app = make_app(store)
    frames: list[int] = []
    display = app._display

    def counting(screen, update) -> None:  # noqa: ANN001 - every frame the compositor hands the driver
        frames.append(1)
        display(screen, update)

    app._display = counting  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.open_job(board.job.id)
        await app.workers.wait_for_complete()
        for _ in range(30):  # let the board draw without a Pilot call (which wakes every widget)
            await asyncio.sleep(0.02)
        assert not board.column(LANE).display
        drawn = len(frames)
        await pilot.pause()  # wakes every widget, as any later message would
        await pilot.pause()
        assert len(frames) == drawn


async def test_a_board_opened_again_lets_the_previous_lists_go(store):
    data = seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        job_id = board.job.id
        first = board.column(data["stages"][0].id).cards
        other = next(j.job.id for j in store.jobs.list_jobs() if j.job.id != job_id)
        board.open_job(other)
        await settle(pilot)
        # The first board's widgets are frozen out of the collector's sight: they let their cards go.
        assert not first.is_attached and len(first.cards) == 0
        second = weakref.ref(board.column(store.jobs.stages(other)[0].id).cards)
        board.open_job(job_id)
        await settle(pilot)
        await pilot.press("l")  # a focus change: watchers of removed lists are dropped on the next change
        await settle(pilot)
        gc.collect()
        assert second() is None


async def test_a_theme_change_draws_the_cards_in_the_new_colours(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        cards = board.column(board.current_card.application.stage_id).cards
        before = next(iter(cards.render_line(0))).style.bgcolor
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        after = next(iter(cards.render_line(0))).style.bgcolor
        assert before != after


async def test_an_older_write_answered_last_does_not_put_the_card_back(store):
    """A burst of writes is answered from one worker thread each, so answers can come back out of order (seen
    under load: `uuu` left the card drawn one stage off the database's). The newest answer wins."""
    data = seed_board(store)
    stages = data["stages"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        alan = board.current_card
        app_id = alan.application.id
        first = store.applications.move_to_stage(app_id, stages[1].id, alan.application.version)
        second = store.applications.move_to_stage(app_id, stages[2].id, first.version)
        board._show_record(second, follow=True)
        board._show_record(first, follow=True)  # the first write's answer, handled after the second's
        await settle(pilot)
        assert stage_of(store, app_id) == (stages[2].id, "active")
        assert alan.full_name in [c.full_name for c in board.column(stages[2].id).cards.cards]
        assert alan.full_name not in [c.full_name for c in board.column(stages[1].id).cards.cards]
        assert board.current_card.application.id == app_id


def _live_strips() -> int:
    from textual.strip import Strip

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Strip))


async def test_job_switches_do_not_pile_up_the_drawn_lines_of_old_boards(store):
    """Textual keeps up to 1,024 widgets' line caches alive after the widgets are gone (an lru_cache keyed on
    them): each job opened again kept the previous board's drawn lines, a growing heap that every full pass
    of the collector then scanned during a key."""
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        jobs = [j.job.id for j in store.jobs.list_jobs()][:2]
        counts = []
        for i in range(8):
            board.open_job(jobs[i % 2])
            await settle(pilot)
            await pilot.press("l")  # a focus change: watchers of removed lists are dropped on the next change
            await settle(pilot)
            counts.append(_live_strips())
        # Each board draws ~750 lines at 120x40; what a switch still leaves (Textual's own bounded caches) is
        # a small fraction of that.
        per_switch = (counts[-1] - counts[1]) / (len(counts) - 2)
        assert per_switch < 200, " ".join(map(str, counts))


def _full_passes() -> tuple[list[int], object]:
    passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    gc.callbacks.append(seen)
    return passes, seen


async def _first_pass(pilot, passes: list[int]) -> None:
    for _ in range(200):
        if passes:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(TIDY_WAIT)  # a second pass, if there were one, would have started by now
    await pilot.pause()


TIDY_WAIT = 0.2


async def test_a_board_is_tidied_once_drawn_so_the_keys_after_it_never_wait_for_the_collector(store):
    """A new board's thousands of records make the collector due for a full pass over the heap (75 ms on the
    largest job): it is run once the board is drawn, not at a random key (a move or undo that took 3x its
    budget)."""
    data = seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        job_id = board.job.id
        other = next(j.job.id for j in store.jobs.list_jobs() if j.job.id != job_id)
        passes, seen = _full_passes()
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)  # no full pass of the collector's own
        try:
            board.open_job(other)
            await settle(pilot)
            await _first_pass(pilot, passes)  # the other job's board is tidied too: not counted below
            passes.clear()
            board.open_job(job_id)
            await settle(pilot)
            await _first_pass(pilot, passes)
            assert len(passes) == 1, "one full pass once the board was drawn"
            passes.clear()
            alan = board.current_card
            await pilot.press(">")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert passes == []
        finally:
            gc.set_threshold(*thresholds)
            gc.callbacks.remove(seen)
        assert stage_of(store, alan.application.id) == (data["stages"][0].id, "active")
