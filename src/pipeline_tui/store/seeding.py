"""Bulk writing for demo and synthetic data: SQLAlchemy Core executemany in large chunks.

The repositories write one person or one move per transaction, which is right for a user and far too slow
for a million rows. `SeedWriter` takes plain row dicts (ids assigned by the caller, so related rows can refer
to each other without a round trip), writes them in chunks of one transaction each and afterwards repairs
what bulk inserts skip: PostgreSQL id sequences, planner statistics and the search index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import Table, func, select, text

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.identities import UNIQUE_KINDS, person_identities
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import Base, Candidate, Job, Pool, RejectionReason, Tag, TeamMember
from pipeline_tui.store.search import rebuild_search_index

DEFAULT_CHUNK = 20_000
# Tables whose ids the seeder assigns itself; PostgreSQL's sequences must be moved past them afterwards.
ID_TABLES = (
    "candidate", "job", "stage", "application", "pool", "tag", "stage_event", "activity", "team_member"
)  # fmt: skip
# Rows that name who made them: the writer links each `actor` name to its team member (actor_id).
ACTOR_TABLES = ("stage_event", "activity")


@dataclass(frozen=True)
class Reason:
    id: int
    name: str
    category: str


class SeedWriter:
    """Writes rows table by table, `chunk` rows per transaction. Not for user edits: no rules are checked
    beyond the database's own constraints, so callers must hand it consistent rows."""

    def __init__(self, db: Database, *, chunk: int = DEFAULT_CHUNK) -> None:
        self.db = db
        self.chunk = max(1, chunk)
        self.written: dict[str, int] = {}
        # Team members by name (add_team): stage events and activities written later point at them.
        self.team: dict[str, int] = {}
        self._search_stale = False

    def table(self, name: str) -> Table:
        return Base.metadata.tables[name]

    def next_id(self, name: str) -> int:
        """First free id of a table (the caller numbers its new rows from here)."""
        table = self.table(name)
        with self.db.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1

    def is_empty(self) -> bool:
        """True when the database holds no people, jobs or pools (demo data only goes into an empty one)."""
        with self.db.engine.connect() as conn:
            for model in (Candidate, Job, Pool):
                if conn.execute(select(model.id).limit(1)).first() is not None:
                    return False
        return True

    def reasons(self) -> list[Reason]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(RejectionReason.id, RejectionReason.name, RejectionReason.category).order_by(
                    RejectionReason.category, RejectionReason.position, RejectionReason.id
                )
            ).all()
        return [Reason(id=r.id, name=r.name, category=r.category) for r in rows]

    def existing_tags(self) -> dict[str, int]:
        """name_key -> id of the tags already present, so seeding reuses them instead of clashing."""
        with self.db.engine.connect() as conn:
            return {key: tid for tid, key in conn.execute(select(Tag.id, Tag.name_key))}

    def existing_pool_names(self) -> set[str]:
        with self.db.engine.connect() as conn:
            return {name.lower() for (name,) in conn.execute(select(Pool.name))}

    def add_team(self, people: Iterable[tuple[str, str] | tuple[str, str, str | None]]) -> dict[str, int]:
        """Team members for these (name, role) or (name, role, e-mail) tuples, one per name: an existing
        member of that name is reused, the others are written now. Returns (and remembers) name -> id."""
        with self.db.engine.connect() as conn:
            have = {
                n: i
                for i, n in conn.execute(
                    select(TeamMember.id, TeamMember.name).order_by(TeamMember.id.desc())
                )
            }
        rows, next_id, now = [], self.next_id("team_member"), utcnow()
        for name, role, *email in people:
            if name in self.team:
                continue
            if name in have:
                self.team[name] = have[name]
                continue
            rows.append(
                {
                    "id": next_id,
                    "name": name,
                    "email": email[0] if email else None,
                    "role": role,
                    "active": True,
                    "created_at": now,
                }
            )
            self.team[name] = next_id
            next_id += 1
        self.write("team_member", rows)
        return dict(self.team)

    def write(self, name: str, rows: Iterable[dict], *, progress=None) -> int:
        """Insert every row of `rows` (an iterator is consumed lazily, one chunk at a time)."""
        table = self.table(name)
        dialect = self.db.dialect
        total = 0
        it: Iterator[dict] = iter(rows)
        while True:
            batch = list(islice(it, self.chunk))
            if not batch:
                break
            if name in ACTOR_TABLES and self.team:
                for row in batch:
                    row.setdefault("actor_id", self.team.get(row.get("actor")))
            with self.db.engine.begin() as conn:
                dialect.prepare_bulk_load(conn)
                with dialect.triggers_suspended(conn, (name,)) as suspended:
                    dialect.bulk_insert(conn, table, batch)
                self._search_stale = self._search_stale or suspended
            total += len(batch)
            if progress is not None:
                progress(name, self.written.get(name, 0) + total)
        self.written[name] = self.written.get(name, 0) + total
        return total

    def write_identities(self, people: list[dict]) -> int:
        """The identity rows of people just written (each e-mail, phone and profile, the primary of its
        kind), as the store's own doors would write them. An e-mail or profile two of these people share
        (made-up data may repeat a handle) stays with the first, as migration 0004 does."""
        region = self.db.phone_region
        rows = []
        seen: set[tuple[str, str]] = set()
        for p in people:
            at = p.get("created_at") or utcnow()
            for ident in person_identities(p, region=region):
                if ident.kind in UNIQUE_KINDS and ident.value:
                    if (ident.kind, ident.value) in seen:
                        continue
                    seen.add((ident.kind, ident.value))
                rows.append(
                    {
                        "candidate_id": p["id"],
                        "kind": ident.kind.value,
                        "value": (ident.value or "")[:500],
                        "display": ident.display[:500],
                        "is_primary": True,
                        "created_at": at,
                    }
                )
        return self.write("identity", rows)

    def finish(self) -> None:
        """After bulk inserts: move id sequences past the ids we chose, refresh planner statistics, rebuild
        the search index if this build has one, and let the dialect settle (SQLite folds its log back)."""
        with self.db.engine.begin() as conn:
            self.db.dialect.sync_id_sequences(conn, ID_TABLES)
            conn.execute(text("ANALYZE"))
        if self._search_stale:
            rebuild_search_index(self.db)  # full-text search (migration 0002) rebuilt wholesale
            self._search_stale = False
        self.db.dialect.release_bulk_load(self.db.engine)
