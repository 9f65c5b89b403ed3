"""Opening databases: URL or path resolution, SQLite pragmas on every connection, one-sentence refusals."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from pipeline_tui.core.errors import DatabaseUnavailable
from pipeline_tui.store import Store
from pipeline_tui.store.database import Database, resolve_url
from pipeline_tui.store.dialects.sqlite import SQLITE_BUSY_TIMEOUT_MS


def test_plain_path_becomes_an_absolute_sqlite_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_url("pipeline.db") == f"sqlite:///{tmp_path / 'pipeline.db'}"
    assert resolve_url(f"  {tmp_path / 'x.db'}  ") == f"sqlite:///{tmp_path / 'x.db'}"


def test_home_is_expanded_in_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_url("~/hiring.db") == f"sqlite:///{tmp_path / 'hiring.db'}"


def test_sqlite_url_is_kept():
    assert resolve_url("sqlite:////var/tmp/p.db") == "sqlite:////var/tmp/p.db"


def test_postgresql_url_gets_the_psycopg_driver():
    assert resolve_url("postgresql://me:secret@db.example.com:5433/hiring") == (
        "postgresql+psycopg://me:secret@db.example.com:5433/hiring"
    )
    assert resolve_url("postgresql+psycopg://me@h/x") == "postgresql+psycopg://me@h/x"


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_url_is_refused(value):
    with pytest.raises(DatabaseUnavailable, match="empty"):
        resolve_url(value)


def test_unknown_scheme_is_refused_without_showing_the_password():
    with pytest.raises(DatabaseUnavailable) as info:
        resolve_url("mysql://root:hunter2@localhost/hiring")
    message = str(info.value)
    assert "mysql" in message and "hunter2" not in message
    assert "\n" not in message


def test_garbage_url_is_refused():
    with pytest.raises(DatabaseUnavailable):
        resolve_url("://nothing")


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="folder"):
        Database.open(str(tmp_path))


def test_missing_file_is_created_in_its_existing_folder(tmp_path):
    path = tmp_path / "pipeline.db"
    db = Database.open(str(path))
    db.close()
    assert path.is_file()


def test_missing_folders_are_never_created(tmp_path):
    path = tmp_path / "deep" / "er" / "pipeline.db"
    with pytest.raises(DatabaseUnavailable, match="no folder"):
        Database.open(str(path))
    assert not (tmp_path / "deep").exists()


def test_missing_file_is_refused_when_creation_is_off(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(DatabaseUnavailable, match="no database"):
        Database.open(str(path), create=False)
    assert not path.exists()


def test_empty_file_is_taken_as_a_new_database(tmp_path):
    path = tmp_path / "touched.db"
    path.touch()
    store = Store.open(str(path))
    try:
        assert store.jobs.list_jobs() == []
        assert "candidate" in store.db.table_names()
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_postgresql_is_one_clear_sentence():
    port = _free_port()  # nothing listens there once the socket is closed
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open(f"postgresql://someone:pw123@127.0.0.1:{port}/hiring")
    message = str(info.value)
    assert message.startswith("cannot open database postgresql+psycopg://someone:***@127.0.0.1")
    assert "pw123" not in message
    assert "\n" not in message


def _pragmas(conn) -> dict[str, object]:
    return {
        name: conn.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    "synchronous": 1,
}


def test_every_sqlite_connection_gets_the_pragmas(tmp_path):
    db = Database.open(str(tmp_path / "p.db"))
    try:
        # Several connections open at once: the pool hands out distinct DBAPI connections.
        conns = [db.engine.connect() for _ in range(3)]
        try:
            raw = {id(c.connection.dbapi_connection) for c in conns}
            assert len(raw) == 3
            for conn in conns:
                assert _pragmas(conn) == EXPECTED_PRAGMAS
        finally:
            for conn in conns:
                conn.close()
        # And the sessions the repositories use.
        with db.transaction() as s:
            assert _pragmas(s.connection()) == EXPECTED_PRAGMAS
    finally:
        db.close()
    assert SQLITE_BUSY_TIMEOUT_MS >= 1000


def test_pragmas_hold_after_reopening(tmp_path):
    path = tmp_path / "p.db"
    Database.open(str(path)).close()
    db = Database.open(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            assert _pragmas(conn) == EXPECTED_PRAGMAS
    finally:
        db.close()


def test_foreign_keys_are_enforced(tmp_path):
    from sqlalchemy.exc import IntegrityError

    db = Database.open(str(tmp_path / "fk.db"))
    try:
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO stage (job_id, position, name, kind) VALUES (424242, 0, 'Ghost', 'active')")
            )
    finally:
        db.close()


def test_database_properties(tmp_path):
    path = tmp_path / "props.db"
    db = Database.open(str(path), actor="rita")
    try:
        assert db.is_sqlite
        assert db.sqlite_path == Path(path)
        assert db.actor == "rita"
        assert db.url == f"sqlite:///{path}"
    finally:
        db.close()


def test_actor_defaults_to_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_USER", "sam")
    db = Database.open(str(tmp_path / "a.db"))
    try:
        assert db.actor == "sam"
    finally:
        db.close()


def test_transaction_rolls_back_when_the_block_raises(store):
    from pipeline_tui.store.models import Job

    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.db.transaction() as s:
        s.add(Job(title="Never saved", status="open", headcount=1))
        s.flush()
        raise Boom
    assert store.jobs.list_jobs() == []


def test_postgresql_database_reports_its_dialect(any_store):
    assert any_store.db.is_sqlite == (any_store.db.engine.dialect.name == "sqlite")
    if not any_store.db.is_sqlite:
        assert any_store.db.sqlite_path is None
        assert any_store.db.engine.url.drivername == "postgresql+psycopg"


def _pg_base_url() -> str:
    import os

    url = os.environ.get("PIPELINE_TUI_TEST_PG_URL")
    if not url:
        pytest.skip("PostgreSQL half skipped: set PIPELINE_TUI_TEST_PG_URL to a server URL (CI does)")
    return url


@pytest.mark.postgres
def test_missing_postgresql_database_is_one_clear_sentence():
    from sqlalchemy.engine import make_url

    url = make_url(_pg_base_url()).set(database="no_such_database_here")
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open(url.render_as_string(hide_password=False))
    message = str(info.value)
    assert "no_such_database_here" in message and "\n" not in message


def test_missing_postgresql_driver_says_how_to_install_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open("postgresql://me@127.0.0.1:1/hiring")
    message = str(info.value)
    assert message.startswith("no driver for postgresql+psycopg")
    assert "pipeline-tui[postgres]" in message and "\n" not in message


@pytest.mark.parametrize("value", ["sqlite://:::", "postgresql://me@host:port/x"])
def test_url_with_a_bad_port_is_refused_in_one_sentence(value):
    with pytest.raises(DatabaseUnavailable, match="not a database URL"):
        resolve_url(value)


# -- read-only opening ---------------------------------------------------------------------------------------


def test_read_only_reads_and_refuses_every_write(any_db_url):
    from sqlalchemy.exc import DBAPIError

    store = Store.open(any_db_url, actor="tester")
    store.jobs.create_job("Data Analyst")
    store.close()
    db = Database.open(any_db_url, read_only=True)
    try:
        reader = Store(db)
        assert [j.job.title for j in reader.jobs.list_jobs()] == ["Data Analyst"]
        with pytest.raises(DBAPIError, match="(?i)read.?only"):
            reader.jobs.create_job("Never written")
    finally:
        db.close()
    check = Store.open(any_db_url)
    try:
        assert [j.job.title for j in check.jobs.list_jobs()] == ["Data Analyst"]
    finally:
        check.close()


def test_read_only_never_creates_and_refuses_an_empty_database(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="no database"):
        Database.open(str(tmp_path / "absent.db"), read_only=True)
    assert not (tmp_path / "absent.db").exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(DatabaseUnavailable, match="no pipeline-tui data yet"):
        Database.open(str(empty), read_only=True)
    assert empty.read_bytes() == b""


def test_a_new_sqlite_file_is_switched_to_wal_once_created(tmp_path):
    path = tmp_path / "new.db"
    Database.open(str(path)).close()
    assert path.read_bytes()[18:20] == b"\x02\x02"
