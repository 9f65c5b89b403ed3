"""A locked database on screen: the user reads the one sentence that says to try again, never SQL."""

from __future__ import annotations

import sqlite3

from board_data import make_app, seed_board
from helpers import said, settle

from pipeline_tui.store import Store
from pipeline_tui.store.dialects import sqlite as sqlite_dialect

SQL_WORDS = ("SQL", "UPDATE", "INSERT", "OperationalError", "sqlite3", "[parameters")


async def test_a_move_while_another_user_holds_the_write_lock_says_busy_then_works(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_dialect, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "busy.db"
    store = Store.open(str(path), actor="tester")
    try:
        seed_board(store)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            card = app.screen.current_card
            before = store.applications.get(card.application.id)
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # another user's long write holds the lock
            try:
                await pilot.press("greater_than_sign")
                await settle(pilot)
            finally:
                other.execute("ROLLBACK")
                other.close()
            shown = said(app)[-1]
            assert "database is busy" in shown and "try again" in shown, shown
            assert not any(word in shown for word in SQL_WORDS), shown
            assert store.applications.get(card.application.id).stage_id == before.stage_id
            await pilot.press("greater_than_sign")
            await settle(pilot)
            assert store.applications.get(card.application.id).stage_id != before.stage_id
    finally:
        store.close()
