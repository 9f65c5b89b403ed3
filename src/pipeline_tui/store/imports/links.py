"""What comes with an imported person: pool memberships, tags and notes, each written once however often a
file (or a re-run) names them."""

from __future__ import annotations

from sqlalchemy import and_, func, select

from pipeline_tui.core.records import PersonRow
from pipeline_tui.core.validation import clean_tag, tag_key
from pipeline_tui.core.vocabulary import ActivityKind, PoolStatus
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.imports.rows import pool_status
from pipeline_tui.store.imports.state import BatchState
from pipeline_tui.store.models import Activity, CandidateTag, Pool, PoolMember, Tag


class LinkWriting(BatchState):
    """The pools, tags and notes of a batch. Each method returns the ids of the rows it added something for."""

    def _pool_id(self, name: str) -> int:
        clean = " ".join(name.split())
        pool_id = self.s.scalar(select(Pool.id).where(func.lower(Pool.name) == clean.lower()))
        if pool_id is None:
            pool = Pool(name=clean, owner=self.actor, created_at=self.now)
            self.s.add(pool)
            self.s.flush()
            pool_id = pool.id
            self.run.pools_created.append(clean)
        return pool_id

    def _memberships(self, pool_id: int, items: list[tuple[PersonRow, int, str | None]]) -> set[int]:
        ids = [cid for _, cid, _ in items if cid not in self.new_ids]
        have: set[int] = set()
        for chunk in chunks(ids):
            have.update(
                self.s.scalars(
                    select(PoolMember.candidate_id).where(
                        PoolMember.pool_id == pool_id, PoolMember.candidate_id.in_(chunk)
                    )
                )
            )
        have.update(c for p, c in self.memberships_written if p == pool_id)
        values, touched = [], set()
        for r, cid, status in items:
            if cid in have:
                continue
            have.add(cid)
            self.memberships_written.add((pool_id, cid))
            values.append(
                {
                    "pool_id": pool_id,
                    "candidate_id": cid,
                    "added_at": self.now,
                    "added_by": self.actor,
                    "status": status or PoolStatus.NEW,
                }
            )
            touched.add(id(r))
        if values:
            self._bulk_insert(PoolMember, values)
            self.run.memberships += len(values)
        return touched

    def _row_pools(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        """Pools a row names itself (e.g. our own prospect export): restored with their statuses."""
        per_pool: dict[str, list[tuple[PersonRow, int, str | None]]] = {}
        for r, cid in by_row:
            for name, status in r.pools:
                if name and name.strip():
                    per_pool.setdefault(" ".join(name.split()), []).append((r, cid, pool_status(status)))
        touched: set[int] = set()
        for name, items in per_pool.items():
            touched |= self._memberships(self._pool_id(name), items)
        return touched

    def _tags(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        return self._tag_links([(r, cid, r.tags) for r, cid in by_row if r.tags])

    def _tag_links(self, items: list[tuple[PersonRow, int, tuple[str, ...]]]) -> set[int]:
        if not items:
            return set()
        names: dict[str, str] = {}
        for _, _, tags in items:
            for t in tags:
                names.setdefault(tag_key(t), t)
        tag_ids = self._tag_ids(names)
        cids = list({cid for _, cid, _ in items if cid not in self.new_ids})
        have: set[tuple[int, int]] = set()
        for chunk in chunks(cids):
            have.update(
                (c, t)
                for c, t in self.s.execute(
                    select(CandidateTag.candidate_id, CandidateTag.tag_id).where(
                        CandidateTag.candidate_id.in_(chunk)
                    )
                )
            )
        have |= self.tag_links_written
        values, touched = [], set()
        for r, cid, tags in items:
            for t in tags:
                pair = (cid, tag_ids[tag_key(t)])
                if pair in have:
                    continue
                have.add(pair)
                self.tag_links_written.add(pair)
                values.append({"candidate_id": pair[0], "tag_id": pair[1]})
                touched.add(id(r))
        if values:
            self._bulk_insert(CandidateTag, values)
        return touched

    def _tag_ids(self, names: dict[str, str]) -> dict[str, int]:
        """Tag key -> id for every key of `names` (key -> name as written), creating the missing tags."""
        tag_ids = self._known_tags(list(names))
        missing = [k for k in names if k not in tag_ids]
        if missing:
            self._bulk_insert(Tag, [{"name": clean_tag(names[k]), "name_key": k} for k in missing])
            tag_ids.update(self._known_tags(missing))
        return tag_ids

    def _known_tags(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(keys):
            # (A Result has .keys(), so dict.update would take it for a mapping: unpack the rows.)
            found.update(
                {k: i for k, i in self.s.execute(select(Tag.name_key, Tag.id).where(Tag.name_key.in_(chunk)))}
            )
        return found

    def _notes(self, by_row: list[tuple[PersonRow, int]], existing: dict) -> set[int]:
        """The row's note, and the stage it named when the job has no such stage; never the same text twice."""
        items = [
            (r, cid, body) for r, cid in by_row for body in (r.note, self.stage_notes.get(id(r))) if body
        ]
        if not items:
            return set()
        known_ids = list(dict.fromkeys(cid for r, cid, _ in items if id(r) in existing))
        have: set[tuple[int, str]] = set()
        for chunk in chunks(known_ids):
            have.update(
                (c, b)
                for c, b in self.s.execute(
                    select(Activity.candidate_id, Activity.body).where(
                        and_(Activity.candidate_id.in_(chunk), Activity.kind == ActivityKind.NOTE)
                    )
                )
            )
        values, touched = [], set()
        for r, cid, body in items:
            if (cid, body) in have:
                continue
            have.add((cid, body))
            values.append(
                {
                    "candidate_id": cid,
                    "kind": ActivityKind.NOTE,
                    "body": body,
                    "at": self.now,
                    "actor": self.actor,
                    "actor_id": self.actor_id,
                }
            )
            touched.add(id(r))
        if values:
            self._bulk_insert(Activity, values)
        return touched
