"""Migration 0011 (the change log) keeps every row: a database with a worked pipeline, taken back to 0010 and
opened again, has the same rows in every table, and an empty change log that takes the next change."""

from __future__ import annotations

from alembic import command
from board_data import seed_board
from sqlalchemy import create_engine, inspect, text

from pipeline_tui.store import Store
from pipeline_tui.store.database import resolve_url
from pipeline_tui.store.migrations import runner

BEFORE = "0010_report_indexes"


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n not in ("alembic_version", "change_log")]
            return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()


def test_the_change_log_migration_keeps_every_row(any_db_url):
    store = Store.open(any_db_url, actor="ann@example.com")
    data = seed_board(store)
    store.close()
    engine = create_engine(resolve_url(any_db_url))
    with engine.begin() as conn:
        command.downgrade(runner.config(conn), BEFORE)
    with engine.connect() as conn:
        assert "change_log" not in inspect(conn).get_table_names()
    engine.dispose()
    before = _counts(any_db_url)
    assert before["candidate"] >= 9 and before["stage_event"] > 9

    store = Store.open(any_db_url, actor="ann@example.com")  # upgrades to head
    try:
        assert _counts(any_db_url) == before
        assert store.changes.latest_seq() == 0
        app_id = data["ids"]["Ada Lovelace"]
        store.applications.move_to_stage(app_id, data["stages"][1].id, store.applications.get(app_id).version)
        assert store.changes.latest_seq() == 1
    finally:
        store.close()
