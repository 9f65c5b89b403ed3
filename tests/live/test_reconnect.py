"""A reader survives the server going away: it says so, reconnects by itself, and misses nothing."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from board_data import make_app, seed_board

from pipeline_tui.store import Store


def _wait(predicate, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def _move(store: Store, data: dict, name: str, stage_index: int) -> None:
    app_id = data["ids"][name]
    store.applications.move_to_stage(
        app_id, data["stages"][stage_index].id, store.applications.get(app_id).version
    )


# The id says [postgres], so CI counts these with the PostgreSQL half (a skip there fails CI).
ONLY_POSTGRES = pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])


@ONLY_POSTGRES
def test_the_watch_reconnects_after_the_server_restarts_and_catches_up(backend, private_pg):
    ann = Store.open(private_pg.url, actor="ann@example.com")
    ben = Store.open(private_pg.url, actor="ben@example.com")
    statuses: list[bool] = []
    seen = []
    got = threading.Event()
    watch = ben.watch(
        lambda b: (seen.extend(b.changes), got.set()),
        lambda ok, _why: statuses.append(ok),
        poll=0.2,
        retry=0.3,
    )
    try:
        data = seed_board(ann)
        watch.start()
        assert _wait(lambda: watch.connected is True)
        private_pg.stop()
        assert _wait(lambda: watch.connected is False), "the lost link was not noticed"
        private_pg.start()
        assert _wait(lambda: watch.connected is True, 20), "the watch did not reconnect by itself"
        assert statuses[:3] == [True, False, True]
        _move(ann, data, "Ada Lovelace", 1)  # ann's pool connections were cut too: pre-ping renews them
        assert got.wait(2.0), "a move after the restart did not arrive within 2 s"
        assert [c.kind for c in seen] == ["moved"]
    finally:
        watch.stop()
        ann.close()
        ben.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_reader_that_was_stopped_catches_up_exactly(backend, tmp_path, fresh_pg_url):
    url = str(tmp_path / "team.db") if backend == "sqlite" else fresh_pg_url()
    ann = Store.open(url, actor="ann@example.com")
    ben = Store.open(url, actor="ben@example.com")
    seen = []
    watch = ben.watch(lambda b: seen.extend(b.changes), poll=0.2)
    try:
        data = seed_board(ann)
        watch.start()
        assert _wait(lambda: watch.connected is True)
        watch.stop()  # the laptop sleeps
        where = watch.last_seq
        for index, name in enumerate(["Ada Lovelace", "Grace Hopper", "Alan Turing"], start=1):
            _move(ann, data, name, index)
        later = ben.watch(lambda b: seen.extend(b.changes), poll=0.2)
        later.start(from_seq=where)  # and wakes up where it was
        assert _wait(lambda: len(seen) >= 3)
        time.sleep(0.5)
        later.stop()
        assert [c.text.split(" to ")[0] for c in seen] == [
            "ann moved Ada Lovelace",
            "ann moved Grace Hopper",
            "ann moved Alan Turing",
        ]
        assert len({c.seq for c in seen}) == 3
    finally:
        watch.stop()
        ann.close()
        ben.close()


@ONLY_POSTGRES
async def test_the_header_says_offline_while_the_server_is_down(backend, private_pg):
    mine = Store.open(private_pg.url, actor="me@example.com")
    seed_board(mine)
    app = make_app(mine)
    app.settings = replace(app.settings, live_poll=0.2)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if app.live is not None and app.live.connected:
                    break
            app.live.retry = 0.3
            assert "offline" not in app.title
            private_pg.stop()
            for _ in range(200):
                await pilot.pause(0.05)
                if "offline" in app.title:
                    break
            assert app.title.endswith("offline: reconnecting…")
            assert any(n.startswith("Lost the connection to the database") for n in app.said)
            private_pg.start()
            for _ in range(400):
                await pilot.pause(0.05)
                if "offline" not in app.title:
                    break
            assert "offline" not in app.title
            assert "Back online: caught up with every change made meanwhile." in app.said
    finally:
        mine.close()
