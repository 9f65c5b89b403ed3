"""Schema migrations: new databases start at head, older ones are upgraded with their data, newer ones refused.

The head revision is never written down here: another migration may land at any time, and these tests must
keep passing (and keep meaning something) when it does.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime

import pytest
from sqlalchemy import create_engine, inspect, text

from pipeline_tui.core.errors import DatabaseUnavailable, SchemaTooNew
from pipeline_tui.store import Store, schema
from pipeline_tui.store.database import Database, resolve_url
from pipeline_tui.store.migrations import runner
from pipeline_tui.store.models import Base

BASELINE = "0001_baseline"
T0 = datetime(2026, 1, 5, 9, 30)
T1 = datetime(2026, 1, 12, 14, 0)


def _revision(url: str) -> str | None:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            return schema.current_revision(conn)
    finally:
        engine.dispose()


def at_revision_before(any_db_url: str, revision: str):
    """A new database migrated to the revision just before `revision`: (engine, that revision's id)."""
    scripts = runner.script_revisions()
    previous = scripts[scripts.index(revision) - 1]
    engine = create_engine(resolve_url(any_db_url))
    with engine.begin() as conn:
        runner.upgrade(conn, previous)
    return engine, previous


def test_known_revisions_match_the_migration_scripts():
    scripts = runner.script_revisions()
    assert scripts, "no migration scripts found"
    assert scripts[0] == BASELINE
    assert list(schema.KNOWN_REVISIONS) == scripts
    assert schema.HEAD == scripts[-1]


def test_empty_database_is_created_at_head(any_db_url):
    db = Database.open(any_db_url)
    try:
        tables = set(db.table_names())
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        assert "alembic_version" in tables
        with db.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.HEAD
            assert schema.status(conn) == "current"
            # The baseline seeds the managed list of rejection reasons, in both groups.
            cats = {row[0] for row in conn.execute(text("SELECT DISTINCT category FROM rejection_reason"))}
            assert cats == {"rejected", "withdrew"}
    finally:
        db.close()


def test_schema_at_head_matches_the_models(any_db_url):
    """Every table, column and index the models declare exists in a migrated database, with the same type."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database.open(any_db_url)
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(ctx, Base.metadata)
    finally:
        db.close()

    def op_name(diff) -> str:
        first = diff[0]
        return first[0] if isinstance(first, tuple) else first

    # Extra objects in the database (search indexes, triggers, ...) are a migration's business; missing or
    # different ones mean the models and the migrations disagree.
    missing = [d for d in diffs if op_name(d).startswith(("add_", "modify_"))]
    assert missing == []


def _insert_baseline_rows(conn) -> None:
    """Rows written with the baseline's own columns, as a user of that version would have them."""
    conn.execute(
        text(
            "INSERT INTO candidate (id, full_name, email, consent_status, created_at, updated_at) "
            "VALUES (1, 'Ann Lee', 'ann@example.com', 'given', :t, :t), "
            "(2, 'Bo Chen', NULL, 'unknown', :t, :t)"
        ),
        {"t": T0},
    )
    conn.execute(
        text(
            "INSERT INTO job (id, title, status, headcount, created_at) VALUES (1, 'Backend Engineer', 'open', 2, :t)"
        ),
        {"t": T0},
    )
    conn.execute(
        text(
            "INSERT INTO stage (id, job_id, position, name, kind) VALUES "
            "(1, 1, 0, 'Applied', 'applied'), (2, 1, 1, 'Tech screen', 'screen'), (3, 1, 2, 'Hired', 'hired')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO application (id, candidate_id, job_id, stage_id, status, source, applied_at, "
            "stage_entered_at, rating, version, updated_at) VALUES (1, 1, 1, 2, 'active', 'referral', :t0, :t1, 2, 3, :t1)"
        ),
        {"t0": T0, "t1": T1},
    )
    conn.execute(
        text(
            "INSERT INTO stage_event (id, application_id, from_stage_id, to_stage_id, from_stage_name, "
            "to_stage_name, from_status, to_status, action, at, actor) VALUES "
            "(1, 1, NULL, 1, NULL, 'Applied', NULL, 'active', 'applied', :t0, 'old'), "
            "(2, 1, 1, 2, 'Applied', 'Tech screen', 'active', 'active', 'move', :t1, 'old')"
        ),
        {"t0": T0, "t1": T1},
    )
    conn.execute(
        text(
            "INSERT INTO pool (id, name, description, owner, created_at) VALUES (1, 'Rust folks', NULL, 'sam', :t)"
        ),
        {"t": T0},
    )
    conn.execute(
        text(
            "INSERT INTO pool_member (pool_id, candidate_id, added_at, added_by, status) "
            "VALUES (1, 2, :t, 'sam', 'contacted')"
        ),
        {"t": T0},
    )
    conn.execute(text("INSERT INTO tag (id, name, name_key) VALUES (1, 'Rust', 'rust')"))
    conn.execute(text("INSERT INTO candidate_tag (candidate_id, tag_id) VALUES (2, 1)"))
    conn.execute(
        text(
            "INSERT INTO activity (id, candidate_id, kind, body, at, actor) VALUES (1, 2, 'note', 'met at a meetup', :t, 'sam')"
        ),
        {"t": T0},
    )
    if conn.dialect.name == "postgresql":
        # Explicit ids leave PostgreSQL's sequences behind; move them on as a real history would have.
        for table in ("candidate", "job", "stage", "application", "stage_event", "pool", "tag", "activity"):
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )


