"""Scorecard tests' starting points: an interview that has taken place, and acting as one team member (every
scorecard write is the author's own)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from pipeline_tui.store import Store
from pipeline_tui.store.current_user import CurrentUser


def past(hours: int = 3) -> datetime:
    """A whole hour some hours ago (aware UTC): an interview that is over."""
    return (datetime.now(UTC) - timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


def held_interview(store: Store, team: dict, *panel: str, when: datetime | None = None, application=None):
    """A technical interview of Ada's (or `application`'s) that started hours ago, with the named panel
    ("noor", "ola", ...; Noor and Ola when none is named)."""
    members = [team[name].id for name in (panel or ("noor", "ola"))]
    app = application or team["app"]
    return store.interviews.schedule(
        app.id, team["technical"].id, when or past(), timezone="Europe/Berlin", panel=members
    ).interview


@contextmanager
def acting_as(store: Store, member) -> Iterator[Store]:
    """The store's current user is `member` for the block (as PIPELINE_TUI_USER=their e-mail would make it)."""
    before = store.db.user
    store.db.user = CurrentUser(member.email)
    try:
        yield store
    finally:
        store.db.user = before
