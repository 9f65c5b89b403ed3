"""Schema revision checks that stay cheap at start-up.

Alembic takes a noticeable time to import, so start-up only reads `alembic_version` and compares it with the
revisions this build knows. Alembic is imported only when the database is new or older than this build.
Importing this module does not import SQLAlchemy (the board preview reads KNOWN_REVISIONS before it loads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.core.errors import DatabaseUnavailable, SchemaTooNew

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Every revision in migrations/versions, oldest first. A test keeps this in step with the scripts.
KNOWN_REVISIONS: tuple[str, ...] = ("0001_baseline", "0002_search")
HEAD = KNOWN_REVISIONS[-1]


def current_revision(conn: Connection) -> str | None:
    """The database's revision, or None for an empty database."""
    from sqlalchemy import inspect, text  # here: the board preview reads KNOWN_REVISIONS without SQLAlchemy

    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise DatabaseUnavailable(
                "the database has tables but no pipeline-tui schema version: it is not a pipeline-tui database"
            )
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def status(conn: Connection) -> str:
    """'current', 'older', 'new' (empty) or 'newer'."""
    rev = current_revision(conn)
    if rev is None:
        return "new"
    if rev == HEAD:
        return "current"
    if rev in KNOWN_REVISIONS:
        return "older"
    return "newer"


def ensure_current(conn: Connection, *, upgrade: bool = True) -> str:
    """Make sure the schema is at HEAD; returns what was found. Refuses a database from a newer build."""
    found = status(conn)
    if found == "newer":
        rev = current_revision(conn)
        raise SchemaTooNew(
            f"this database was written by a newer pipeline-tui (schema {rev}; this build knows up to {HEAD}). "
            "Upgrade pipeline-tui to open it; nothing was changed."
        )
    if found in ("new", "older") and upgrade:
        upgrade_to_head(conn)
    return found


def upgrade_to_head(conn: Connection, revision: str = "head") -> None:
    from pipeline_tui.store.migrations.runner import upgrade

    upgrade(conn, revision)
