"""A 5,000-applicant job opens, scrolls and moves cards without mounting a widget per card."""

from __future__ import annotations

from board_data import bulk_job, events, make_app, stage_of
from helpers import settle

from pipeline_tui.screens.board.screen import BoardScreen

WIDGET_LIMIT = 120  # the whole screen: header, footer, columns and their scrollbars; never one per card


async def test_five_thousand_applicants_mount_a_bounded_number_of_widgets(store):
    job_id = bulk_job(store, "Huge search", 5000)
    stages = store.jobs.stages(job_id)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert board.job.id == job_id
        applied = board.column(stages[0].id).cards
        assert len(applied.cards) == 5000
        assert "5000 active" in str(board.query_one("#job-bar").render())
        assert len(app.screen.query("*")) < WIDGET_LIMIT
        # Scroll to the bottom: the last card is drawn, still no new widgets.
        await pilot.press("end")
        await settle(pilot)
        last = applied.cards[-1]
        assert applied.cursor == 4999
        visible = "".join(applied.render_line(y).text for y in range(applied.size.height))
        assert last.full_name in visible
        assert applied.scroll_offset.y > 0
        await pilot.press("pageup")
        await settle(pilot)
        assert applied.cursor < 4999
        moving = board.current_card
        await pilot.press(">")
        await settle(pilot)
        assert stage_of(store, moving.application.id) == (stages[1].id, "active")
        assert events(store, moving.application.id) == ["applied", "move"]
        assert len(applied.cards) == 4999
        assert [c.application.id for c in board.column(stages[1].id).cards.cards] == [moving.application.id]
        assert len(app.screen.query("*")) < WIDGET_LIMIT
        # Filtering 5,000 cards keeps the widget count too.
        await pilot.press("/", *"04999")
        await settle(pilot)
        assert [c.full_name for c in applied.cards] == ["Bulk Person 04999"]
        assert len(app.screen.query("*")) < WIDGET_LIMIT
