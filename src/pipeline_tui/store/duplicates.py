"""Possible duplicates in the database: people who share a phone, or whose names are near-identical at the
same company or in the same location (core/duplicates.py compares the names).

Set-based: shared phones are one GROUP BY over the partial index `ix_identity_phone`; names are read in one
scan per block column and compared in Python within each block. Erased people never appear (their phones are
gone and `anonymised_at` is set); merged-away ones are deleted. At most `PAIR_CAP` pairs are collected,
strongest signal first (phones, then company, then location): a list for review, merged down and run again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from sqlalchemy import ColumnElement, Integer, func, select, text
from sqlalchemy.orm import Session

from pipeline_tui.core.duplicates import NEIGHBOURS, near_names
from pipeline_tui.core.records import DuplicatePair, DuplicatePerson
from pipeline_tui.store.database import Database
from pipeline_tui.store.dialects import chunks
from pipeline_tui.store.models import Candidate, Identity

# The partial phone index's own condition: SQLite uses a partial index only when the query repeats it.
PHONE_ROWS = text("identity.kind = 'phone'")
# Pairs collected at most before sorting (a million people with common names can make millions).
PAIR_CAP = 20_000
# Seconds a search is reused for while the people stay the same (an edited name shows after this).
FRESH_FOR = 60.0
Reasons = dict[tuple[int, int], tuple[list[str], int]]


class DuplicateRepository:
    """Possible duplicates, remembered while nobody was added or removed (and for `FRESH_FOR` seconds at
    most), so the pool browser's count, its pages and `m` pay for one search."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._found: tuple[tuple[int, int, int], float, list[DuplicatePair]] | None = None
        self._by_person: dict[int, list[tuple[int, str, str]]] = {}

    def pairs(self, limit: int | None = None) -> list[DuplicatePair]:
        """Possible duplicates, surest first (then by id): each pair once, the older record as `a`."""
        with self._db.transaction() as s:
            pairs = self._pairs(s)
        return pairs if limit is None else pairs[: max(limit, 0)]

    def people(self, *, any_age: bool = False) -> list[int]:
        """The ids of everyone in at least one pair (the pool browser's "Possible duplicates"). `any_age`:
        reuse the last search however old while nobody was added or removed (the side list's count, redone
        after every change in the browser, must not search a million people again each minute)."""
        with self._db.transaction() as s:
            if any_age and self._found is not None and self._found[0] == _stamp(s):
                return _in_pairs(self._found[2])
            return self._people(s)

    def partner(self, candidate_id: int) -> int | None:
        """The surest possible duplicate of this person, or None (what `m` merges them with)."""
        with self._db.transaction() as s:
            for pair in self._pairs(s):
                if pair.a.id == candidate_id:
                    return pair.b.id
                if pair.b.id == candidate_id:
                    return pair.a.id
        return None

    def known_pairs_of(self, candidate_id: int) -> tuple[tuple[int, str, str], ...]:
        """(other id, other name, why) for each pair of this person in the last search, without searching or
        reading anything (the preview pane's "Possible duplicates"; empty before a search)."""
        return tuple(self._by_person.get(candidate_id, ()))

    def known_count(self, s: Session) -> int | None:
        """How many people are in a pair, if the pairs are at hand (else None: the side list waits)."""
        if self._found is None or self._found[0] != _stamp(s):
            return None
        return len(_in_pairs(self._found[2]))

    def people_condition(self, s: Session) -> ColumnElement:
        """`candidate.id IN (everyone in a pair)`, the whole list as one bound parameter."""
        source, value = self._db.dialect.id_list(self._people(s))
        ids = text(source.replace(":ids", ":duplicate_ids")).bindparams(duplicate_ids=value)
        return Candidate.id.in_(ids.columns(id=Integer))

    def _people(self, s: Session) -> list[int]:
        return _in_pairs(self._pairs(s))

    def _fresh(self, s: Session) -> bool:
        found = self._found
        return found is not None and found[0] == _stamp(s) and time.monotonic() - found[1] < FRESH_FOR

    def _pairs(self, s: Session) -> list[DuplicatePair]:
        if self._found is not None and self._fresh(s):
            return self._found[2]
        stamp = _stamp(s)
        pairs = find_pairs(s)
        self._found = (stamp, time.monotonic(), pairs)
        by_person: dict[int, list[tuple[int, str, str]]] = {}
        for pair in pairs:
            why = "; ".join(pair.reasons)
            by_person.setdefault(pair.a.id, []).append((pair.b.id, pair.b.name, why))
            by_person.setdefault(pair.b.id, []).append((pair.a.id, pair.a.name, why))
        self._by_person = by_person
        return pairs


