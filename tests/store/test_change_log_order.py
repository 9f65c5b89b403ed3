"""The change log under concurrent writers: four users moving cards at once (each on a Store of their own)
while a fifth follows the log. The reader ends with every change exactly once and no gap against the table:
sequence numbers are committed in the order they are handed out (PostgreSQL's advisory lock; SQLite's one
writer), so a reader that saw a number never misses a smaller one committed later."""

from __future__ import annotations

import random
import threading
import time

from sqlalchemy import event, select

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog

WRITERS, MOVES = 4, 50


def slow_commits(store: Store) -> None:
    """A few milliseconds between a transaction's log rows and its commit (a slow network, a busy server):
    without the ordering, another writer's later number commits first and is seen first (with the advisory
    lock taken out, this test failed 4 runs in 4 on PostgreSQL)."""

    def lag(_conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CHANGE_LOG"):
            time.sleep(random.uniform(0.002, 0.03))

    event.listen(store.db.engine, "after_cursor_execute", lag)


def test_concurrent_writers_are_read_exactly_once_in_order(any_db_url):
    setup = Store.open(any_db_url, actor="setup")
    job = setup.jobs.create_job("Backend Engineer")
    stages = setup.jobs.stages(job.id)
    apps = []
    for i in range(WRITERS):
        who = setup.candidates.add(CandidateInput.parse(full_name=f"Person {i}", email=f"p{i}@example.com"))
        apps.append(setup.applications.apply(who.id, job.id))
    reader = Store.open(any_db_url, actor="reader")
    writers = [Store.open(any_db_url, actor=f"writer{i}@example.com") for i in range(WRITERS)]
    for store in writers:
        slow_commits(store)
    start = reader.changes.latest_seq()
    seen: list[int] = []
    overflowed: list[bool] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def follow() -> None:
        last = start
        try:
            while True:
                finished = done.is_set()  # read once more after the writers are done: the last of it
                batch = reader.changes.changes_since(last)
                overflowed.append(batch.overflow)
                seen.extend(c.seq for c in batch.changes)
                last = batch.last_seq
                if finished:
                    return
                time.sleep(0.002)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    def write(i: int) -> None:
        store, app = writers[i], apps[i]
        version = app.version
        try:
            for n in range(MOVES):
                # Applied -> Phone screen -> Interview -> Phone screen -> ...: never where it is.
                moved = store.applications.move_to_stage(app.id, stages[1 + n % 2].id, version)
                version = moved.version
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    following = threading.Thread(target=follow)
    moving = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    try:
        following.start()
        for t in moving:
            t.start()
        for t in moving:
            t.join(120)
        done.set()
        following.join(30)
        assert not errors, errors
        assert not any(overflowed)
        with setup.db.transaction() as s:
            table = list(
                s.scalars(select(ChangeLog.seq).where(ChangeLog.seq > start).order_by(ChangeLog.seq))
            )
            actors = list(s.scalars(select(ChangeLog.actor).where(ChangeLog.seq > start)))
        assert len(table) == WRITERS * MOVES
        assert len(seen) == WRITERS * MOVES and len(set(seen)) == len(seen)  # every change, once
        assert seen == table  # in order, and nothing the table has was skipped
        assert sorted(actors) == sorted(f"writer{i}" for i in range(WRITERS) for _ in range(MOVES))
    finally:
        for store in (setup, reader, *writers):
            store.close()
