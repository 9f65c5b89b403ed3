"""SQLite: a file with pragmas on every connection, FTS5 for search, the driver fed directly in bulk."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Integer,
    Table,
    column,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import DatabaseUnavailable, InvalidInput
from pipeline_tui.store.dialects import INDEXED_TABLES, NAME_HITS, CheckResult, Dialect, chunks

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from pipeline_tui.core.query import ProspectQuery

SQLITE_BUSY_TIMEOUT_MS = 5000
SEED_CACHE_KB = 262_144  # 256 MB while seeding; SQLite frees it with the connection
DEFAULT_CACHE_KB = 2000  # SQLite's default, for whoever reuses the connection
# WAL pages before a commit checkpoints, while an import commits batch after batch (80 MB at 4 KiB pages):
# each batch rewrites the same index pages, and at SQLite's default of 1,000 every few batches copied them
# into the file again. SQLite's default afterwards. The page cache too: big enough for the index pages a
# batch touches, small and fixed so an import's memory stays flat in the file's size.
IMPORT_CHECKPOINT_PAGES = 20_000
DEFAULT_CHECKPOINT_PAGES = 1000
IMPORT_CACHE_KB = 16_384

# Kept identical to migration 0007_identity_search: the `email` column holds every e-mail and profile URL.
_COLUMNS = "rowid, name, email, title, company, location, notes"
_OTHERS = """coalesce((SELECT ' ' || group_concat(i.value, ' ') FROM identity i
    WHERE i.candidate_id = c.id AND i.kind <> 'phone' AND i.value <> coalesce(c.email, '')), '')"""
_ROW = f"""
SELECT c.id, c.full_name, coalesce(c.email, '') || {_OTHERS}, coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""


def _pragmas(dbapi_connection, _record) -> None:
    # Only settings of the connection: the journal mode is kept in the file and set in prepare_for_writing,
    # so opening a file to refuse it, check it or read it changes none of its bytes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def stored(value: object) -> object:
    """A value as SQLAlchemy's SQLite DateTime stores it: 'YYYY-MM-DD HH:MM:SS.ffffff', microseconds always
    written, so text order is time order (the store's datetimes are naive UTC)."""
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    return value


