"""Shared fixtures: real SQLite files under tmp_path, and the real PostgreSQL when CI provides one."""

from __future__ import annotations

import os
import uuid

import pytest

from pipeline_tui.store import Store

PG_ENV = "PIPELINE_TUI_TEST_PG_URL"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Keep every test's state and config files out of the real user dirs."""
    monkeypatch.setenv("PIPELINE_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PIPELINE_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("PIPELINE_TUI_DB", raising=False)
    monkeypatch.setenv("PIPELINE_TUI_USER", "tester")
    # Times are shown in the user's zone: UTC unless a test says otherwise, whatever zone the machine is in.
    monkeypatch.setenv("PIPELINE_TUI_TZ", "UTC")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "pipeline.db"


@pytest.fixture
def store(db_path):
    """A fresh SQLite-file store at the head schema."""
    st = Store.open(str(db_path), actor="tester")
    yield st
    st.close()


def _admin(base_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url, create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture
def fresh_pg_url():
    """Makes a new, empty PostgreSQL database per call, so tests never see each other's rows; each is
    dropped when the test ends (thousands left behind slow the server down for every later test)."""
    from sqlalchemy import text

    made: list[tuple[str, str]] = []

    def make() -> str:
        base = os.environ.get(PG_ENV)
        if not base:
            pytest.skip(f"PostgreSQL half skipped: set {PG_ENV} to a server URL (CI does)")
        url, admin = _admin(base)
        name = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        made.append((base, name))
        return url.set(database=name).render_as_string(hide_password=False)

    yield make
    for base, name in made:
        _, admin = _admin(base)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request, tmp_path, fresh_pg_url):
    """The same store tests on a SQLite file and, when PIPELINE_TUI_TEST_PG_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        st = Store.open(str(tmp_path / "any.db"), actor="tester")
    else:
        st = Store.open(fresh_pg_url(), actor="tester")
    yield st
    st.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path, fresh_pg_url):
    """A URL for a new, empty database: a SQLite file and, when PIPELINE_TUI_TEST_PG_URL is set, PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "any.db")
    return fresh_pg_url()


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def pg_store(request, fresh_pg_url):
    """A store on PostgreSQL only, for behaviour SQLite does not have (row locks and their timeouts)."""
    st = Store.open(fresh_pg_url(), actor="tester")
    yield st
    st.close()
