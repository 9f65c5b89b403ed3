"""Migration 0006_hiring_team from the revision before it, with data, on SQLite and PostgreSQL: every row is
kept, free-text hiring managers, recruiters and actors become team members the rows point at, the old stage
kinds become active, and SQLite's foreign keys are still enforced afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from test_migrations import T0, T1, _insert_baseline_rows, at_revision_before

from pipeline_tui.store import Store
from pipeline_tui.store.database import resolve_url
from pipeline_tui.store.dialects import dialect_for
from pipeline_tui.store.migrations import runner

REVISION = "0006_hiring_team"
TABLES = ("candidate", "job", "stage", "application", "stage_event", "activity", "pool_member")


def _at_previous(any_db_url: str) -> dict[str, int]:
    """The database at the revision before, with the baseline rows and a second job whose team and
    history name people as free text; returns the row count of each table."""
    engine, _previous = at_revision_before(any_db_url, REVISION)
    with engine.begin() as conn:
        _insert_baseline_rows(conn)
        conn.execute(
            text("UPDATE job SET hiring_manager = 'Priya Raman', recruiter = 'Jonas Weber' WHERE id = 1")
        )
        conn.execute(
            text(
                "INSERT INTO job (id, title, status, hiring_manager, recruiter, headcount, created_at) "
                "VALUES (2, 'Designer', 'closed', 'Jonas Weber', 'old', 0, :t)"
            ),
            {"t": T0},
        )
        conn.execute(
            text(
                "INSERT INTO stage (id, job_id, position, name, kind) VALUES "
                "(4, 2, 0, 'New', 'applied'), (5, 2, 1, 'Chat', 'interview'), (6, 2, 2, 'Offer', 'offer'), "
                "(7, 2, 3, 'Hired', 'hired')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stage_event (id, application_id, to_stage_id, to_stage_name, to_status, action, at,"
                " actor) VALUES (3, 1, 2, 'Tech screen', 'active', 'move', :t, NULL)"
            ),
            {"t": T1},
        )
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
        # Rows were written with their ids: PostgreSQL's id sequences move past them.
        dialect_for(engine.dialect.name).sync_id_sequences(conn, [t for t in TABLES if t != "pool_member"])
    engine.dispose()
    return counts


def test_upgrade_keeps_every_row_and_makes_team_members_of_the_names(any_db_url):
    before = _at_previous(any_db_url)
    store = Store.open(any_db_url, actor="tester")
    try:
        with store.db.engine.connect() as conn:
            after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
            events = conn.execute(text("SELECT id, actor, actor_id FROM stage_event ORDER BY id")).all()
            notes = conn.execute(text("SELECT actor, actor_id FROM activity")).all()
            kinds = conn.execute(text("SELECT id, kind FROM stage ORDER BY id")).all()
        assert after == before
        members = {m.name: m for m in store.team.list()}
        assert set(members) == {"Priya Raman", "Jonas Weber", "old", "sam"}
        assert members["Priya Raman"].role == "hiring_manager"
        assert members["Jonas Weber"].role == "hiring_manager", "one member per name: the first role wins"
        assert all(m.email is None and m.active for m in members.values())
        backend, designer = store.jobs.get(1), store.jobs.get(2)
        assert (backend.hiring_manager, backend.recruiter) == ("Priya Raman", "Jonas Weber")
        assert (designer.hiring_manager, designer.recruiter) == ("Jonas Weber", "old")
        assert designer.headcount == 1, "a headcount of 0 becomes 1 (the new rule)"
        assert (backend.status, designer.status) == ("open", "closed")
        assert [(e.id, e.actor, e.actor_id) for e in events] == [
            (1, "old", members["old"].id),
            (2, "old", members["old"].id),
            (3, None, None),
        ]
        assert notes == [("sam", members["sam"].id)]
        assert [k for _, k in kinds] == ["active", "active", "hired", "active", "active", "offer", "hired"]
        # History still reads as it did, and the pipeline still works on the migrated rows.
        assert [e.to_stage_name for e in store.applications.history(1)] == [
            "Applied",
            "Tech screen",
            "Tech screen",
        ]
        app = store.applications.get(1)
        hired = store.applications.hire(app.id, app.version)
        assert hired.status == "hired"
        assert store.applications.history(1)[-1].actor == "tester"
    finally:
        store.close()


def test_foreign_keys_are_enforced_after_the_upgrade(any_db_url):
    _at_previous(any_db_url)
    store = Store.open(any_db_url, actor="tester")
    try:
        if store.db.is_sqlite:
            with store.db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError), store.db.engine.begin() as conn:
            conn.execute(text("UPDATE job SET hiring_manager_id = 4242 WHERE id = 1"))
    finally:
        store.close()


def test_search_still_follows_notes_after_the_upgrade(any_db_url):
    """activity was rebuilt on SQLite: its search triggers (and candidate's, which read it) were made again."""
    _at_previous(any_db_url)
    store = Store.open(any_db_url, actor="tester")
    try:
        store.activities.add(1, "note", "speaks fluent quenya")
        found = store.prospects.page("all", "quenya", limit=10)
        assert [p.full_name for p in found] == ["Ann Lee"]
    finally:
        store.close()


def test_downgrade_puts_the_names_back(any_db_url):
    from alembic import command

    _at_previous(any_db_url)
    scripts = runner.script_revisions()
    previous = scripts[scripts.index(REVISION) - 1]
    Store.open(any_db_url).close()
    engine = create_engine(resolve_url(any_db_url))
    try:
        with engine.begin() as conn:
            command.downgrade(runner.config(conn), previous)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert not {"team_member", "job_event", "job_interviewer"} & tables
            jobs = conn.execute(text("SELECT id, hiring_manager, recruiter FROM job ORDER BY id")).all()
            assert jobs == [(1, "Priya Raman", "Jonas Weber"), (2, "Jonas Weber", "old")]
            kinds = [
                r[0] for r in conn.execute(text("SELECT kind FROM stage WHERE job_id = 1 ORDER BY position"))
            ]
            assert kinds == ["applied", "interview", "hired"]
            assert conn.execute(text("SELECT count(*) FROM stage_event")).scalar() == 3
    finally:
        engine.dispose()
