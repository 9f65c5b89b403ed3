"""Database upkeep for `pipeline-tui db`: upgrade to the newest schema, check integrity, back up online.

Each function opens the database itself with the options the task needs (check and backup open it read-only:
they never create, upgrade or change a byte of it) and reports in sentences a user can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text

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
    """Migrate to this build's head (a missing SQLite file is created at head, in an existing folder)."""
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

    Returns the database's display URL and one Check per test; nothing is written (opened read-only).
    """
    db = Database.open(value, upgrade=False, create=False, read_only=True)
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
        results.extend(Check(*c) for c in db.dialect.integrity_checks(conn))
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
        results.extend(_search_check(conn, db.dialect.search_table))
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


def _search_check(conn, index: str) -> list[Check]:
    """The full-text index holds one row per person (bulk loads and crashes can leave it behind)."""
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
    db = Database.open(value, upgrade=False, create=False, read_only=True)
    try:
        return db.dialect.backup(db.engine, target, overwrite=overwrite)
    finally:
        db.close()


def search_rows(db: Database) -> int | None:
    """Rows in the full-text index, or None when there is none (used by tests and checks)."""
    with db.engine.connect() as conn:
        if db.dialect.search_table not in inspect(conn).get_table_names():
            return None
        return int(conn.execute(text(f"SELECT count(*) FROM {db.dialect.search_table}")).scalar_one())