class SQLiteDialect(Dialect):
    name = "sqlite"
    hand_planned = True
    search_table = "candidate_fts"

    # -- connecting -------------------------------------------------------------------------------------

    def create_engine(self, url: URL, *, create: bool, read_only: bool = False) -> Engine:
        path = url.database
        file = Path(path) if path and path != ":memory:" else None
        if file is not None:
            if not file.exists():
                if not create:
                    raise DatabaseUnavailable(f"no database at {file}")
                if not file.parent.is_dir():
                    # A mistyped folder must not silently grow a new tree with an empty database in it.
                    raise DatabaseUnavailable(f"no folder {file.parent} for the database {file.name}")
            elif file.is_file() and not _looks_like_sqlite(file):
                raise DatabaseUnavailable(f"{file} is not a SQLite database file")
        options: dict[str, Any] = {}
        if read_only and file is not None:
            options["creator"] = _read_only_connector(file)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **options)
        event.listen(engine, "connect", _pragmas)
        return engine

    def open_failure_hint(self, url: URL) -> str:
        file = self.database_file(url)
        if file is not None and file.exists() and not _writable_folder(file):
            return " (its folder is read-only: only commands that read can open it)"
        return ""

    def prepare_for_writing(self, engine: Engine) -> None:
        # Write-ahead logging lets the TUI read while another process writes; it stays set in the file.
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")

    def database_file(self, url: URL) -> Path | None:
        if not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    # -- pieces of SQL ----------------------------------------------------------------------------------

    def id_list(self, ids: Sequence[int]) -> tuple[str, object]:
        # A JSON array read by json_each.
        return "SELECT value AS id FROM json_each(:ids)", json.dumps([int(i) for i in ids])

    def insert_ignore(self, table: str, columns: str, select_sql: str) -> str:
        return f"INSERT OR IGNORE INTO {table} ({columns}) {select_sql}"

    def driver_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {k: stored(v) for k, v in params.items()}

    def days_between(self, later: str, earlier: str) -> str:
        return f"(julianday({later}) - julianday({earlier}))"

    # -- bulk writing -----------------------------------------------------------------------------------

    def bulk_insert(self, conn: Connection, table: Table, rows: list[dict]) -> None:
        """Straight to the driver with dates pre-formatted as SQLAlchemy stores them, which skips per-value
        type processing (the biggest Python cost of a 100,000-row import, a third of a million-row seed)."""
        if not rows:
            return
        columns = list(rows[0])
        dates = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, DateTime)]
        params: list[tuple] = []
        if not dates:
            params = [tuple(r[c] for c in columns) for r in rows]
        else:
            formatted: dict[datetime, object] = {}
            for r in rows:
                row = [r[c] for c in columns]
                for i in dates:
                    when = row[i]
                    if when is not None:
                        text_ = formatted.get(when)
                        if text_ is None:
                            text_ = formatted[when] = stored(when)
                        row[i] = text_
                params.append(tuple(row))
        sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        conn.exec_driver_sql(sql, params)

    def insert_returning_ids(self, conn: Connection, table: Table, rows: list[dict]) -> list[int]:
        """One executemany, then the ids above the previous maximum. The transaction already holds SQLite's
        single write lock or fails on its first write, so no other writer's rows can interleave."""
        before = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        self.bulk_insert(conn, table, rows)
        return list(
            conn.execute(select(table.c.id).where(table.c.id > before).order_by(table.c.id)).scalars()
        )

    @contextmanager
    def triggers_suspended(
        self, conn: Connection, tables: tuple[str, ...] = INDEXED_TABLES
    ) -> Iterator[bool]:
        # Python's sqlite3 opens its transaction only before INSERT/UPDATE/DELETE; DDL before that would run
        # in autocommit and survive a crash. This no-op UPDATE makes the DROP below part of the batch.
        conn.exec_driver_sql("UPDATE candidate SET id = id WHERE 0")
        marks = ", ".join("?" for _ in tables)
        triggers = conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            tuple(tables),
        ).all()
        for trigger_name, _ in triggers:
            conn.exec_driver_sql(f'DROP TRIGGER "{trigger_name}"')
        yield bool(triggers)
        for _, sql in triggers:
            conn.exec_driver_sql(sql)

    def prepare_bulk_load(self, conn: Connection) -> None:
        # A bigger page cache keeps the random index inserts of big tables in memory.
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SEED_CACHE_KB}")

    def import_batch_started(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={IMPORT_CHECKPOINT_PAGES}")
        conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")

    def import_finished(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={DEFAULT_CHECKPOINT_PAGES}")
        conn.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KB}")

    def release_bulk_load(self, engine: Engine) -> None:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KB}")

    # -- full-text search (FTS5) ------------------------------------------------------------------------

    def word_condition(self, query: ProspectQuery, candidate_id: ColumnElement) -> ColumnElement | None:
        from pipeline_tui.store.search import fts5_expression

        if not query.words:
            return None
        matching = text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH :fts_words").bindparams(
            fts_words=fts5_expression(query)
        )
        return candidate_id.in_(matching.columns(column("rowid", Integer)))

    def find_people(self, s: Session, query: ProspectQuery, limit: int) -> list[int]:
        from pipeline_tui.store.search import fts5_expression, fts5_name_start

        expr = fts5_expression(query)
        if not expr:
            return []
        # A column filter keeps titles, locations and notes out: find anyone looks at who, not what.
        asked = [
            (fts5_name_start(query, prefix=False), NAME_HITS),
            (fts5_name_start(query, prefix=True), NAME_HITS),
            (f"{{name email company}} : ({expr})", limit),
        ]
        found: dict[int, None] = {}
        for words, most in asked:
            rows = s.execute(
                text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH :words LIMIT :limit"),
                {"words": words, "limit": most},
            )
            found.update((int(r[0]), None) for r in rows)
        return list(found)

    def similar_names(self, s: Session, name: str, column: str, place: str, limit: int) -> list[int]:
        from pipeline_tui.store.search import fts5_name_in_place

        words = fts5_name_in_place(name, column, place)
        if not words:
            return []
        rows = s.execute(
            text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH :words LIMIT :limit"),
            {"words": words, "limit": limit},
        )
        return [int(r[0]) for r in rows]

    def rebuild_search(self, s: Session) -> int:
        s.execute(text("DELETE FROM candidate_fts"))
        s.execute(text(f"INSERT INTO candidate_fts ({_COLUMNS}) {_ROW}"))
        s.execute(text("INSERT INTO candidate_fts (candidate_fts) VALUES ('optimize')"))
        return int(s.scalar(text("SELECT count(*) FROM candidate_fts")) or 0)

    def reindex(self, s: Session, candidate_ids: Sequence[int], *, new: bool = False) -> None:
        for chunk in chunks(candidate_ids):
            marks = ", ".join(str(int(c)) for c in chunk)
            if not new:
                s.execute(text(f"DELETE FROM candidate_fts WHERE rowid IN ({marks})"))
            s.execute(text(f"INSERT INTO candidate_fts ({_COLUMNS}) {_ROW} WHERE c.id IN ({marks})"))

    def merge_search(self, s: Session) -> None:
        """FTS5 keeps deleted documents' words in old segments until they merge: merge them all now."""
        has_fts = s.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'candidate_fts'")
        ).first()
        if has_fts:
            s.execute(text("INSERT INTO candidate_fts (candidate_fts) VALUES ('optimize')"))

    # -- upkeep -----------------------------------------------------------------------------------------

    def integrity_checks(self, conn: Connection) -> list[CheckResult]:
        results: list[CheckResult] = []
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        if rows == ["ok"]:
            results.append(("integrity", True, "SQLite integrity_check: ok"))
        else:
            more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
            results.append(("integrity", False, "; ".join(rows[:3]) + more))
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if not broken:
            results.append(("foreign keys", True, "every reference points at an existing row"))
        else:
            tables = sorted({r[0] for r in broken})
            results.append(
                ("foreign keys", False, f"{len(broken)} broken reference(s) in {', '.join(tables)}")
            )
        return results

    def backup(self, engine: Engine, target: str | Path, *, overwrite: bool = False) -> tuple[Path, int]:
        """SQLite's backup API: consistent while others write, into a temporary file renamed at the end."""
        source = self.database_file(engine.url)
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
        raw = engine.raw_connection()
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

    def zero_freed_space(self, s: Session) -> None:
        # Freed cells are overwritten with zeros instead of lingering in the page.
        s.execute(text("PRAGMA secure_delete = ON"))

    def scrub_file(self, engine: Engine) -> bool:
        """Rewrite the file without free pages and empty the WAL. False if a reader held it open."""
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("PRAGMA secure_delete = ON")
            if conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'"
            ).first():
                conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("VACUUM")
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            return bool(busy is not None and busy[0] == 0)