def test_database_at_baseline_is_upgraded_on_open_and_keeps_its_data(any_db_url):
    url = resolve_url(any_db_url)
    engine = create_engine(url)
    with engine.begin() as conn:
        runner.upgrade(conn, BASELINE)
    with engine.begin() as conn:
        _insert_baseline_rows(conn)
    engine.dispose()
    assert _revision(url) == BASELINE

    store = Store.open(any_db_url, actor="tester")
    try:
        with store.db.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.HEAD
        ann = store.candidates.get(1)
        assert (ann.full_name, ann.email, ann.consent_status) == ("Ann Lee", "ann@example.com", "given")
        assert store.candidates.find_by_email("ANN@example.com ").id == 1
        assert [s.name for s in store.jobs.stages(1)] == ["Applied", "Tech screen", "Hired"]
        app = store.applications.get(1)
        assert (app.stage_id, app.status, app.rating, app.version) == (2, "active", 2, 3)
        assert (app.applied_at, app.stage_entered_at) == (T0, T1)
        assert [(e.action, e.to_stage_name) for e in store.applications.history(1)] == [
            ("applied", "Applied"),
            ("move", "Tech screen"),
        ]
        pool = store.pools.find_by_name("rust folks")
        assert pool.member_count == 1
        assert [(c.id, st) for c, st in store.pools.members(pool.id)] == [(2, "contacted")]
        assert store.tags.tags_for(2) == ["Rust"]
        assert [a.body for a in store.activities.for_candidate(2)] == ["met at a meetup"]

        # The upgraded database takes new work: the old rows and new ones live side by side.
        moved = store.applications.move_to_stage(1, 3, expected_version=3)
        assert moved.status == "hired"
        bo_app = store.applications.apply(2, 1, source="pool")
        assert bo_app.id != 1
        assert [e.action for e in store.applications.history(1)][-1] == "hire"
    finally:
        store.close()


def _stamp(url: str, revision: str) -> None:
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_database_from_a_newer_build_is_refused_and_left_unchanged(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    store.jobs.create_job("Designer")
    store.close()
    _stamp(any_db_url, "9999_from_the_future")

    def snapshot() -> tuple:
        engine = create_engine(resolve_url(any_db_url))
        try:
            with engine.connect() as conn:
                tables = sorted(inspect(conn).get_table_names())
                version = conn.execute(text("SELECT version_num FROM alembic_version")).all()
                jobs = conn.execute(text("SELECT id, title FROM job ORDER BY id")).all()
                stages = conn.execute(text("SELECT count(*) FROM stage")).scalar()
            return tables, version, jobs, stages
        finally:
            engine.dispose()

    before = snapshot()
    with pytest.raises(SchemaTooNew) as info:
        Database.open(any_db_url)
    message = str(info.value)
    assert "9999_from_the_future" in message and "newer" in message
    assert "\n" not in message
    assert snapshot() == before
    assert before[1] == [("9999_from_the_future",)]


def test_newer_sqlite_file_is_byte_for_byte_unchanged_by_the_refusal(tmp_path):
    path = tmp_path / "future.db"
    Store.open(str(path)).close()
    _stamp(str(path), "9999_from_the_future")
    # Leave the file checkpointed so that its bytes say everything.
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew):
        Database.open(str(path))
    assert path.read_bytes() == before


def test_non_pipeline_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO recipes (name) VALUES ('soup')")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open(str(path))
    assert "not a pipeline-tui database" in str(info.value)
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == ["recipes"], "the refusal must not create our tables in someone else's database"


def test_non_database_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Dear hiring manager,\nplease find attached...\n", encoding="utf-8")
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open(str(path))
    assert "not a SQLite database" in str(info.value)
    assert path.read_text(encoding="utf-8").startswith("Dear hiring manager")


def test_corrupt_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseUnavailable):
        Database.open(str(path))


