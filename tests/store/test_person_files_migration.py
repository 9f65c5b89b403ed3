"""Migration 0005_person_files from the revision before it, with data, on SQLite and PostgreSQL: people keep
their consent, gain an empty consent method and a file list, and erasure can withdraw with "Data erased"."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text
from test_migrations import _insert_baseline_rows, at_revision_before

from pipeline_tui.store import Store
from pipeline_tui.store.database import resolve_url
from pipeline_tui.store.migrations import runner

REVISION = "0005_person_files"
BASELINE_SHAPE = "0005_person_files"  # the last revision the baseline rows of test_migrations fit


def at_previous(any_db_url: str, revision: str, *more_rows) -> str:
    """A new database at the revision before `revision`, holding the baseline rows (and whatever each
    `more_rows(conn)` writes); returns that previous revision. Shared by the migration tests after 0004."""
    scripts = runner.script_revisions()
    previous = scripts[scripts.index(revision) - 1]
    # The baseline rows are written in the shape of their time (stage kinds applied/screen, before 0006),
    # then carried up to `previous` by the migrations themselves.
    rows_at = min(previous, BASELINE_SHAPE)
    engine, _ = at_revision_before(any_db_url, scripts[scripts.index(rows_at) + 1])
    with engine.begin() as conn:
        _insert_baseline_rows(conn)
    with engine.begin() as conn:
        runner.upgrade(conn, previous)
    with engine.begin() as conn:
        for write in more_rows:
            write(conn)
    engine.dispose()
    return previous


def _at_previous(any_db_url: str) -> str:
    return at_previous(any_db_url, REVISION)


def test_upgrade_keeps_people_and_adds_consent_method_files_and_the_erasure_reason(any_db_url):
    _at_previous(any_db_url)
    store = Store.open(any_db_url, actor="tester")
    try:
        ann = store.candidates.get(1)
        assert (ann.full_name, ann.consent_status, ann.consent_method) == ("Ann Lee", "given", None)
        reasons = {r.name: r.category for r in store.applications.rejection_reasons()}
        assert reasons["Data erased"] == "withdrew"
        store.files.attach(1, "cv.pdf", b"cv", max_size=100)
        assert [f.name for f in store.person_detail.get(1).files] == ["cv.pdf"]
        done = store.privacy.erase(1)
        assert done.applications_withdrawn == 1 and done.files_removed == 1
        assert store.applications.get(1).rejection_reason == "Data erased"
    finally:
        store.close()


def test_downgrade_removes_what_it_added(any_db_url):
    from alembic import command

    previous = _at_previous(any_db_url)
    Store.open(any_db_url).close()  # up to head
    engine = create_engine(resolve_url(any_db_url))
    try:
        with engine.begin() as conn:
            command.downgrade(runner.config(conn), previous)
        with engine.connect() as conn:
            assert "candidate_file" not in inspect(conn).get_table_names()
            assert "consent_method" not in {c["name"] for c in inspect(conn).get_columns("candidate")}
            names = {r[0] for r in conn.execute(text("SELECT name FROM rejection_reason"))}
            assert "Data erased" not in names
            assert conn.execute(text("SELECT full_name FROM candidate WHERE id = 1")).scalar() == "Ann Lee"
    finally:
        engine.dispose()
