"""Possible duplicates: two records that may be one person, and why (a shared phone, near-identical names at
the same company or in the same location).

Names are compared with rapidfuzz on a normalised key (accents dropped, case folded, tokens sorted: what
`token_sort_ratio` compares). Within each block (a company, a location) the keys are sorted and each is
compared with the next few only (the sorted-neighbourhood method), so a 50,000-person "London" costs a few
comparisons per person instead of one per pair; identical keys need no comparison at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline_tui.core.person import PERSON_FIELDS
from pipeline_tui.core.records import CandidateRecord

# token_sort_ratio at or above this, on normalised names, makes two names "near-identical".
NAME_THRESHOLD = 90
# How many following names (in key order) each name is compared with inside one block.
NEIGHBOURS = 6


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Two people whose names are `score`% alike in one block (`where`: "at Acme", "in London")."""

    a: int
    b: int
    score: int
    where: str


def name_key(name: str) -> str:
    """The name as compared: accents dropped, case folded, punctuation out, tokens sorted."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return " ".join(sorted(words))


def block_key(value: str | None) -> str:
    """A company or location as blocked on: trimmed, case folded, inner spaces collapsed."""
    return " ".join((value or "").casefold().split())


def near_names(
    people: Iterable[tuple[int, str, str]],
    *,
    label: str,
    threshold: int = NAME_THRESHOLD,
    neighbours: int = NEIGHBOURS,
) -> Iterator[NameMatch]:
    """Pairs of people in the same block with near-identical names.

    `people` is (id, name, block value) rows; `label` words the place ("at" a company, "in" a location).
    Each pair comes once, the smaller id first."""
    from rapidfuzz import fuzz  # here, not at import: the pool browser's dialogs import this module

    blocks: dict[str, list[tuple[str, int, str]]] = {}
    keys: dict[str, str] = {}  # names and places repeat: each is normalised once
    places: dict[str, str] = {}
    for cid, name, value in people:
        key = keys.get(name)
        if key is None:
            key = keys[name] = name_key(name)
        block = places.get(value)
        if block is None:
            block = places[value] = block_key(value)
        if key and block:
            blocks.setdefault(block, []).append((key, cid, value))
    for members in blocks.values():
        if len(members) < 2:
            continue
        members.sort()
        where = f"{label} {members[0][2].strip()}"
        n = len(members)
        for i in range(n - 1):
            key, cid, _ = members[i]
            for j in range(i + 1, min(n, i + 1 + neighbours)):
                other, other_id, _ = members[j]
                if other[:1] != key[:1]:
                    break  # sorted: no later name in this block starts alike either
                if other == key:
                    score = 100
                else:
                    score = int(fuzz.ratio(key, other, score_cutoff=threshold))
                    if not score:
                        continue
                a, b = (cid, other_id) if cid < other_id else (other_id, cid)
                yield NameMatch(a, b, score, where)


def default_picks(keep: CandidateRecord, other: CandidateRecord) -> set[str]:
    """The fields a merge takes from the other record unless the user picks otherwise: those the kept
    person has empty and the other has filled."""
    return {f.name for f in PERSON_FIELDS if not getattr(keep, f.name) and getattr(other, f.name)}


def merge_warning(keep: CandidateRecord, other: CandidateRecord) -> str | None:
    """Why merging these two needs an explicit yes (their names, or both primary e-mails, differ), or None."""
    differ = []
    if name_key(keep.full_name) != name_key(other.full_name):
        differ.append(f"names ({keep.full_name} / {other.full_name})")
    if keep.email and other.email and keep.email.casefold() != other.email.casefold():
        differ.append(f"e-mails ({keep.email} / {other.email})")
    if not differ:
        return None
    return f"These records have different {' and '.join(differ)}."
