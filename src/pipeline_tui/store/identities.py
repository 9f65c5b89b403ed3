"""A person's identities in the database: the one code path that writes `identity` rows and the candidate
columns that copy each kind's primary (email, phone, linkedin_url, github_url, website_url).

Every lookup is an indexed one: `uq_identity_kind_value` (each e-mail or profile belongs to one person) for
"who has this?", `ix_identity_candidate` for "what does this person have?". Lookups repeat the unique index's
condition (`kind <> 'phone'`) so SQLite's planner can use the partial index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import DuplicateCandidate
from pipeline_tui.core.identities import KIND_FIELDS, UNIQUE_KINDS, Identity, IdentityKind
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.models import UNIQUE_IDENTITY, Candidate
from pipeline_tui.store.models import Identity as IdentityRow

# The unique index's own condition, as SQL text: SQLite uses a partial index only when the query repeats it.
UNIQUE_ROWS = text("identity.kind <> 'phone'")
# Identity kinds a door matches people on (a shared phone is a possible duplicate, never the same person).
MATCHED = frozenset(UNIQUE_KINDS)


def stored_value(ident: Identity) -> str:
    """What the `value` column holds: the canonical form, or '' for a phone that could not be parsed."""
    return (ident.value or "")[:500]


def owners(s: Session, idents: Iterable[Identity]) -> dict[tuple[str, str], tuple[int, str]]:
    """(kind, canonical value) -> (candidate id, name) of whoever holds each e-mail or profile already."""
    by_kind: dict[str, set[str]] = {}
    for ident in idents:
        if ident.kind in MATCHED and ident.value:
            by_kind.setdefault(ident.kind, set()).add(ident.value)
    return owners_of(s, by_kind)


def owners_of(s: Session, by_kind: dict[str, set[str]]) -> dict[tuple[str, str], tuple[int, str]]:
    """The same for values grouped by kind: one indexed query per kind and chunk (imports give 1,000)."""
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, values in by_kind.items():
        for chunk in chunks(sorted(values)):
            q = (
                select(IdentityRow.value, IdentityRow.candidate_id, Candidate.full_name)
                .join(Candidate, Candidate.id == IdentityRow.candidate_id)
                .where(UNIQUE_ROWS, IdentityRow.kind == kind, IdentityRow.value.in_(chunk))
            )
            for value, cid, name in s.execute(q):
                found[(kind, value)] = (cid, name)
    return found


def refuse_taken(s: Session, idents: Iterable[Identity], except_id: int | None = None) -> None:
    """Raise DuplicateCandidate naming who has one of these e-mails or profiles (other than `except_id`)."""
    idents = list(idents)
    taken = owners(s, idents)
    for ident in idents:
        hit = taken.get((ident.kind, ident.value or ""))
        if hit and hit[0] != except_id:
            raise DuplicateCandidate(ident.display, hit[0], hit[1])


def holder(s: Session, kind: str, value: str) -> int | None:
    """The candidate id holding one e-mail or profile, or None."""
    hit = owners_of(s, {kind: {value}}).get((kind, value))
    return hit[0] if hit else None


def email_prefix(s: Session, typed: str, limit: int) -> list[int]:
    """People with an e-mail (any of theirs) starting with what was typed (3 characters at least): a range
    over the unique (kind, value) index, so it stays instant at a million people."""
    start = typed.strip().lower()
    if len(start) < 3:
        return []
    rows = s.execute(
        select(IdentityRow.candidate_id)
        .where(
            text(UNIQUE_IDENTITY),
            IdentityRow.kind == IdentityKind.EMAIL.value,
            IdentityRow.value >= start,
            IdentityRow.value < start + "\U0010ffff",
        )
        .order_by(IdentityRow.value)
        .limit(limit)
    )
    return list(dict.fromkeys(r[0] for r in rows))


def of_candidate(s: Session, candidate_id: int) -> list[IdentityRow]:
    """A person's identities: by kind (e-mail first), the primary first, then oldest first."""
    order = {k: i for i, k in enumerate(KIND_FIELDS)}
    rows = list(s.scalars(select(IdentityRow).where(IdentityRow.candidate_id == candidate_id)))
    return sorted(rows, key=lambda r: (order.get(IdentityKind(r.kind), 9), not r.is_primary, r.id))


