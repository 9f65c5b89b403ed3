"""The demo's activity feed tells its story: every move, note and touch, interview, submitted scorecard and
offer of its weeks of history, in the order they happened, each with who made it (the bulk-written history
included)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from pipeline_tui.core.change_records import FeedQuery
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.hiring_tables import HiringEvent
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


def test_the_demo_feed_tells_its_interviews_scorecards_and_offers_as_they_happened(tmp_path):
    store = Store.open(str(tmp_path / "demo.db"), actor="tester")
    try:
        build_demo(store.db, now=NOW)
        with store.db.transaction() as s:
            told = [
                (subject, action, at)
                for subject, action, at in s.execute(
                    select(HiringEvent.subject, HiringEvent.action, HiringEvent.at)
                )
                if not (subject == "scorecard" and action == "drafted") and subject != "round"
            ]
            logged = s.execute(select(ChangeLog.entity, ChangeLog.kind, ChangeLog.at)).all()
        hiring = [
            (entity, kind, at) for entity, kind, at in logged if entity in ("interview", "scorecard", "offer")
        ]
        assert told and len(hiring) == len(
            told
        )  # one line per event told, none from the demo's own writing time
        assert sorted(at for *_, at in hiring) == sorted(at for *_, at in told)
        kinds = {kind for _, kind, _ in hiring}
        assert {"interview_scheduled", "scorecard_submitted", "offer_created"} <= kinds, kinds
        feed = store.activity_feed.feed(FeedQuery(limit=5000))
        scheduled = next(c for c in feed if c.kind == "interview_scheduled")
        assert scheduled.text.startswith(
            f"{scheduled.actor} scheduled an interview with {scheduled.subject} ("
        )
        offered = next(c for c in feed if c.kind == "offer_created")
        assert offered.text == f"{offered.actor} drafted an offer for {offered.subject} (version 1)"
    finally:
        store.close()
