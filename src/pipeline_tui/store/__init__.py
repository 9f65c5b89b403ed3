"""The store: repositories over SQLAlchemy. Everything above it sees frozen records, never sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from pipeline_tui.store.activities import ActivityRepository
from pipeline_tui.store.applicant_detail import ApplicantDetailRepository
from pipeline_tui.store.applications import ApplicationRepository
from pipeline_tui.store.candidates import CandidateRepository
from pipeline_tui.store.database import Database
from pipeline_tui.store.failures import describe_failure
from pipeline_tui.store.jobs import JobRepository
from pipeline_tui.store.pools import PoolRepository
from pipeline_tui.store.tags import TagRepository
from pipeline_tui.store.unit_of_work import UnitOfWork, unit_of_work

if TYPE_CHECKING:
    from pipeline_tui.store.imports import ImportRepository
    from pipeline_tui.store.privacy import PrivacyRepository
    from pipeline_tui.store.prospects import ProspectRepository


class Store:
    """All repositories over one database: what the app, the CLI and tests hold."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.jobs = JobRepository(db)
        self.candidates = CandidateRepository(db)
        self.applications = ApplicationRepository(db)
        self.pools = PoolRepository(db)
        self.tags = TagRepository(db)
        self.activities = ActivityRepository(db)
        self.applicant_detail = ApplicantDetailRepository(db)  # the detail screen's read model

    # The pool browser's, import's and privacy's repositories are loaded on first use: the board is what
    # start-up draws, and every module kept off that path is start-up time saved.

    @cached_property
    def prospects(self) -> ProspectRepository:
        from pipeline_tui.store.prospects import ProspectRepository

        return ProspectRepository(self.db)

    @cached_property
    def imports(self) -> ImportRepository:
        from pipeline_tui.store.imports import ImportRepository

        return ImportRepository(self.db)

    @cached_property
    def privacy(self) -> PrivacyRepository:
        from pipeline_tui.store.privacy import PrivacyRepository

        return PrivacyRepository(self.db)

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """The repositories bound to one transaction, for a use case that spans aggregates: `with
        store.unit() as uow:` commits when the block ends and writes nothing if it raises."""
        with unit_of_work(self.db) as uow:
            yield uow

    @classmethod
    def open(cls, url: str, *, actor: str | None = None) -> Store:
        return cls(Database.open(url, actor=actor))

    def close(self) -> None:
        self.db.close()


__all__ = ["Database", "Store", "UnitOfWork", "describe_failure"]