def _read_only_connector(file: Path):
    """Connections that cannot write. Where the file and its folder are writable they open read-write with
    `query_only` on: the last such connection to close removes the -wal and -shm files SQLite makes beside
    a WAL database, so a command that only reads leaves the folder as it found it (a mode=ro connection
    would leave both behind). Otherwise SQLite's mode=ro; and a WAL file in a folder nobody may write to,
    with no shared-memory file beside it, can only be read as immutable (SQLite cannot create the -shm
    file; and no writer can be using the file, since a writer needs that file too)."""
    resolved = file.resolve()
    if os.access(resolved, os.W_OK) and _writable_folder(resolved):
        uri, query_only = resolved.as_uri() + "?mode=rw", True
    else:
        uri, query_only = resolved.as_uri() + "?mode=ro", False
        shm = file.with_name(file.name + "-shm")
        if _in_wal_mode(file) and not shm.exists() and not _writable_folder(resolved):
            uri += "&immutable=1"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        if query_only:
            conn.execute("PRAGMA query_only = ON")
        return conn

    return connect


def _in_wal_mode(file: Path) -> bool:
    try:
        with file.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2  # file format read version 2: WAL


def _writable_folder(file: Path) -> bool:
    return os.access(file.parent, os.W_OK)


def _looks_like_sqlite(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot read {path}: {exc.strerror}") from None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
