"""One batch of an import, in one transaction: who is who (new, known by e-mail or by name), then where they go."""

from __future__ import annotations

from sqlalchemy import select, update

from pipeline_tui.core.records import ImportFailure, PersonRow
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.imports.applications import ApplicationWriting
from pipeline_tui.store.imports.identities import IdentityMatching
from pipeline_tui.store.imports.links import LinkWriting
from pipeline_tui.store.imports.rows import (
    PERSON_FIELDS,
    ApplicantTarget,
    compatible,
    identity_key,
    pool_status,
)
from pipeline_tui.store.models import Candidate


class Batch(ApplicationWriting, LinkWriting, IdentityMatching):
    """One transaction's worth of rows."""

    def write(self, batch: list[PersonRow]) -> None:
        rows = self._drop_duplicates_in_file(batch)
        existing = self._existing(rows)
        new_rows = [r for r in rows if id(r) not in existing]
        ids = self._insert_people(new_rows)
        self.new_ids = set(ids.values())
        for r in rows:
            if id(r) in existing:
                ids[id(r)] = existing[id(r)][0]
        known = {**self.late_known, **{cid: current for cid, current in existing.values()}}
        pairs = [(r, ids[id(r)]) for r in rows]
        pairs += [(r, self.late_owner[id(r)]) for r in self.late if id(r) in self.late_owner]
        self._write_identities(pairs, known)
        changed: set[int] = set()
        for r in rows:
            if id(r) in existing:
                cid, current = existing[id(r)]
                if self._update_person(cid, current, r):
                    changed.add(id(r))
        in_rows = {ids[id(r)] for r in rows}
        for cid in [c for c in self.primaries if c not in in_rows]:
            self._update_person(cid, known.get(cid, {}), None)  # a duplicate row of an earlier batch
        by_row = [(r, ids[id(r)]) for r in rows]
        self.candidate_ids = list(dict.fromkeys(cid for _, cid in by_row))
        touched = self._target(by_row)
        touched |= self._tags(by_row)
        touched |= self._notes(by_row, existing)
        touched |= self._row_pools(by_row)
        for r in rows:
            if id(r) not in existing:
                self.run.created += 1
            elif id(r) in changed or id(r) in touched:
                self.run.updated += 1
            else:
                self.run.duplicates.append(
                    ImportFailure(line=r.line, reason=f"already here as candidate #{ids[id(r)]}, nothing new")
                )

    # -- who is who -------------------------------------------------------------------------------------

    def _drop_duplicates_in_file(self, batch: list[PersonRow]) -> list[PersonRow]:
        """Rows sharing an e-mail or profile are one person (imports/identities.py); rows with neither are
        one person when their name key (name, phone, LinkedIn, company) is the same."""
        keep = []
        for r in self._group_in_file(batch):
            if self._keys(r):
                keep.append(r)
                continue
            key = hash(identity_key(r.person))
            first = self.run.seen_keys.get(key)
            if first is not None:
                self.run.duplicates.append(ImportFailure(line=r.line, reason=f"same person as line {first}"))
                continue
            self.run.seen_keys[key] = r.line
            keep.append(r)
        return keep

    def _existing(self, rows: list[PersonRow]) -> dict[int, tuple[int, dict]]:
        """Row id -> (candidate id, current values) for people already in the database: by any e-mail or
        profile of the row (the first one someone holds decides), else by name."""
        cols = [Candidate.id, Candidate.last_contacted_at, *(getattr(Candidate, f) for f in PERSON_FIELDS)]
        owners = self._owners([*rows, *self.late])
        self.taken.update({key: hit[0] for key, hit in owners.items()})
        for r in self.late:
            hit = next((owners[k] for k in self._keys(r) if k in owners), None)
            if hit:
                self.late_owner[id(r)] = hit[0]
                self.late_known[hit[0]] = hit[1]
        names = list({r.person["full_name"] for r in rows if not self._keys(r)})
        by_name: dict[str, list[tuple[int, dict]]] = {}
        for chunk in chunks(names):
            q = select(*cols).where(Candidate.full_name.in_(chunk), Candidate.email.is_(None))
            for rec in self.s.execute(q.order_by(Candidate.id)).mappings():
                by_name.setdefault(rec["full_name"].lower(), []).append((rec["id"], dict(rec)))
        found: dict[int, tuple[int, dict]] = {}
        for r in rows:
            keys = self._keys(r)
            if keys:
                hit = next((owners[k] for k in keys if k in owners), None)
                if hit:
                    self._note_conflict(r, keys, owners)
            else:
                key = identity_key(r.person)
                hit = next((c for c in by_name.get(key[0], ()) if compatible(key, identity_key(c[1]))), None)
            if hit:
                found[id(r)] = hit
        return found

    def _insert_people(self, rows: list[PersonRow]) -> dict[int, int]:
        if not rows:
            return {}
        values = []
        for r in rows:
            v = {f: r.person.get(f) for f in PERSON_FIELDS}
            v.update(
                consent_status="unknown",
                last_contacted_at=r.last_contacted_at,
                created_at=r.created_at or self.now,
                updated_at=self.now,
            )
            values.append(v)
        new_ids = self._insert_returning_ids(Candidate, values)
        return {id(r): cid for r, cid in zip(rows, new_ids, strict=True)}

    def _update_person(self, cid: int, current: dict, row: PersonRow | None) -> bool:
        """Fill the person's empty fields from the row (all of them with --update), and copy the primaries of
        the kinds this batch gave them their first identity of (imports/identities.py)."""
        incoming = row.person if row is not None else {}
        values: dict[str, object] = dict(self.primaries.get(cid, {}))
        last = current.get("last_contacted_at")
        if row is not None and row.last_contacted_at and (last is None or last < row.last_contacted_at):
            values["last_contacted_at"] = row.last_contacted_at
        # In an applicant file the source is the application's; an existing person keeps their own. The
        # e-mail column is the primary's (filled above); a profile someone else holds is not copied.
        skip = ("email", "source") if isinstance(self.target, ApplicantTarget) else ("email",)
        for f in PERSON_FIELDS:
            new = incoming.get(f)
            if f in skip or new is None or (cid, f) in self.refused:
                continue
            old = current.get(f)
            if old is None or (self.update_existing and old != new):
                values[f] = new
        if not values:
            return False
        self.s.execute(update(Candidate).where(Candidate.id == cid).values(updated_at=self.now, **values))
        return True

    # -- where they go ----------------------------------------------------------------------------------

    def _target(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        if isinstance(self.target, ApplicantTarget):
            return self._applications(by_row, self.target)
        pool_id = self._pool_id(self.target.pool_name)
        wanted = " ".join(self.target.pool_name.split()).lower()
        statuses = {
            id(r): next(
                (pool_status(st) for name, st in r.pools if " ".join(name.split()).lower() == wanted),
                pool_status(r.status or r.stage),
            )
            for r, _ in by_row
        }
        touched = self._memberships(pool_id, [(r, cid, statuses[id(r)]) for r, cid in by_row])
        if self.target.tags:
            touched |= self._tag_links([(r, cid, self.target.tags) for r, cid in by_row])
        return touched
