"""A unit of work: the repositories bound to one transaction, for use cases that span aggregates.

`with store.unit() as uow:` gives `uow.candidates`, `uow.applications`, ... that all write through one
session; the unit commits when the block ends and rolls back if it raises, so a use case such as adding an
applicant (a person, then their application) is all or nothing. The repositories are the ordinary ones: they
are handed a `BoundDatabase`, whose `transaction()` yields the unit's session and never commits by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pipeline_tui.store.activities import ActivityRepository
from pipeline_tui.store.applications import ApplicationRepository
from pipeline_tui.store.candidates import CandidateRepository
from pipeline_tui.store.database import Database
from pipeline_tui.store.jobs import JobRepository
from pipeline_tui.store.pools import PoolRepository
from pipeline_tui.store.tags import TagRepository
from pipeline_tui.store.team import TeamRepository

if TYPE_CHECKING:
    from pipeline_tui.store.prospects import ProspectRepository


class BoundDatabase(Database):
    """The database as the unit's repositories see it: every transaction is the unit's one session.

    It shares everything else with the database it was made from (engine, actor, dialect), copied rather
    than listed so that it follows whatever `Database` carries."""

    def __init__(self, db: Database, session: Session) -> None:
        # Not super().__init__(): that would make a second session factory; this one shares the original's.
        self.__dict__.update(db.__dict__)
        self._unit_session = session
        self.failure: SQLAlchemyError | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if self.failure is not None:
            # The unit's transaction is already lost; a repository explaining why (who has that e-mail)
            # reads in a session of its own that is closed without a commit, so nothing it does is kept.
            with self._sessions() as session:
                yield session
            return
        try:
            yield self._unit_session
        except SQLAlchemyError as exc:
            self.failure = exc
            raise

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Core writes inside a unit go through the unit's own session too (one transaction)."""
        with self.transaction() as session:
            yield session.connection()


class UnitOfWork:
    """The repositories of one transaction. Made by `Store.unit()`; use it only inside its `with` block."""

    def __init__(self, db: Database, session: Session) -> None:
        self._bound = BoundDatabase(db, session)
        self.team = TeamRepository(self._bound)
        self.jobs = JobRepository(self._bound)
        self.candidates = CandidateRepository(self._bound)
        self.applications = ApplicationRepository(self._bound)
        self.pools = PoolRepository(self._bound)
        self.tags = TagRepository(self._bound)
        self.activities = ActivityRepository(self._bound)

    @cached_property
    def prospects(self) -> ProspectRepository:
        from pipeline_tui.store.prospects import ProspectRepository

        return ProspectRepository(self._bound)

    @property
    def actor(self) -> str:
        return self._bound.actor

    def check(self) -> None:
        """Raise the database failure a use case caught and went on from: such a unit must not commit."""
        if self._bound.failure is not None:
            raise self._bound.failure


@contextmanager
def unit_of_work(db: Database) -> Iterator[UnitOfWork]:
    """One transaction for several repositories: committed on a clean exit, rolled back on an exception."""
    with db.transaction() as session:
        uow = UnitOfWork(db, session)
        yield uow
        uow.check()
