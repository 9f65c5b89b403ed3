"""SQLite table rebuilds shared by migrations: foreign keys off for the rebuild, and the triggers that name
the rebuilt table kept."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


def foreign_keys_off(bind: sa.Connection) -> None:
    """SQLite ignores `PRAGMA foreign_keys` inside a transaction: the revisions before this one are committed
    first (each is whole). The connection is discarded after the upgrade (Database.open), so none keeps
    foreign keys off."""
    raw = bind.connection.dbapi_connection
    if raw.in_transaction:
        raw.commit()
    raw.execute("PRAGMA foreign_keys=OFF")


@contextmanager
def triggers_kept(bind: sa.Connection, table: str, sqlite: bool) -> Iterator[None]:
    """SQLite: the triggers that are on `table` or name it in their bodies (activity's search triggers, and
    candidate's, which read activity) are dropped before its rebuild and made again, as they were, after."""
    if not sqlite:
        yield
        return
    found = bind.execute(
        sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = :t OR sql LIKE :like)"
        ),
        {"t": table, "like": f"%{table}%"},
    ).all()
    for name, _ in found:
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    yield
    for _, sql in found:
        bind.exec_driver_sql(sql)
