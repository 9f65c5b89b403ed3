"""Opening a database: URL resolution, its dialect, connectivity and schema checks, transactions.

`Database` is the unit of work every repository shares. It owns the engine; each repository method opens a
short session in `transaction()`, so no session outlives a call and screens never see one.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline_tui.core.errors import DatabaseUnavailable
from pipeline_tui.core.identities import DEFAULT_PHONE_REGION
from pipeline_tui.core.retention import RetentionPolicy
from pipeline_tui.store import schema
from pipeline_tui.store.change_log import append_changes, discard_changes, open_changes
from pipeline_tui.store.current_user import CurrentUser
from pipeline_tui.store.dialects import BACKENDS, Dialect, dialect_for
from pipeline_tui.store.failures import busy_as_error


def resolve_url(value: str) -> str:
    """A SQLAlchemy URL as given, or a plain file path turned into a SQLite URL."""
    value = value.strip()
    if not value:
        raise DatabaseUnavailable("empty database URL")
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        if path.is_dir():
            raise DatabaseUnavailable(f"{path} is a folder, not a database file")
        return f"sqlite:///{path}"
    try:
        url = make_url(value)
        backend = url.get_backend_name()
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number ('sqlite://:::')
        raise DatabaseUnavailable(f"not a database URL: {value!r}") from None
    if backend not in BACKENDS:
        raise DatabaseUnavailable(
            f"unsupported database {backend!r} in {url.render_as_string(hide_password=True)} "
            "(use sqlite:///PATH, postgresql://... or a file path)"
        )
    return dialect_for(backend).with_driver(url).render_as_string(hide_password=False)


class Database:
    """An opened, schema-checked database. Construct with `Database.open(url)`."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self.engine = engine
        # What this engine spells its own way (search, bulk writes, pragmas, backup): chosen once, here.
        self.dialect: Dialect = dialect_for(engine.dialect.name)
        # Who writes: matched to a team member on the first write (store/current_user.py).
        self.user = CurrentUser(actor or _default_actor())
        # The region a phone typed without +country code is read in (config `phone_region`).
        self.phone_region = DEFAULT_PHONE_REGION
        # The retention policy (config `[retention]`): the pool browser's "Due for retention" and the person
        # screen read it from here. None: no policy.
        self.retention: RetentionPolicy | None = None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # This process's mark on the change log rows it writes: its own readers skip them (change_watch.py).
        self.origin = uuid.uuid4().hex[:16]

    @property
    def actor(self) -> str:
        """The current user's name as history shows it (the spec from settings until they are a member)."""
        return self.user.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect.name == "sqlite"

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        return self.dialect.database_file(self.engine.url)

    @classmethod
    def open(
        cls,
        value: str,
        *,
        actor: str | None = None,
        upgrade: bool = True,
        create: bool = True,
        read_only: bool = False,
    ) -> Database:
        """Open `value` (URL or path), creating it at head when new and upgrading it when older.

        `create=False`: a missing database is refused instead of created (a SQLite file is never created in
        a missing folder either way). `read_only`: nothing is ever written, not even the journal mode, so a
        file in a read-only folder can be read and a refused or checked file keeps every byte; with
        `upgrade` a database that is empty or older is refused with what to run. `upgrade=False`: the
        schema is taken as found (for `db check`). Raises DatabaseUnavailable or SchemaTooNew with a
        sentence for the user; never a driver traceback.
        """
        url = resolve_url(value)
        engine = _create_engine(url, create=create and not read_only, read_only=read_only)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                found = schema.ensure_current(conn, upgrade=upgrade and not read_only)
                conn.commit()
                if found in ("new", "older") and upgrade and not read_only:
                    # A migration may have turned SQLite's foreign keys off on this connection: not reused.
                    conn.invalidate()
            if read_only and upgrade and found != "current":
                raise DatabaseUnavailable(_not_readable_yet(engine, found))
            if not read_only:
                # Only a database found good is ever changed: a refused file keeps every byte.
                dialect_for(engine.dialect.name).prepare_for_writing(engine)
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            hint = dialect_for(engine.dialect.name).open_failure_hint(engine.url)
            raise DatabaseUnavailable(_describe(url, exc) + hint) from None
        except Exception:
            engine.dispose()
            raise
        return cls(engine, actor=actor)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises (a lock timeout as
        DatabaseBusy)."""
        with busy_as_error(), self._sessions() as session, session.begin():
            pending = open_changes(session)
            try:
                yield session
                append_changes(self, session)  # the change log, last before the commit (change_log.py)
            finally:
                discard_changes(pending)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction on a plain Core connection, for writes made only of Core statements (a stage
        change): the same commit, rollback and DatabaseBusy as `transaction()`, without an ORM Session,
        which cost about as much as the SQL of a move."""
        with busy_as_error(), self.engine.begin() as conn:
            pending = open_changes(conn)
            try:
                yield conn
                append_changes(self, conn)
            finally:
                discard_changes(pending)

    def close(self) -> None:
        self.engine.dispose()

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()


def _not_readable_yet(engine: Engine, found: str) -> str:
    shown = dialect_for(engine.dialect.name).database_file(engine.url) or engine.url.render_as_string(
        hide_password=True
    )
    if found == "new":
        return f"{shown} holds no pipeline-tui data yet (it is empty); nothing was changed"
    return (
        f"{shown} has an older schema: run `pipeline-tui db upgrade --db {shown}` first "
        "(commands that only read never change the database)"
    )


def _create_engine(url: str, *, create: bool, read_only: bool = False) -> Engine:
    try:
        parsed = make_url(url)
        return dialect_for(parsed.get_backend_name()).create_engine(
            parsed, create=create, read_only=read_only
        )
    except (NoSuchModuleError, ImportError) as exc:
        hint = dialect_for(parsed.get_backend_name()).driver_hint
        raise DatabaseUnavailable(f"no driver for {parsed.drivername}: {exc}{hint}") from None
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"bad database URL: {exc}") from None
    except PermissionError as exc:
        raise DatabaseUnavailable(f"cannot create the database: {exc}") from None


def _describe(url: str, exc: Exception) -> str:
    shown = make_url(url).render_as_string(hide_password=True)
    orig = getattr(exc, "orig", None) or exc
    first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"cannot open database {shown}: {first_line}"


def _default_actor() -> str:
    try:
        return os.environ.get("PIPELINE_TUI_USER") or getpass.getuser()
    except Exception:
        return "unknown"
