"""One clock for the store: naive UTC datetimes, so SQLite and PostgreSQL compare them the same way.

`pinned_at` sets the clock of the current thread's context to a given moment: the demo writes its
interviews, scorecards and offers through the repositories (so every rule holds) as if each happened at its
time in the demo's past, and the same seed and `now` give the same rows. Other threads never see a pin.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_pinned: ContextVar[datetime | None] = ContextVar("pipeline_tui_pinned_clock", default=None)


def utcnow() -> datetime:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def pinned_at(moment: datetime) -> Iterator[None]:
    """`utcnow()` returns `moment` (naive UTC) inside the block, in this context only."""
    token = _pinned.set(naive(moment) if moment.tzinfo is not None else moment)
    try:
        yield
    finally:
        _pinned.reset(token)


def naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)
