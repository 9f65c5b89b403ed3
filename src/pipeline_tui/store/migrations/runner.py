"""Runs Alembic programmatically on an open connection (imported only when an upgrade is needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

HERE = Path(__file__).parent


def config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def upgrade(conn: Connection, revision: str = "head") -> None:
    command.upgrade(config(conn), revision)


def script_revisions() -> list[str]:
    """Revisions in the scripts folder, oldest first (for the test that checks KNOWN_REVISIONS)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
