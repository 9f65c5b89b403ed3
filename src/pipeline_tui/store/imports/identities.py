"""Who an import row is, by identity: its e-mails, LinkedIn, GitHub and website, matched set-based.

A batch asks the database once per identity kind (and 1,000 values a chunk) who holds any of its rows'
addresses and profiles: a row whose identity someone holds updates that person. Rows of one file that share
an identity are one person: the first names them, the others are reported as duplicates and their further
addresses are added to that person. Every new address of a row nobody holds becomes an identity of its person
(the first of a kind they lack is the primary, copied to the candidate's column); one that another person
holds is left out, never taken from them.
"""

from __future__ import annotations

from sqlalchemy import select, update

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.identities import (
    KIND_FIELDS,
    Identity,
    IdentityKind,
    canonical_github,
    canonical_linkedin,
    canonical_phone,
    canonical_website,
)
from pipeline_tui.core.records import ImportFailure, PersonRow
from pipeline_tui.core.validation import normalise_email
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.identities import MATCHED, UNIQUE_ROWS
from pipeline_tui.store.imports.rows import PERSON_FIELDS
from pipeline_tui.store.imports.state import BatchState
from pipeline_tui.store.models import Candidate
from pipeline_tui.store.models import Identity as IdentityRow

_PROFILES = (
    (IdentityKind.LINKEDIN, "linkedin_url", canonical_linkedin),
    (IdentityKind.GITHUB, "github_url", canonical_github),
    (IdentityKind.WEBSITE, "website_url", canonical_website),
)
_WHAT = {IdentityKind.EMAIL: "e-mail", IdentityKind.LINKEDIN: "LinkedIn", IdentityKind.GITHUB: "GitHub"}

Key = tuple[str, str]
Hit = tuple[int, dict]


