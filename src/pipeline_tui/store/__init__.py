"""The store: repositories over SQLAlchemy. Everything above it sees frozen records, never sessions.

Importing this facade is cheap: SQLAlchemy and the repositories are imported when a store is opened (or a
name such as `Database` is first asked for), so the TUI can draw its first cards (store/board_preview.py,
stdlib sqlite3) while the real store is still being imported and opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipeline_tui.core.change_records import ChangeBatch
    from pipeline_tui.core.retention import RetentionPolicy
    from pipeline_tui.store.board_preview import BoardPreview
    from pipeline_tui.store.change_feed import ChangeFeedRepository
    from pipeline_tui.store.change_reads import ChangeReadRepository
    from pipeline_tui.store.change_watch import ChangeWatch
    from pipeline_tui.store.database import Database
    from pipeline_tui.store.duplicates import DuplicateRepository
    from pipeline_tui.store.enrollments import EnrollmentRepository
    from pipeline_tui.store.failures import describe_failure
    from pipeline_tui.store.imports import ImportRepository
    from pipeline_tui.store.interview_plan import RoundRepository
    from pipeline_tui.store.interviews import InterviewRepository
    from pipeline_tui.store.offers import OfferRepository
    from pipeline_tui.store.privacy import PrivacyRepository
    from pipeline_tui.store.prospects import ProspectRepository
    from pipeline_tui.store.reports import ReportRepository
    from pipeline_tui.store.retention import RetentionRepository
    from pipeline_tui.store.scorecards import ScorecardRepository
    from pipeline_tui.store.sequences import SequenceRepository
    from pipeline_tui.store.touches import TouchRepository
    from pipeline_tui.store.unit_of_work import UnitOfWork


class Store:
    """All repositories over one database: what the app, the CLI and tests hold."""

    def __init__(self, db: Database) -> None:
        from pipeline_tui.store.activities import ActivityRepository
        from pipeline_tui.store.applications import ApplicationRepository
        from pipeline_tui.store.candidates import CandidateRepository
        from pipeline_tui.store.files import FileRepository
        from pipeline_tui.store.jobs import JobRepository
        from pipeline_tui.store.person_detail import PersonDetailRepository
        from pipeline_tui.store.pools import PoolRepository
        from pipeline_tui.store.tags import TagRepository
        from pipeline_tui.store.team import TeamRepository

        self.db = db
        self.team = TeamRepository(db)  # the hiring team and the current user
        self.jobs = JobRepository(db)
        self.candidates = CandidateRepository(db)
        self.applications = ApplicationRepository(db)
        self.pools = PoolRepository(db)
        self.tags = TagRepository(db)
        self.activities = ActivityRepository(db)
        self.person_detail = PersonDetailRepository(db)  # the person screen's read model, find anyone
        self.files = FileRepository(db)  # files attached to people (CV, portfolio)

    # The pool browser's, import's and privacy's repositories are loaded on first use: the board is what
    # start-up draws, and every module kept off that path is start-up time saved.

    @cached_property
    def prospects(self) -> ProspectRepository:
        from pipeline_tui.store.prospects import ProspectRepository

        return ProspectRepository(self.db)

    @property
    def duplicates(self) -> DuplicateRepository:
        # The pool browser's: its segment, its pages and `m` share one remembered list of pairs.
        return self.prospects.duplicates

    @cached_property
    def imports(self) -> ImportRepository:
        from pipeline_tui.store.imports import ImportRepository

        return ImportRepository(self.db)

    @cached_property
    def privacy(self) -> PrivacyRepository:
        from pipeline_tui.store.privacy import PrivacyRepository

        return PrivacyRepository(self.db)

    @cached_property
    def retention(self) -> RetentionRepository:
        from pipeline_tui.store.retention import RetentionRepository

        return RetentionRepository(self.db)

    # Interviews, scorecards and offers (#13): loaded on first use, like the pool browser's.

    @cached_property
    def rounds(self) -> RoundRepository:
        from pipeline_tui.store.interview_plan import RoundRepository

        return RoundRepository(self.db)

    @cached_property
    def interviews(self) -> InterviewRepository:
        from pipeline_tui.store.interviews import InterviewRepository

        return InterviewRepository(self.db)

    @cached_property
    def scorecards(self) -> ScorecardRepository:
        from pipeline_tui.store.scorecards import ScorecardRepository

        return ScorecardRepository(self.db)

    @cached_property
    def offers(self) -> OfferRepository:
        from pipeline_tui.store.offers import OfferRepository

        return OfferRepository(self.db)

    # Nurture sequences (#14): the sequences, who is enrolled in them, and their touches (the due queue).

    @cached_property
    def sequences(self) -> SequenceRepository:
        from pipeline_tui.store.sequences import SequenceRepository

        return SequenceRepository(self.db)

    @cached_property
    def enrollments(self) -> EnrollmentRepository:
        from pipeline_tui.store.enrollments import EnrollmentRepository

        return EnrollmentRepository(self.db)

    @cached_property
    def touches(self) -> TouchRepository:
        from pipeline_tui.store.touches import TouchRepository

        return TouchRepository(self.db)

    # Reports (#15): SQL aggregates over the history, read only.

    @cached_property
    def reports(self) -> ReportRepository:
        from pipeline_tui.store.reports import ReportRepository

        return ReportRepository(self.db)

    # Team mode (#16): the change log, followed live and read as the activity feed.

    @cached_property
    def changes(self) -> ChangeReadRepository:
        from pipeline_tui.store.change_reads import ChangeReadRepository

        return ChangeReadRepository(self.db)

    @cached_property
    def activity_feed(self) -> ChangeFeedRepository:
        from pipeline_tui.store.change_feed import ChangeFeedRepository

        return ChangeFeedRepository(self.db)

    def watch(
        self,
        on_batch: Callable[[ChangeBatch], None],
        on_status: Callable[[bool, str], None] | None = None,
        **options: float,
    ) -> ChangeWatch:
        """A follower of the change log (not started): `on_batch` gets others' changes as they commit."""
        from pipeline_tui.store.change_watch import ChangeWatch

        return ChangeWatch(self.db, on_batch, on_status, **options)

    @property
    def actor(self) -> str:
        """The current user's name as history records it."""
        return self.db.actor

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """The repositories bound to one transaction, for a use case that spans aggregates: `with
        store.unit() as uow:` commits when the block ends and writes nothing if it raises."""
        from pipeline_tui.store.unit_of_work import unit_of_work

        with unit_of_work(self.db) as uow:
            yield uow

    @classmethod
    def open(
        cls,
        url: str,
        *,
        actor: str | None = None,
        phone_region: str | None = None,
        retention: RetentionPolicy | None = None,
    ) -> Store:
        from pipeline_tui.store.database import Database

        db = Database.open(url, actor=actor)
        if phone_region:
            db.phone_region = phone_region
        db.retention = retention
        return cls(db)

    def close(self) -> None:
        self.db.close()


def read_board_preview(value: str, remembered_job: object, *, cards: int) -> BoardPreview | None:
    """The first cards of a board read without SQLAlchemy, or None when that cannot be vouched for (see
    store/board_preview.py)."""
    from pipeline_tui.store.board_preview import read_preview

    return read_preview(value, remembered_job, cards=cards)


def preview_key(value: str) -> str | None:
    """The key `Store.open(value).db.url` will have, worked out without SQLAlchemy (None: cannot tell)."""
    from pipeline_tui.store.board_preview import preview_key as key

    return key(value)


def __getattr__(name: str) -> Any:
    """`Database`, `UnitOfWork` and `describe_failure` are loaded on first use: each imports SQLAlchemy."""
    if name == "BoardPreview":
        from pipeline_tui.store.board_preview import BoardPreview as value
    elif name == "Database":
        from pipeline_tui.store.database import Database as value
    elif name == "UnitOfWork":
        from pipeline_tui.store.unit_of_work import UnitOfWork as value
    elif name == "describe_failure":
        from pipeline_tui.store.failures import describe_failure as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "BoardPreview",
    "Database",
    "Store",
    "UnitOfWork",
    "describe_failure",
    "preview_key",
    "read_board_preview",
]
