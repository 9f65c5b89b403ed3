"""One clock for the store: naive UTC datetimes, so SQLite and PostgreSQL compare them the same way."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
