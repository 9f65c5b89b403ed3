"""The change log followed live: a move by one user reaches another's watch within 2 s, exactly once."""

from __future__ import annotations

import threading
import time

from board_data import seed_board

from pipeline_tui.store import Store


def _wait(predicate, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_move_by_another_user_reaches_the_watch(any_db_url):
    ann = Store.open(any_db_url, actor="ann@example.com")
    ben = Store.open(any_db_url, actor="ben@example.com")
    try:
        data = seed_board(ann)
        batches = []
        got = threading.Event()
        watch = ben.watch(lambda b: (batches.append(b), got.set()), poll=0.2)
        watch.start()
        assert _wait(lambda: watch.connected is True)
        app_id = data["ids"]["Ada Lovelace"]
        rec = ann.applications.get(app_id)
        started = time.monotonic()
        ann.applications.move_to_stage(app_id, data["stages"][2].id, rec.version)
        assert got.wait(2.0), "the move did not arrive within 2 s"
        assert time.monotonic() - started < 2.0
        changes = [c for b in batches for c in b.changes]
        assert [c.text for c in changes] == [f"ann moved Ada Lovelace to {data['stages'][2].name}"]
        assert changes[0].job_id == data["backend"].id
        # Ben's own move is not handed back to Ben.
        got.clear()
        rec = ben.applications.get(app_id)
        ben.applications.move_to_stage(app_id, data["stages"][3].id, rec.version)
        time.sleep(1.0)
        assert not got.is_set()
        watch.stop()
    finally:
        ann.close()
        ben.close()
