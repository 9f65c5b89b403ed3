"""Database failures as sentences: a busy database becomes DatabaseBusy, anything else one line without SQL.

Every repository reaches the database through `Database.transaction()`, which runs inside `busy_as_error()`,
so no lock timeout reaches a screen or the CLI as a driver traceback. Short single writes are marked with
`@retried_when_busy`: the lock is usually gone a moment later, so they try once more before giving up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from pipeline_tui.core.errors import DatabaseBusy

BUSY = "the database is busy (someone else is writing to it); nothing was saved, try again in a moment"
# SQLite's result codes for a lock it could not get within the busy timeout.
_SQLITE_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (extended codes keep these in their low byte)
_SQLITE_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL's SQLSTATEs for a lock not granted in time and for a transaction that lost a write race.
_PG_BUSY_STATES = ("55P03", "40001", "40P01")  # lock_not_available, serialization_failure, deadlock_detected

P = ParamSpec("P")
T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """True when `exc` says another writer held a lock we needed (not a bug, not bad data)."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE_BUSY_CODES:
        return True
    if getattr(orig, "sqlstate", None) in _PG_BUSY_STATES:
        return True
    text = str(orig).lower()
    return any(words in text for words in _SQLITE_BUSY_WORDS)


@contextmanager
def busy_as_error() -> Iterator[None]:
    """Turn a lock timeout raised inside the block (statement or commit) into DatabaseBusy."""
    try:
        yield
    except DBAPIError as exc:
        if is_busy(exc):
            raise DatabaseBusy(BUSY) from None
        raise


def retried_when_busy(write: Callable[P, T]) -> Callable[P, T]:
    """Run a short single write once more when the database was busy; the second DatabaseBusy is raised.

    Inside a unit of work the lock error only becomes DatabaseBusy when the whole unit ends, so a bound
    repository never retries half of a unit by itself."""

    @functools.wraps(write)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return write(*args, **kwargs)
        except DatabaseBusy:
            return write(*args, **kwargs)

    return attempt


def describe_failure(exc: BaseException) -> str | None:
    """One line for a user about a database failure, without SQL or parameters; None when `exc` is not one."""
    if not isinstance(exc, SQLAlchemyError):
        return None
    if is_busy(exc):
        return BUSY
    orig = getattr(exc, "orig", None) or exc
    if orig is exc:
        # SQLAlchemy's own errors append the statement and a link after the first line.
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        first = first.split(" [SQL:", 1)[0].strip()
    else:
        # The driver's message: its first line is the reason; later lines quote the statement.
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"database error: {first}"