class IdentityMatching(BatchState):
    """The identity half of a batch: keys per row, duplicates in the file, owners in the database."""

    def _identities(self, r: PersonRow) -> list[Identity]:
        """The row's identities, primary e-mail first (cached per row for the batch)."""
        cached = self.row_identities.get(id(r))
        if cached is not None:
            return cached
        person = r.person
        out: list[Identity] = []
        email = person.get("email")
        if email:
            out.append(Identity(IdentityKind.EMAIL, email, email))
        for other in r.other_emails:
            try:
                value = normalise_email(other)
            except InvalidInput:
                continue
            if value and value != email:
                out.append(Identity(IdentityKind.EMAIL, value, other.strip()))
        for kind, field, canonical in _PROFILES:
            typed = person.get(field)
            if typed:
                out.append(Identity(kind, canonical(typed), typed))
        phone = person.get("phone")
        if phone:
            out.append(Identity(IdentityKind.PHONE, canonical_phone(phone, self.region), phone))
        self.row_identities[id(r)] = out
        return out

    def _keys(self, r: PersonRow) -> list[Key]:
        """The row's (kind, value) match keys: its e-mails and profiles (cached per row)."""
        keys = self.row_keys.get(id(r))
        if keys is None:
            keys = [(str(i.kind), i.value) for i in self._identities(r) if i.kind in MATCHED and i.value]
            self.row_keys[id(r)] = keys
        return keys

    def _group_in_file(self, batch: list[PersonRow]) -> list[PersonRow]:
        """The batch's first row of each person; later rows sharing an identity are reported as duplicates
        and lend their addresses to the first (or, when an earlier batch named them, to whoever has them)."""
        keep: list[PersonRow] = []
        leaders: dict[Key, PersonRow] = {}
        for r in batch:
            keys = self._keys(r)
            if not keys:
                keep.append(r)  # no e-mail nor profile: recognised by name, see Batch._existing
                continue
            first = None
            for k in keys:
                first = self.run.seen_identities.get(hash(k))
                if first is not None:
                    what = _WHAT.get(IdentityKind(k[0]), k[0])
                    reason = (
                        f"same e-mail as line {first} ({k[1]})"
                        if k[0] == IdentityKind.EMAIL
                        else f"same {what} as line {first} ({k[1]})"
                    )
                    self.run.duplicates.append(ImportFailure(line=r.line, reason=reason))
                    leader = leaders.get(k)
                    if leader is not None:
                        self.lent[id(leader)].extend(self._identities(r))
                    else:
                        self.late.append(r)
                    # Their other addresses are that person's too: a later row naming one is them.
                    for other in keys:
                        self.run.seen_identities.setdefault(hash(other), first)
                        if leader is not None:
                            leaders.setdefault(other, leader)
                    break
            if first is not None:
                continue
            for k in keys:
                self.run.seen_identities[hash(k)] = r.line
                leaders[k] = r
            self.lent[id(r)] = []
            keep.append(r)
        return keep

    def _owners(self, rows: list[PersonRow]) -> dict[Key, Hit]:
        """(kind, value) -> (candidate id, current values) for every row identity someone holds."""
        cols = [Candidate.id, Candidate.last_contacted_at, *(getattr(Candidate, f) for f in PERSON_FIELDS)]
        by_kind: dict[str, set[str]] = {}
        for r in rows:
            for kind, value in self._keys(r):
                by_kind.setdefault(kind, set()).add(value)
            for ident in self.lent.get(id(r), ()):
                if ident.kind in MATCHED and ident.value:
                    by_kind.setdefault(ident.kind.value, set()).add(ident.value)
        found: dict[Key, Hit] = {}
        for kind, values in by_kind.items():
            for chunk in chunks(sorted(values)):
                q = (
                    select(IdentityRow.value, *cols)
                    .join(Candidate, Candidate.id == IdentityRow.candidate_id)
                    .where(UNIQUE_ROWS, IdentityRow.kind == kind, IdentityRow.value.in_(chunk))
                )
                for rec in self.s.execute(q).mappings():
                    found[(kind, rec["value"])] = (rec["id"], {c.key: rec[c.key] for c in cols})
        return found

    def _note_conflict(self, r: PersonRow, keys: list[Key], owners: dict[Key, Hit]) -> None:
        """A row whose addresses belong to two people on file goes to the first one's holder; the report
        names the row and both people, and says the other address stays with whoever has it."""
        held = [(k, owners[k]) for k in keys if k in owners]
        first_key, (first_id, first) = held[0]
        other = next(((k, hit) for k, hit in held if hit[0] != first_id), None)
        if other is None:
            return
        other_key, (other_id, theirs) = other
        mine, its = (IdentityKind(k[0]).label for k in (first_key, other_key))
        self.run.conflicts.append(
            ImportFailure(
                line=r.line,
                reason=f"its {mine} {first_key[1]} is {first['full_name']}'s (#{first_id}) but its {its} "
                f"{other_key[1]} is {theirs['full_name']}'s (#{other_id}): it was matched to "
                f"{first['full_name']}; the {its} stays with {theirs['full_name']}",
            )
        )

    def _write_identities(self, pairs: list[tuple[PersonRow, int]], known: dict[int, dict]) -> None:
        """The identities of each (row, person) that nobody holds yet. `known`: candidate id -> current
        values for people already in the database (whose filled columns say which kinds have a primary)."""
        values: list[dict] = []
        demoted: dict[str, list[int]] = {}
        for r, cid in pairs:
            current = known.get(cid)
            have_kind = {k for k, f in KIND_FIELDS.items() if current and current.get(f)}
            own = self._identities(r)
            for ident in (*own, *self.lent.get(id(r), ())):
                key = (ident.kind.value, ident.value or "")
                if ident.kind in MATCHED:
                    if not ident.value:
                        continue
                    owner = self.taken.get(key)
                    if owner is not None:
                        if owner != cid:  # someone else's: never taken from them, nor copied to this one
                            self.refused.add((cid, KIND_FIELDS[ident.kind]))
                        continue
                    self.taken[key] = cid
                else:
                    phone_key = (cid, ident.value or ident.display)
                    if phone_key in self.phones_written or (
                        current and _same_phone(current, ident, self.region)
                    ):
                        continue
                    self.phones_written.add(phone_key)
                primary = ident.kind not in have_kind
                if not primary and self._overwrites(current, ident, own):
                    # --update: the row's profile or phone replaces the one on file, as its column does.
                    primary = True
                    demoted.setdefault(ident.kind.value, []).append(cid)
                have_kind.add(ident.kind)
                values.append(
                    {
                        "candidate_id": cid,
                        "kind": ident.kind.value,
                        "value": (ident.value or "")[:500],
                        "display": ident.display[:500],
                        "is_primary": primary,
                        "created_at": self.now,
                    }
                )
                if primary and current is not None:
                    self.primaries.setdefault(cid, {})[KIND_FIELDS[ident.kind]] = (
                        ident.value if ident.kind is IdentityKind.EMAIL else ident.display
                    )
        for kind, cids in demoted.items():
            for chunk in chunks(cids):
                self.s.execute(
                    update(IdentityRow)
                    .where(IdentityRow.kind == kind, IdentityRow.candidate_id.in_(chunk))
                    .values(is_primary=False)
                )
        if values:
            self._bulk_insert(IdentityRow, values)

    def _overwrites(self, current: dict | None, ident: Identity, own: list[Identity]) -> bool:
        """With --update, the row's own first phone or profile of a kind becomes the person's primary."""
        if not self.update_existing or current is None or ident.kind is IdentityKind.EMAIL:
            return False
        return next((i for i in own if i.kind is ident.kind), None) is ident


def _same_phone(current: dict, ident: Identity, region: str) -> bool:
    """The person's phone on file is this one (as typed, or the same number)."""
    mine = (current.get("phone") or "").strip()
    if not mine:
        return False
    return mine == ident.display.strip() or (
        ident.value is not None and canonical_phone(mine, region) == ident.value
    )