def _run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path):
    path = tmp_path / "current.db"
    probe = f"""
        import sys
        from pipeline_tui.store import Store
        store = Store.open({str(path)!r})
        store.jobs.list_jobs()
        store.close()
        print("alembic" in sys.modules)
    """
    # A new database needs Alembic to be created: this run shows the probe can see the import ...
    first = _run_python(probe)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "True"
    # ... and once the database is at head, opening it never imports Alembic.
    second = _run_python(probe)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "False"


def test_database_with_foreign_tables_is_refused(any_db_url):
    """A database that holds someone else's tables is not ours to create tables in, on either backend."""
    engine = create_engine(resolve_url(any_db_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"))
    engine.dispose()
    with pytest.raises(DatabaseUnavailable, match="not a pipeline-tui database"):
        Database.open(any_db_url)
    engine = create_engine(resolve_url(any_db_url))
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == ["invoices"]
    finally:
        engine.dispose()


def test_a_version_table_without_its_row_is_refused_and_left_alone(any_db_url):
    """Diagnosed as damaged, not as empty: creating the schema over it would fail half-way."""
    Store.open(any_db_url).close()
    engine = create_engine(resolve_url(any_db_url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        tables = sorted(inspect(conn).get_table_names())
    engine.dispose()
    for options in ({}, {"upgrade": False, "create": False}, {"read_only": True}):
        with pytest.raises(DatabaseUnavailable, match=r"alembic_version\) is empty") as info:
            Database.open(any_db_url, **options)
        assert "\n" not in str(info.value)
    engine = create_engine(resolve_url(any_db_url))
    try:
        with engine.connect() as conn:
            assert sorted(inspect(conn).get_table_names()) == tables
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 0
    finally:
        engine.dispose()


TOUCH_KINDS_REVISION = "0003_touch_kinds"


def _kind_refused(url: str, kind: str) -> bool:
    """Whether the database's CHECK on activity.kind refuses `kind` (tried in a transaction rolled back)."""
    from sqlalchemy.exc import IntegrityError

    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                conn.execute(
                    text("INSERT INTO activity (candidate_id, kind, body, at) VALUES (1, :k, '', :t)"),
                    {"k": kind, "t": T1},
                )
                return False
            except IntegrityError:
                return True
            finally:
                trans.rollback()
    finally:
        engine.dispose()


def test_an_empty_version_table_alone_is_a_new_database(tmp_path):
    path = tmp_path / "fresh.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.close()
    Store.open(str(path)).close()
    assert _revision(str(path)) == schema.HEAD


def test_refusing_a_newer_rollback_journal_file_keeps_every_byte(tmp_path):
    path = tmp_path / "future.db"
    Store.open(str(path)).close()
    _stamp(str(path), "9999_from_the_future")
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    before = path.read_bytes()
    for options in ({}, {"read_only": True}, {"upgrade": False, "create": False}):
        with pytest.raises(SchemaTooNew):
            Database.open(str(path), **options)
    assert path.read_bytes() == before


def test_touch_kinds_migration_upgrades_a_database_with_data_and_keeps_search(any_db_url):
    """From the revision before: old activities stay, LinkedIn/text/other touches go in, the full-text
    triggers (rebuilt with the SQLite table) still index new activity text and renamed people."""
    url = resolve_url(any_db_url)
    scripts = runner.script_revisions()
    previous = scripts[scripts.index(TOUCH_KINDS_REVISION) - 1]
    engine = create_engine(url)
    with engine.begin() as conn:
        runner.upgrade(conn, previous)
    with engine.begin() as conn:
        _insert_baseline_rows(conn)
    engine.dispose()
    assert _kind_refused(any_db_url, "linkedin")

    store = Store.open(any_db_url, actor="tester")
    try:
        assert [a.body for a in store.activities.for_candidate(2)] == ["met at a meetup"]
        assert [r.id for r in store.prospects.page("all", "meetup")] == [2]
        for kind in ("linkedin", "text", "other"):
            store.activities.log_touch([2], kind, f"sent by {kind} xylophone{kind}")
        assert [r.id for r in store.prospects.page("all", "xylophonelinkedin")] == [2]
        assert {a.kind for a in store.activities.for_candidate(2)} == {"note", "linkedin", "text", "other"}
        store.candidates.update(1, full_name="Annabel Quixote")
        assert [r.id for r in store.prospects.page("all", "quixote")] == [1]
    finally:
        store.close()
    assert _kind_refused(any_db_url, "fax")
    assert not _kind_refused(any_db_url, "text")

    # Down again: the new touches become notes (text kept) and the old constraint holds.
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(runner.config(conn), previous)
        kinds = conn.execute(text("SELECT kind, body FROM activity WHERE candidate_id = 2 ORDER BY id")).all()
    engine.dispose()
    assert [k for k, _ in kinds] == ["note", "note", "note", "note"]
    assert "sent by linkedin xylophonelinkedin" in [b for _, b in kinds]
    assert _kind_refused(any_db_url, "linkedin")
