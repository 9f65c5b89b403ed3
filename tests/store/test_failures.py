"""Database failures reach a user as one sentence: a busy database as DatabaseBusy, others without SQL."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from pipeline_tui.core.errors import DatabaseBusy
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store, describe_failure
from pipeline_tui.store.dialects import sqlite as sqlite_dialect

SQL_WORDS = ("SELECT", "UPDATE", "INSERT", "[SQL", "parameters", "WHERE")


def _board(store: Store):
    job = store.jobs.create_job("Backend Engineer")
    stages = store.jobs.stages(job.id)
    ann = store.candidates.add(CandidateInput.parse(full_name="Ann Lee", email="ann@example.com"))
    return stages, store.applications.apply(ann.id, job.id)


def _count_updates(engine) -> dict[str, int]:
    seen = {"n": 0}

    def count(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("UPDATE APPLICATION"):
            seen["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    return seen


def test_a_write_while_another_connection_holds_the_sqlite_write_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_dialect, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "busy.db"
    store = Store.open(str(path), actor="tester")
    try:
        stages, app = _board(store)
        updates = _count_updates(store.db.engine)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with pytest.raises(DatabaseBusy) as err:
                store.applications.move_to_stage(app.id, stages[1].id, app.version)
        finally:
            other.execute("ROLLBACK")
            other.close()
        message = str(err.value)
        assert "busy" in message and "try again" in message
        assert not any(word in message for word in SQL_WORDS), message
        assert err.value.__cause__ is None and err.value.__suppress_context__
        assert updates["n"] == 2, "a short single write is retried once before giving up"
        # Nothing was written, and once the lock is gone the same move goes through.
        assert [e.action for e in store.applications.history(app.id)] == ["applied"]
        moved = store.applications.move_to_stage(app.id, stages[1].id, app.version)
        assert moved.stage_id == stages[1].id
    finally:
        store.close()


def test_a_lock_timeout_on_postgres_is_database_busy(pg_store):
    any_store = pg_store
    stages, app = _board(any_store)
    engine = any_store.db.engine
    engine.dispose()
    event.listen(engine, "connect", lambda dbapi_conn, _record: _short_lock_timeout(dbapi_conn))
    other = Store.open(engine.url.render_as_string(hide_password=False), actor="other")
    try:
        with other.db.engine.connect() as holder:
            holder.execute(text("SELECT id FROM application WHERE id = :id FOR UPDATE"), {"id": app.id})
            with pytest.raises(DatabaseBusy) as err:
                any_store.applications.move_to_stage(app.id, stages[1].id, app.version)
            holder.rollback()
    finally:
        other.close()
    assert not any(word in str(err.value) for word in SQL_WORDS), str(err.value)
    assert [e.action for e in any_store.applications.history(app.id)] == ["applied"]


def _short_lock_timeout(dbapi_conn) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("SET lock_timeout = '100ms'")
    cursor.close()
    dbapi_conn.commit()


def test_describe_failure_is_one_line_without_sql(any_store):
    any_store.candidates.add(CandidateInput.parse(full_name="Ann", email="ann@example.com"))
    with pytest.raises(IntegrityError) as err, any_store.db.transaction() as s:
        s.execute(
            text("INSERT INTO candidate (full_name, email, consent_status, created_at, updated_at) "
                 "VALUES ('Bo', 'ann@example.com', 'unknown', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        )  # fmt: skip
    message = describe_failure(err.value)
    assert message is not None and message.startswith("database error: ")
    assert "\n" not in message
    assert not any(word in message for word in SQL_WORDS), message
    assert describe_failure(ValueError("not a database failure")) is None
