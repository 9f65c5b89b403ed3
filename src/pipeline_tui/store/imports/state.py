"""What an import keeps while it runs: across batches (`Run`) and within one batch's transaction."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.identities import DEFAULT_PHONE_REGION
from pipeline_tui.core.records import ImportFailure
from pipeline_tui.store.current_user import Actor
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.imports.rows import ApplicantTarget, ProspectTarget


@dataclass
class Run:
    """State that spans batches: who the file already named (duplicates within the file), and the counts."""

    # Who the file named so far, by the hash of each e-mail or profile (kind, value), or of the name key of a
    # row with neither -> the line: a 200,000-row file keeps small ints here, not strings. A batch adds to an
    # overlay (see `trial`).
    seen_identities: MutableMapping[int, int] = field(default_factory=dict)
    seen_keys: MutableMapping[int, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    duplicates: list[ImportFailure] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    conflicts: list[ImportFailure] = field(default_factory=list)
    applications: int = 0
    memberships: int = 0
    pools_created: list[str] = field(default_factory=list)
    unknown_stages: dict[str, int] = field(default_factory=dict)
    done: int = 0

    def trial(self) -> Run:
        """A batch's own state: what it sees is added over this run's, so a retried or rolled-back batch
        counts once and nothing is copied per batch (a copy made a 200,000-row import quadratic)."""
        return Run(seen_identities=ChainMap({}, self.seen_identities), seen_keys=ChainMap({}, self.seen_keys))

    def add(self, batch: Run) -> None:
        """Take over a committed batch's state and counts."""
        pairs = ((self.seen_identities, batch.seen_identities), (self.seen_keys, batch.seen_keys))
        for mine, theirs in pairs:
            mine.update(theirs.maps[0] if isinstance(theirs, ChainMap) else theirs)
        self.created += batch.created
        self.updated += batch.updated
        self.duplicates.extend(batch.duplicates)
        self.failed.extend(batch.failed)
        self.conflicts.extend(batch.conflicts)
        self.applications += batch.applications
        self.memberships += batch.memberships
        self.pools_created.extend(p for p in batch.pools_created if p not in self.pools_created)
        for name, n in batch.unknown_stages.items():
            self.unknown_stages[name] = self.unknown_stages.get(name, 0) + n


class BatchState:
    """One transaction's worth of rows: the session, who writes, and what this batch already wrote."""

    def __init__(
        self,
        s: Session,
        actor: Actor,
        target: ApplicantTarget | ProspectTarget,
        run: Run,
        update_existing: bool,
        dialect: Dialect,
        region: str = DEFAULT_PHONE_REGION,
    ) -> None:
        self.s = s
        # Who imports: the name history shows and their team member's id.
        self.actor = actor.name
        self.actor_id = actor.id
        self.target = target
        self.run = run
        self.update_existing = update_existing
        self.dialect = dialect
        self.region = region  # phones without +country code are read in this region
        self.now = utcnow()
        self.candidate_ids: list[int] = []
        # People created in this batch: nothing can link to them yet, so no lookups are needed for them.
        self.new_ids: set[int] = set()
        # Links written by this batch, so a second pass (row pools, target tags) does not repeat one.
        self.memberships_written: set[tuple[int, int]] = set()
        self.tag_links_written: set[tuple[int, int]] = set()
        # Row id -> a note that the row named a stage this job does not have (kept with the person).
        self.stage_notes: dict[int, str] = {}
        # Identities (see imports/identities.py): per row, lent by its later duplicates in the batch, rows
        # naming people of earlier batches, (kind, value) -> holder, phones written, primaries to copy.
        self.row_identities: dict[int, list] = {}
        self.row_keys: dict[int, list[tuple[str, str]]] = {}
        self.lent: dict[int, list] = {}
        self.late: list = []
        self.taken: dict[tuple[str, str], int] = {}
        self.phones_written: set[tuple[int, str]] = set()
        self.primaries: dict[int, dict[str, str | None]] = {}
        self.late_owner: dict[int, int] = {}
        self.late_known: dict[int, dict] = {}
        self.refused: set[tuple[int, str]] = set()

    def _insert_returning_ids(self, model, values: list[dict]) -> list[int]:
        """Insert many rows; their new ids in the order given."""
        table = model.__table__
        ids = self.dialect.insert_returning_ids(self.s.connection(), table, values)
        if len(ids) != len(values):
            raise RuntimeError(f"inserted {len(values)} {table.name} rows but found {len(ids)} new ids")
        return ids

    def _bulk_insert(self, model, values: list[dict]) -> None:
        self.dialect.bulk_insert(self.s.connection(), model.__table__, values)
