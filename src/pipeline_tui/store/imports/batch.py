"""One batch of an import, in one transaction: who is who (new, known by e-mail or by name), then where they go."""

from __future__ import annotations

from sqlalchemy import select, update

from pipeline_tui.core.records import ImportFailure, PersonRow
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.imports.applications import ApplicationWriting
from pipeline_tui.store.imports.links import LinkWriting
from pipeline_tui.store.imports.rows import (
    PERSON_FIELDS,
    ApplicantTarget,
    compatible,
    identity_key,
    pool_status,
)
from pipeline_tui.store.models import Candidate


class Batch(ApplicationWriting, LinkWriting):
    """One transaction's worth of rows."""

    def write(self, batch: list[PersonRow]) -> None:
        rows = self._drop_duplicates_in_file(batch)
        existing = self._existing(rows)
        new_rows = [r for r in rows if id(r) not in existing]
        ids = self._insert_people(new_rows)
        self.new_ids = set(ids.values())
        changed: set[int] = set()
        for r in rows:
            if id(r) in existing:
                cid, current = existing[id(r)]
                ids[id(r)] = cid
                if self._update_person(cid, current, r):
                    changed.add(id(r))
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
        keep = []
        for r in batch:
            email = r.person.get("email")
            if email:
                first = self.run.seen_emails.get(hash(email))
                if first is not None:
                    self.run.duplicates.append(
                        ImportFailure(line=r.line, reason=f"same e-mail as line {first} ({email})")
                    )
                    continue
                self.run.seen_emails[hash(email)] = r.line
            else:
                key = hash(identity_key(r.person))
                first = self.run.seen_keys.get(key)
                if first is not None:
                    self.run.duplicates.append(
                        ImportFailure(line=r.line, reason=f"same person as line {first}")
                    )
                    continue
                self.run.seen_keys[key] = r.line
            keep.append(r)
        return keep

    def _existing(self, rows: list[PersonRow]) -> dict[int, tuple[int, dict]]:
        """Row id -> (candidate id, current values) for people already in the database."""
        cols = [Candidate.id, Candidate.last_contacted_at, *(getattr(Candidate, f) for f in PERSON_FIELDS)]
        found: dict[int, tuple[int, dict]] = {}
        emails = [r.person["email"] for r in rows if r.person.get("email")]
        by_email: dict[str, tuple[int, dict]] = {}
        for chunk in chunks(emails):
            for rec in self.s.execute(select(*cols).where(Candidate.email.in_(chunk))).mappings():
                by_email[rec["email"]] = (rec["id"], dict(rec))
        names = list({r.person["full_name"] for r in rows if not r.person.get("email")})
        by_name: dict[str, list[tuple[int, dict]]] = {}
        for chunk in chunks(names):
            q = select(*cols).where(Candidate.full_name.in_(chunk), Candidate.email.is_(None))
            for rec in self.s.execute(q.order_by(Candidate.id)).mappings():
                by_name.setdefault(rec["full_name"].lower(), []).append((rec["id"], dict(rec)))
        for r in rows:
            email = r.person.get("email")
            if email:
                hit = by_email.get(email)
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

    def _update_person(self, cid: int, current: dict, row: PersonRow) -> bool:
        incoming = row.person
        values: dict[str, object] = {}
        last = current.get("last_contacted_at")
        if row.last_contacted_at and (last is None or last < row.last_contacted_at):
            values["last_contacted_at"] = row.last_contacted_at
        # In an applicant file the source is the application's; an existing person keeps their own.
        skip = ("email", "source") if isinstance(self.target, ApplicantTarget) else ("email",)
        for f in PERSON_FIELDS:
            new = incoming.get(f)
            if f in skip or new is None:
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
