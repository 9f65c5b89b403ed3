"""The demo's activity feed tells its story: every move, note and touch of its weeks of history, in the order
they happened, each with who made it (the bulk-written history included)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from pipeline_tui.core.change_records import FeedQuery
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.models import Activity, StageEvent

NOW = datetime(2026, 11, 20, 9, 30)


def test_the_demo_feed_is_its_history_in_time_order(tmp_path):
    store = Store.open(str(tmp_path / "demo.db"), actor="tester")
    try:
        build_demo(store.db, now=NOW)
        with store.db.transaction() as s:
            events = s.scalar(select(func.count()).select_from(StageEvent))
            activities = s.scalar(select(func.count()).select_from(Activity))
            logged = s.execute(select(ChangeLog.seq, ChangeLog.at).order_by(ChangeLog.seq)).all()
            moves = s.scalar(select(func.count()).where(ChangeLog.kind == "moved"))
        assert len(logged) >= events + activities
        assert moves > 50
        times = [at for _, at in logged]
        assert times == sorted(times), "the log is not in the order things happened"
        feed = store.activity_feed.feed(FeedQuery(limit=500))
        assert all(change.actor for change in feed)
        moved = next(c for c in feed if c.kind == "moved")
        assert moved.text.startswith(f"{moved.actor} moved {moved.subject} to ")
    finally:
        store.close()
