"""Migration 0007_identity_search from the revision before it, with data, on SQLite and PostgreSQL: a person's
other e-mails and profiles already in `identity` become searchable, the index stays in step afterwards, and
the downgrade puts 0002's index back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text
from test_person_files_migration import at_previous

from pipeline_tui.store import Store
from pipeline_tui.store.database import resolve_url
from pipeline_tui.store.migrations import runner

REVISION = "0007_identity_search"
ADDED = datetime(2024, 5, 1, 9, 0)


def _other_addresses(conn) -> None:
    conn.execute(
        text(
            "INSERT INTO identity (candidate_id, kind, value, display, is_primary, created_at) VALUES "
            "(1, 'email', 'ann.lee@second.example', 'ann.lee@second.example', :no, :at), "
            "(1, 'linkedin', 'linkedin.com/in/annlee77', 'https://www.linkedin.com/in/AnnLee77', :no, :at)"
        ),
        {"no": False, "at": ADDED},
    )


def _at_previous(any_db_url: str) -> str:
    return at_previous(any_db_url, REVISION, _other_addresses)


def _found(store: Store, query: str) -> list[int]:
    return [r.id for r in store.prospects.page("all", query, limit=10)]


def test_upgrade_makes_other_addresses_searchable_and_keeps_them_in_step(any_db_url):
    _at_previous(any_db_url)
    store = Store.open(any_db_url, actor="tester")
    try:
        assert store.candidates.get(1).full_name == "Ann Lee"
        assert _found(store, "ann.lee@second.example") == [1]
        assert _found(store, "annlee77") == [1]
        store.candidates.add_identity(1, "email", "ann@third.example")
        assert _found(store, "ann@third.example") == [1]
    finally:
        store.close()


def test_downgrade_puts_the_primary_only_index_back(any_db_url):
    from alembic import command

    previous = _at_previous(any_db_url)
    Store.open(any_db_url).close()  # up to head
    engine = create_engine(resolve_url(any_db_url))
    try:
        with engine.begin() as conn:
            command.downgrade(runner.config(conn), previous)
            # Back to 0002's index: no identity triggers, no other address indexed.
            if conn.dialect.name == "sqlite":
                hits = conn.execute(
                    text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH 'second'")
                )
                triggers = conn.execute(
                    text(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'identity'"
                    )
                ).scalar()
            else:
                hits = conn.execute(
                    text(
                        "SELECT candidate_id FROM candidate_search WHERE document @@ to_tsquery('simple', 'second')"
                    )
                )
                triggers = conn.execute(
                    text("SELECT count(*) FROM pg_trigger WHERE tgname = 'identity_search_aiud'")
                ).scalar()
            assert hits.all() == [] and triggers == 0
            conn.execute(text("UPDATE candidate SET location = 'Cork' WHERE id = 1"))  # 0002's triggers work
    finally:
        engine.dispose()