def _in_pairs(pairs: list[DuplicatePair]) -> list[int]:
    return sorted({p.id for pair in pairs for p in (pair.a, pair.b)})


def _stamp(s: Session) -> tuple[int, int, int]:
    """Changes when someone is added, merged away or deleted, and when identities come or go (an erasure
    removes them all): the pairs are searched again then."""
    n, top = s.execute(select(func.count(), func.max(Candidate.id)).select_from(Candidate)).one()
    idents = s.scalar(select(func.count()).select_from(Identity))
    return int(n or 0), int(top or 0), int(idents or 0)


def find_pairs(s: Session) -> list[DuplicatePair]:
    """Every possible duplicate (up to PAIR_CAP), surest first, then by id."""
    found: Reasons = {}
    _shared_phones(s, found)
    if len(found) < PAIR_CAP:
        for match in near_names(_named_people(s), labels=("at", "in")):
            _add(found, match.a, match.b, f"names {match.score}% alike {match.where}", match.score)
            if len(found) >= PAIR_CAP:
                break
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][1], kv[0]))
    people = _people_of(s, {i for pair, _ in ranked for i in pair})
    return [
        DuplicatePair(a=people[a], b=people[b], reasons=tuple(reasons), score=score)
        for (a, b), (reasons, score) in ranked
        if a in people and b in people
    ]


def _named_people(s: Session) -> Iterator[tuple]:
    """(id, name, company, location) of everyone not erased with a company or a location, straight from the
    driver's cursor: a million rows without building a Row object for each."""
    cursor = s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            "SELECT id, full_name, current_company, location FROM candidate "
            "WHERE anonymised_at IS NULL AND (current_company IS NOT NULL OR location IS NOT NULL)"
        )
        while batch := cursor.fetchmany(10_000):
            yield from batch
    finally:
        cursor.close()


def _add(found: Reasons, a: int, b: int, reason: str, score: int) -> None:
    key = (a, b) if a < b else (b, a)
    reasons, best = found.get(key, ([], 0))
    if reason not in reasons:
        reasons.append(reason)
    found[key] = (reasons, max(best, score))


def _shared_phones(s: Session, found: Reasons) -> None:
    """Pairs of people with the same canonical phone; a number many share (a switchboard) pairs each person
    with the next few only."""
    shared = (
        select(Identity.value)
        .where(PHONE_ROWS, Identity.value != "")
        .group_by(Identity.value)
        .having(func.count() > 1)  # covered by the index: no row read per phone
    )
    rows = s.execute(
        select(Identity.value, Identity.candidate_id, Identity.display)
        .join(Candidate, Candidate.id == Identity.candidate_id)
        .where(PHONE_ROWS, Identity.value.in_(shared), Candidate.anonymised_at.is_(None))
        .order_by(Identity.value, Identity.candidate_id)
    ).all()
    groups: dict[str, list[tuple[int, str]]] = {}
    for value, cid, display in rows:
        members = groups.setdefault(value, [])
        if not members or members[-1][0] != cid:
            members.append((cid, display))
    for members in groups.values():
        for i, (cid, display) in enumerate(members):
            for other, _ in members[i + 1 : i + 1 + NEIGHBOURS]:
                _add(found, cid, other, f"same phone {display}", 100)
        if len(found) >= PAIR_CAP:
            return


def _people_of(s: Session, ids: Iterable[int]) -> dict[int, DuplicatePerson]:
    """Each person's name, company, location and e-mails (the primary first)."""
    ids = sorted(ids)
    emails: dict[int, list[str]] = {}
    rows: dict[int, tuple[str, str | None, str | None]] = {}
    for chunk in chunks(ids):
        for cid, name, company, location in s.execute(
            select(Candidate.id, Candidate.full_name, Candidate.current_company, Candidate.location).where(
                Candidate.id.in_(list(chunk))
            )
        ):
            rows[cid] = (name, company, location)
        for cid, value in s.execute(
            select(Identity.candidate_id, Identity.value)
            .where(Identity.candidate_id.in_(list(chunk)), Identity.kind == "email")
            .order_by(Identity.candidate_id, Identity.is_primary.desc(), Identity.id)
        ):
            emails.setdefault(cid, []).append(value)
    return {
        cid: DuplicatePerson(
            id=cid, name=name, emails=tuple(emails.get(cid, ())), company=company, location=location
        )
        for cid, (name, company, location) in rows.items()
    }
