"""The app tells its user what others changed, and the header says when the link to the database is lost."""

from __future__ import annotations

from dataclasses import replace

from board_data import make_app, seed_board

from pipeline_tui.store import Store


async def test_a_move_by_another_user_is_told_literally(tmp_path):
    mine = Store.open(str(tmp_path / "team.db"), actor="me@example.com")
    theirs = Store.open(str(tmp_path / "team.db"), actor="Ann [b]Lee[/b]")
    data = seed_board(mine)
    app = make_app(mine, tmp_path=tmp_path)
    app.settings = replace(app.settings, live_poll=0.2)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):
                await pilot.pause(0.05)
                if app.live is not None and app.live.connected:
                    break
            app_id = data["ids"]["Grace Hopper"]
            rec = theirs.applications.get(app_id)
            theirs.applications.move_to_stage(app_id, data["stages"][3].id, rec.version)
            for _ in range(60):
                await pilot.pause(0.05)
                if any("moved Grace Hopper" in n for n in app.said):
                    break
            stage = data["stages"][3].name
            assert f"Ann [b]Lee[/b] moved Grace Hopper to {stage}" in app.said
    finally:
        theirs.close()
        mine.close()
