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


# Punctuation and symbols in an ASCII name become spaces (the common case, without Unicode decomposition).
_ASCII_GAPS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def name_key(name: str) -> str:
    """The name as compared: accents dropped, case folded, punctuation out, tokens sorted."""
    name = name or ""
    if name.isascii():
        return " ".join(sorted(name.lower().translate(_ASCII_GAPS).split()))
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return " ".join(sorted(words))


def block_key(value: str | None) -> str:
    """A company or location as blocked on: trimmed, case folded, inner spaces collapsed."""
    return " ".join((value or "").casefold().split())


def near_names(
    people: Iterable[tuple],
    *,
    labels: tuple[str, ...],
    threshold: int = NAME_THRESHOLD,
    neighbours: int = NEIGHBOURS,
) -> Iterator[NameMatch]:
    """Pairs of people in the same block with near-identical names.

    `people` is (id, name, block value, ...) rows, one block value per label; `labels` word each place ("at"
    a company, "in" a location), in the order their blocks are compared. Each pair comes once per block,
    the smaller id first. rapidfuzz is imported on first use, not with this module: the pool browser's
    dialogs import it."""
    blocks: list[dict[str, list[tuple[str, int]]]] = [{} for _ in labels]
    firsts: list[dict[str, str]] = [{} for _ in labels]  # each block's value as its first member typed it
    keys: dict[str, str] = {}  # names and places repeat: each is normalised once
    places: dict[str, str] = {}
    columns = tuple(enumerate(zip(blocks, firsts, strict=True), start=2))
    for row in people:
        name = row[1]
        key = keys.get(name)
        if key is None:
            key = keys[name] = name_key(name)
        if not key:
            continue
        member = (key, row[0])
        for column, (by_block, first) in columns:
            value = row[column] if column < len(row) else None
            if not value:
                continue
            block = places.get(value)
            if block is None:
                block = places[value] = block_key(value)
            if not block:
                continue
            members = by_block.get(block)
            if members is None:
                by_block[block] = [member]
                first[block] = value
            else:
                members.append(member)
    for label, by_block, first in zip(labels, blocks, firsts, strict=True):
        for block, members in by_block.items():
            if len(members) > 1:
                yield from _block_matches(members, f"{label} {first[block].strip()}", threshold, neighbours)


def _block_matches(
    members: list[tuple[str, int]], where: str, threshold: int, neighbours: int
) -> Iterator[NameMatch]:
    """Within one block sorted by name key (then id: plain tuple order, no key function): each name against
    the next `neighbours` ones, in one rapidfuzz call per name (the comparisons run in C)."""
    from rapidfuzz import fuzz, process

    members.sort()
    keys = [m[0] for m in members]
    extract, ratio = process.extract, fuzz.ratio
    for i in range(len(keys) - 1):
        cid = members[i][1]
        for _other, score, j in extract(
            keys[i], keys[i + 1 : i + 1 + neighbours], scorer=ratio, score_cutoff=threshold, limit=None
        ):
            other_id = members[i + 1 + j][1]
            a, b = (cid, other_id) if cid < other_id else (other_id, cid)
            yield NameMatch(a, b, int(score), where)


def similar_names(name: str, people: Iterable[tuple[int, str]], threshold: int = NAME_THRESHOLD) -> list[int]:
    """The ids of `people` (id, name) whose names are near-identical to `name` (a one-letter typo, another
    word order, accents), surest first: what a form points out before adding someone."""
    from rapidfuzz import fuzz

    key = name_key(name)
    if not key:
        return []
    scored = [(fuzz.ratio(key, name_key(other)), cid) for cid, other in people]
    return [cid for score, cid in sorted(scored, key=lambda sc: (-sc[0], sc[1])) if score >= threshold]


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
