"""Database upkeep for `pipeline-tui db`: upgrade to the newest schema, check integrity, back up online.

Each function opens the database itself with the options the task needs (check never creates or upgrades
anything) and reports in sentences a user can act on.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from pipeline_tui.core.errors import InvalidInput, RuleViolation
from pipeline_tui.store import schema
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Application, Candidate, Stage, StageEvent


@dataclass(frozen=True)
class Upgrade:
    url: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def upgrade(value: str) -> Upgrade:
    """Migrate to this build's head (a missing SQLite file is created at head)."""
    db = Database.open(value, upgrade=False)
    try:
        with db.engine.connect() as conn:
            before = schema.current_revision(conn)
            schema.ensure_current(conn, upgrade=True)
            conn.commit()
            after = schema.current_revision(conn) or schema.HEAD
        return Upgrade(url=db.url, before=before, after=after)
    finally:
        db.close()


def check(value: str) -> tuple[str, list[Check]]:
    """Schema revision, SQLite integrity and foreign keys, and the pipeline's own invariants.

    Returns the database's display URL and one Check per test; nothing is written.
    """
    db = Database.open(value, upgrade=False, create=False)
    try:
        return db.url, _checks(db)
    finally:
        db.close()


def _checks(db: Database) -> list[Check]:
    results: list[Check] = []
    with db.engine.connect() as conn:
        found = schema.status(conn)
        rev = schema.current_revision(conn)
        if found == "current":
            results.append(Check("schema", True, f"at {rev}, this build's newest"))
        elif found == "older":
            results.append(
                Check("schema", False, f"at {rev}, older than {schema.HEAD}: run `pipeline-tui db upgrade`")
            )
        else:
            results.append(
                Check("schema", False, "empty: no pipeline-tui tables yet (`pipeline-tui db upgrade`)")
            )
            return results
        if db.is_sqlite:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            if rows == ["ok"]:
                results.append(Check("integrity", True, "SQLite integrity_check: ok"))
            else:
                more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
                results.append(Check("integrity", False, "; ".join(rows[:3]) + more))
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if not broken:
                results.append(Check("foreign keys", True, "every reference points at an existing row"))
            else:
                tables = sorted({r[0] for r in broken})
                results.append(
                    Check("foreign keys", False, f"{len(broken)} broken reference(s) in {', '.join(tables)}")
                )
        else:
            results.append(Check("integrity", True, "PostgreSQL enforces its constraints itself"))
        if found != "current":
            return results
        wrong_job = conn.execute(
            select(func.count())
            .select_from(Application)
            .join(Stage, Stage.id == Application.stage_id)
            .where(Stage.job_id != Application.job_id)
        ).scalar_one()
        no_history = conn.execute(
            select(func.count())
            .select_from(Application)
            .where(~select(StageEvent.id).where(StageEvent.application_id == Application.id).exists())
        ).scalar_one()
        results.extend(_search_check(conn))
        problems = []
        if wrong_job:
            problems.append(f"{wrong_job} application(s) sit in another job's stage")
        if no_history:
            problems.append(f"{no_history} application(s) have no stage history")
        results.append(
            Check(
                "pipeline",
                not problems,
                "; ".join(problems) or "every application is in its own job's stage and has a history",
            )
        )
    return results


def _search_check(conn) -> list[Check]:
    """The full-text index holds one row per person (bulk loads and crashes can leave it behind)."""
    index = "candidate_fts" if conn.dialect.name == "sqlite" else "candidate_search"
    if index not in inspect(conn).get_table_names():
        return []
    people = conn.execute(select(func.count()).select_from(Candidate)).scalar_one()
    indexed = conn.execute(text(f"SELECT count(*) FROM {index}")).scalar_one()
    if people == indexed:
        return [Check("search index", True, f"{indexed:,} people indexed")]
    return [
        Check(
            "search index", False, f"{indexed:,} of {people:,} people indexed: run `pipeline-tui db reindex`"
        )
    ]


def backup(value: str, target: str | Path, *, overwrite: bool = False) -> tuple[Path, int]:
    """Online backup of a SQLite database with SQLite's backup API (consistent while others write).

    Returns the backup's path and size in bytes. PostgreSQL is refused: pg_dump is the tool for it.
    """
    db = Database.open(value, upgrade=False, create=False)
    try:
        if not db.is_sqlite:
            raise RuleViolation(
                f"{db.url} is PostgreSQL: back it up with pg_dump (e.g. `pg_dump -Fc -f FILE DBNAME`); "
                "this command only backs up SQLite files"
            )
        source = db.sqlite_path
        if source is None:
            raise InvalidInput("an in-memory database cannot be backed up")
        dest = Path(target).expanduser().resolve()
        if dest == source.resolve():
            raise InvalidInput("the backup file cannot be the database itself")
        if dest.is_dir():
            raise InvalidInput(f"{dest} is a folder; name the backup file")
        if not dest.parent.is_dir():
            raise InvalidInput(f"no folder {dest.parent}")
        if dest.exists() and not overwrite:
            raise InvalidInput(f"{dest} already exists; choose another name or pass --force")
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
        os.close(fd)
        raw = db.engine.raw_connection()
        try:
            target_conn = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(target_conn)
                # A self-contained copy: no -wal file needed next to it.
                target_conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                target_conn.close()
            os.replace(tmp, dest)
        except (sqlite3.Error, OSError) as exc:
            _remove(tmp)
            raise InvalidInput(f"backup to {dest} failed: {exc}") from None
        finally:
            raw.close()
        return dest, dest.stat().st_size
    finally:
        db.close()


def search_rows(db: Database) -> int | None:
    """Rows in the SQLite full-text index, or None when there is none (used by tests and checks)."""
    if not db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'candidate_fts'")
        ).first()
        if not exists:
            return None
        return int(conn.execute(text("SELECT count(*) FROM candidate_fts")).scalar_one())


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