def add_rows(s: Session, candidate_id: int, idents: Iterable[Identity]) -> list[IdentityRow]:
    """Give the person these identities (those they have already are skipped); the first of a kind they
    have none of becomes its primary. The candidate columns are not touched: call `copy_primaries`."""
    have = of_candidate(s, candidate_id)
    keys = {(r.kind, r.value or r.display) for r in have}
    primaries = {r.kind for r in have if r.is_primary}
    added = []
    now = utcnow()
    for ident in idents:
        key = (ident.kind.value, ident.value or ident.display)
        if key in keys:
            continue
        keys.add(key)
        row = IdentityRow(
            candidate_id=candidate_id,
            kind=ident.kind.value,
            value=stored_value(ident),
            display=ident.display[:500],
            is_primary=ident.kind.value not in primaries,
            created_at=now,
        )
        primaries.add(ident.kind.value)
        s.add(row)
        added.append(row)
    s.flush()
    return added


def replace_others(s: Session, candidate_id: int, wanted: dict[IdentityKind, list[Identity]]) -> None:
    """Make each kind's non-primary identities exactly `wanted[kind]` (one someone else has is refused, with
    who has it, before anything changes); the primaries stay as they are."""
    refuse_taken(s, [i for idents in wanted.values() for i in idents], except_id=candidate_id)
    have = of_candidate(s, candidate_id)
    for kind, idents in wanted.items():
        keep = {i.value or i.display for i in idents}
        for row in have:
            if row.kind == kind.value and not row.is_primary and (row.value or row.display) not in keep:
                s.delete(row)
    s.flush()
    add_rows(s, candidate_id, [i for idents in wanted.values() for i in idents])


def copy_primaries(s: Session, candidate: Candidate, cleared: Iterable[str] = ()) -> None:
    """Set the candidate's e-mail, phone and profile columns from its primary identities, promoting the
    oldest identity of a kind that lost its primary. A kind with no identity left empties its column only
    when it is `cleared` (an edit or removal of it); otherwise the column is left as it is."""
    rows = of_candidate(s, candidate.id)
    cleared = set(cleared)
    for kind, field in KIND_FIELDS.items():
        mine = [r for r in rows if r.kind == kind]
        if not mine and kind not in cleared:
            continue
        primary = next((r for r in mine if r.is_primary), None)
        if primary is None and mine:
            primary = min(mine, key=lambda r: r.id)
            primary.is_primary = True
        value = None
        if primary is not None:
            value = primary.value if kind is IdentityKind.EMAIL else primary.display
        if getattr(candidate, field) != value:
            setattr(candidate, field, value)
    s.flush()


def replace_primary(s: Session, candidate: Candidate, ident: Identity | None, kind: IdentityKind) -> None:
    """An edit of the candidate's field for `kind`: its primary becomes `ident` (None: removed). An identity
    the person already had becomes the primary; one someone else has is refused (DuplicateCandidate)."""
    rows = [r for r in of_candidate(s, candidate.id) if r.kind == kind]
    old = next((r for r in rows if r.is_primary), None)
    same = None
    if ident is not None:
        refuse_taken(s, [ident], except_id=candidate.id)
        same = next((r for r in rows if (r.value or r.display) == (ident.value or ident.display)), None)
        if same is not None and same is old:
            same.display = ident.display[:500]
            s.flush()
            return
    if old is not None:
        s.delete(old)
        s.flush()
    if ident is None:
        return
    if same is not None:
        same.is_primary = True
        same.display = ident.display[:500]
        s.flush()
        return
    add_rows(s, candidate.id, [ident])


def move_all(s: Session, keep_id: int, drop_id: int) -> int:
    """Merge: every identity of `drop_id` goes to `keep_id` (not as primary); a phone both have is kept
    once. Returns how many moved."""
    kept_phones = {r.value or r.display for r in of_candidate(s, keep_id) if r.kind == IdentityKind.PHONE}
    moved = 0
    for row in of_candidate(s, drop_id):
        if row.kind == IdentityKind.PHONE and (row.value or row.display) in kept_phones:
            s.delete(row)
            continue
        row.candidate_id, row.is_primary = keep_id, False
        moved += 1
    s.flush()
    return moved


def remove_all(s: Session, candidate_ids: int | Sequence[int]) -> int:
    """Erase: the people's identities are deleted (their addresses must not survive anywhere)."""
    ids = [candidate_ids] if isinstance(candidate_ids, int) else list(candidate_ids)
    return int(s.execute(delete(IdentityRow).where(IdentityRow.candidate_id.in_(ids))).rowcount or 0)


def set_primary_row(s: Session, row: IdentityRow) -> None:
    s.execute(
        update(IdentityRow)
        .where(IdentityRow.candidate_id == row.candidate_id, IdentityRow.kind == row.kind)
        .values(is_primary=False)
    )
    s.flush()
    s.refresh(row)
    row.is_primary = True
    s.flush()
