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
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_baseline",
    "0002_search",
    "0003_touch_kinds",
    "0004_identities",
    "0005_person_files",
    "0006_hiring_team",
    "0007_identity_search",
    "0008_hiring",
    "0009_nurture",
    "0010_report_indexes",
    "0011_change_log",
)
HEAD = KNOWN_REVISIONS[-1]


# Tables an empty database may hold: SQLite's own, and the version table Alembic creates first.
_BOOKKEEPING = {"sqlite_sequence", "alembic_version"}


def current_revision(conn: Connection) -> str | None:
    """The database's revision, or None for an empty database.

    Tables without a version (someone else's database, or ours with its version row lost) are refused: the
    schema cannot be known, and creating ours over it would fail halfway or mix two schemas."""
    from sqlalchemy import inspect, text  # here: the board preview reads KNOWN_REVISIONS without SQLAlchemy

    tables = set(inspect(conn).get_table_names())
    row = (
        conn.execute(text("SELECT version_num FROM alembic_version")).first()
        if "alembic_version" in tables
        else None
    )
    if row is not None:
        return row[0]
    if tables - _BOOKKEEPING:
        if "alembic_version" in tables:
            raise DatabaseUnavailable(
                "the database has tables but its schema version table (alembic_version) is empty: it is "
                "damaged or not a pipeline-tui database; nothing was changed"
            )
        raise DatabaseUnavailable(
            "the database has tables but no pipeline-tui schema version: it is not a pipeline-tui database"
        )
    return None


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
