"""How many SQL statements a piece of work sends: the honest check that a bulk action is set-based (a
per-person statement would grow with the people; speed itself is measured in bench/)."""

from __future__ import annotations

from sqlalchemy import event


def statements_during(store, work) -> int:  # noqa: ANN001 - a Store and a callable
    count = 0

    def seen(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(store.db.engine, "before_cursor_execute", seen)
    try:
        work()
    finally:
        event.remove(store.db.engine, "before_cursor_execute", seen)
    return count
