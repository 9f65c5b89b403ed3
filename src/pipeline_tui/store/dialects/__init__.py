"""What SQLite and PostgreSQL spell differently, behind one interface chosen once when a database opens.

The repositories are written once, in SQLAlchemy. Where the two engines differ -- connecting (pragmas, file
checks), lists of ids as one parameter, insert-or-ignore, bulk inserts that skip per-value processing,
full-text search and its index, suspending triggers for bulk writers, integrity checks, backups, scrubbing
freed bytes -- they ask `db.dialect`, a `Dialect` picked from the URL by `Database.open`. A new difference
becomes a method here, never an `if name == "sqlite"` in a repository.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection, Engine, Table, insert
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from pipeline_tui.core.query import ProspectQuery

# The backends a database URL may name.
BACKENDS = ("sqlite", "postgresql")
# Bound parameters per IN (...) list or index refresh: below SQLite's and PostgreSQL's limits.
IN_CHUNK = 900
# The tables whose per-row triggers keep the full-text index in step (migrations 0002 and 0007).
INDEXED_TABLES = ("candidate", "activity", "identity")
# Find anyone: people read per name-start search (exact, then prefix) for ranking, whatever the limit shown.
NAME_HITS = 200
# A check of `pipeline-tui db check`: its name, whether it passed, and a sentence about it.
CheckResult = tuple[str, bool, str]


class Dialect:
    """The engine-specific part of the store. Methods with a body here do nothing, or the portable thing,
    on engines that need nothing special; `sqlite.py` and `postgresql.py` say what each engine does."""

    name: ClassVar[str]
    # The store picks query shapes itself (walk a sort index instead of sorting, count the full-text table
    # directly): SQLite's planner knows nothing of how many people a word or tag matches; PostgreSQL's does.
    hand_planned: ClassVar[bool] = False
    # The table of the full-text index, one row per person.
    search_table: ClassVar[str]
    # Said after "no driver for ...": how to install the one this engine needs.
    driver_hint: ClassVar[str] = ""

    # -- connecting -------------------------------------------------------------------------------------

    def with_driver(self, url: URL) -> URL:
        """`url` naming the driver this build depends on."""
        return url

    def create_engine(self, url: URL, *, create: bool, read_only: bool = False) -> Engine:
        """An engine for `url`; `create`: a missing database may be created; `read_only`: every connection
        is opened so that it cannot write. Raises DatabaseUnavailable."""
        raise NotImplementedError

    def open_failure_hint(self, url: URL) -> str:
        """Said after "cannot open database ...: <driver message>" when the engine knows a likely cause."""
        return ""

    def prepare_for_writing(self, engine: Engine) -> None:
        """Settings kept in the database itself (SQLite's journal mode), made once the schema was found good:
        never on a database that is refused, checked or only read."""

    def database_file(self, url: URL) -> Path | None:
        """The file holding the database, when it is one."""
        return None

    # -- pieces of SQL ----------------------------------------------------------------------------------

    def id_list(self, ids: Sequence[int]) -> tuple[str, object]:
        """A whole list of ids as ONE bound parameter `:ids`: a subquery with one column `id`, and the value
        to bind (no statement with thousands of placeholders, nothing pasted into the SQL)."""
        raise NotImplementedError

    def insert_ignore(self, table: str, columns: str, select_sql: str) -> str:
        """INSERT INTO table (columns) select_sql, skipping rows that would break a unique key."""
        raise NotImplementedError

    def driver_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Parameters of a compiled statement made ready for the driver itself (`exec_driver_sql`)."""
        return params

    def days_between(self, later: str, earlier: str) -> str:
        """SQL for the fractional days (seconds / 86,400) from `earlier` to `later`, two SQL expressions of
        stored (naive UTC) times: what every report's durations are measured in."""
        raise NotImplementedError

    # -- bulk writing -----------------------------------------------------------------------------------

    def bulk_insert(self, conn: Connection, table: Table, rows: list[dict]) -> None:
        """Insert many rows (every dict with the same keys) in one executemany."""
        if rows:
            conn.execute(insert(table), rows)

    def insert_returning_ids(self, conn: Connection, table: Table, rows: list[dict]) -> list[int]:
        """Insert many rows; their new ids in the order given."""
        raise NotImplementedError

    def triggers_suspended(
        self, conn: Connection, tables: tuple[str, ...] = INDEXED_TABLES
    ) -> AbstractContextManager[bool]:
        """The per-row triggers of `tables` off while one bulk batch goes in, back on in the same transaction.

        Per-row triggers (the search index's) cost more than the inserts themselves; bulk writers (seed,
        import) refresh the index set-wise instead (`reindex` or `rebuild_search`). DDL is transactional in
        SQLite and PostgreSQL, so a crash mid-batch rolls back with the triggers intact. Yields whether any
        trigger was suspended: then the caller must refresh the index for what it wrote.
        """
        return _nothing_suspended()

    def prepare_bulk_load(self, conn: Connection) -> None:
        """Tune a connection that is about to write a large chunk of seed rows."""

    def import_batch_started(self, conn: Connection) -> None:
        """Tune the connection writing one batch of an import (many batches commit one after another)."""

    def import_finished(self, conn: Connection) -> None:
        """After the last batch of an import: the connection's usual settings again."""

    def sync_id_sequences(self, conn: Connection, tables: Sequence[str]) -> None:
        """After rows were written with ids chosen by the caller: id generators move past them."""

    def release_bulk_load(self, engine: Engine) -> None:
        """After a bulk load: give back what `prepare_bulk_load` took, fold logs back."""

    # -- full-text search -------------------------------------------------------------------------------

    def word_condition(self, query: ProspectQuery, candidate_id: ColumnElement) -> ColumnElement | None:
        """`candidate_id IN (people whose words match)`, or None when the query has no words."""
        raise NotImplementedError

    def find_people(self, s: Session, query: ProspectQuery, limit: int) -> list[int]:
        """Find anyone's candidates for ranking: people whose name is the words (up to NAME_HITS), whose
        name starts with them (the last a prefix; up to NAME_HITS), and up to `limit` whose names, e-mails or
        companies match them anywhere; each search a LIMIT on the full-text index, so it stays instant at a
        million people however common the words are. Unordered: the caller ranks them."""
        raise NotImplementedError

    def similar_names(self, s: Session, name: str, column: str, place: str, limit: int) -> list[int]:
        """People who may be `name` with a typo at the same company or location (`column`, `place`): those
        whose name shares a word with it and whose place holds the place's words, up to `limit`, straight
        from the full-text index. A superset: the caller compares the names and the places."""
        raise NotImplementedError

    def rebuild_search(self, s: Session) -> int:
        """Refill the whole full-text index; returns how many people it holds."""
        raise NotImplementedError

    def reindex(self, s: Session, candidate_ids: Sequence[int], *, new: bool = False) -> None:
        """Refresh the index rows of these people, one statement per chunk. `new`: created in this
        transaction, so they have no index rows to delete yet."""
        raise NotImplementedError

    def merge_search(self, s: Session) -> None:
        """Leave no word of a changed or erased person anywhere in the index's storage."""

    # -- upkeep -----------------------------------------------------------------------------------------

    def integrity_checks(self, conn: Connection) -> list[CheckResult]:
        """The engine's own consistency checks, for `pipeline-tui db check`."""
        raise NotImplementedError

    def backup(self, engine: Engine, target: str | Path, *, overwrite: bool = False) -> tuple[Path, int]:
        """An online backup into the file `target`; its path and size. Raises RuleViolation or InvalidInput."""
        raise NotImplementedError

    def zero_freed_space(self, s: Session) -> None:
        """For an erasure: what this transaction frees is overwritten, not left readable in the file."""

    def scrub_file(self, engine: Engine) -> bool:
        """After an erasure: rewrite storage so no old bytes remain. False when it was not (or need not be)."""
        return False


@contextmanager
def _nothing_suspended() -> Iterator[bool]:
    yield False


_DIALECTS: dict[str, Dialect] = {}


def dialect_for(backend: str) -> Dialect:
    """The dialect of a backend name ('sqlite', 'postgresql'); each module is imported on first use."""
    found = _DIALECTS.get(backend)
    if found is None:
        if backend == "sqlite":
            from pipeline_tui.store.dialects.sqlite import SQLiteDialect

            found = SQLiteDialect()
        elif backend == "postgresql":
            from pipeline_tui.store.dialects.postgresql import PostgreSQLDialect

            found = PostgreSQLDialect()
        else:
            raise ValueError(f"no dialect for {backend!r}")
        _DIALECTS[backend] = found
    return found


def dialect_of(bind: Engine | Connection) -> Dialect:
    """The dialect of an engine or connection, for code that holds only a session (`s.get_bind()`)."""
    return dialect_for(bind.dialect.name)


def chunks(items: Sequence, size: int = IN_CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
