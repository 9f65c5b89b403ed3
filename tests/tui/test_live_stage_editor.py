"""An open stage editor follows others: a stage someone else renames (or adds) is shown as it is now, with
who did it, so a rename of mine never goes over theirs unseen."""

from __future__ import annotations

from dataclasses import replace

from board_data import make_app, seed_board
from helpers import press, settle
from jobs_helpers import open_jobs, text_of

from pipeline_tui.screens.jobs.stage_editor import StageEditor
from pipeline_tui.store import Store


async def test_the_stage_editor_shows_a_rename_made_by_someone_else(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Carl")
    app = make_app(mine, tmp_path=tmp_path)
    app.settings = replace(app.settings, live_poll=0.2)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            jobs = await open_jobs(pilot)
            jobs.table.move_cursor(row=jobs.table.get_row_index(str(data["backend"].id)))
            await press(pilot, "p")
            editor = app.screen
            assert isinstance(editor, StageEditor)
            await settle(pilot)
            editor.table.move_cursor(row=3)  # on Offer
            assert editor.current_stage.name == "Offer"
            theirs.jobs.rename_stage(data["stages"][3].id, "Offer made")
            for _ in range(100):
                await pilot.pause(0.05)
                if editor.current_stage is not None and editor.current_stage.name == "Offer made":
                    break
            assert editor.current_stage.name == "Offer made"  # the cursor stayed on the stage
            assert str(editor.table.get_row_at(3)[1]) == "Offer made"
            said = text_of(editor, "#stage-message")
            assert said.startswith("Carl changed the stages of Backend Engineer")
            assert said.endswith("the stages are shown as they are now")
    finally:
        theirs.close()
        mine.close()
