"""Possible duplicates in core: the name key, near names within a block, and the merge's defaults and warning."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.core.duplicates import default_picks, merge_warning, name_key, near_names
from pipeline_tui.core.records import CandidateRecord

NOW = datetime(2026, 1, 5, 9, 0)


def record(cid, name, **fields):
    return CandidateRecord(id=cid, full_name=name, created_at=NOW, updated_at=NOW, **fields)


def test_the_name_key_ignores_case_accents_punctuation_and_word_order():
    assert name_key("  Zoë  ÜNICODE ") == name_key("unicode, zoe") == "unicode zoe"
    assert name_key("O'Brien-Smith, Ann") == "ann brien o smith"
    assert name_key("") == ""


def test_near_names_pair_alike_names_in_one_block_only():
    rows = [
        (1, "Anna Schmidt", "Acme"),
        (2, "Schmidt, Anna", "ACME "),  # same block: case and spaces ignored
        (3, "Anna Schmit", "Acme"),  # one letter off: 96% alike
        (4, "Anna Schmidt", "Globex"),  # another company
        (5, "Bob Stone", "Acme"),
        (6, "Anna Schmidt", None),  # no company: no block
    ]
    found = {(m.a, m.b): (m.score, m.where) for m in near_names(rows, labels=("at",))}
    assert found[(1, 2)] == (100, "at Acme")
    assert found[(1, 3)][0] >= 90 and found[(2, 3)][0] >= 90
    assert not any(4 in pair or 5 in pair or 6 in pair for pair in found)


def test_a_huge_block_of_one_name_stays_bounded():
    rows = [(i, "John Smith", "London") for i in range(1, 2001)]
    pairs = list(near_names(rows, labels=("in",), neighbours=6))
    assert len(pairs) < 2000 * 6  # not 2,000,000 pairs
    assert all(m.a < m.b and m.score == 100 for m in pairs)


def test_the_merge_takes_what_the_kept_person_lacks():
    keep = record(1, "Ann Lee", email="ann@example.com", location="Dublin")
    other = record(2, "Ann Lee", email="ann@work.example", location="Cork", phone="+353 1 555", summary="x")
    assert default_picks(keep, other) == {"phone", "summary"}


def test_a_merge_of_different_names_or_addresses_needs_a_yes():
    assert merge_warning(record(1, "Ann Lee"), record(2, "lee, ann")) is None
    assert merge_warning(record(1, "Ann Lee", email="a@x.org"), record(2, "Ann Lee")) is None
    names = merge_warning(record(1, "Ann Lee"), record(2, "Bob Stone"))
    assert names == "These records have different names (Ann Lee / Bob Stone)."
    both = merge_warning(record(1, "Ann", email="a@x.org"), record(2, "Bo", email="b@x.org"))
    assert "names (Ann / Bo) and e-mails (a@x.org / b@x.org)" in both


def test_ascii_and_unicode_names_normalise_alike():
    assert name_key("Anna-Lena O'Neil") == name_key("O NEIL, anna lena") == "anna lena neil o"
    assert name_key("Zoë") == "zoe" and name_key("ZOE") == "zoe"


def _reference(rows, labels, threshold=90, neighbours=6):
    """The sorted-neighbourhood rule written the plain way: blocks in order of first appearance, each named
    as its first member typed it, members by (name key, id), each compared with the next `neighbours`."""
    from rapidfuzz import fuzz

    from pipeline_tui.core.duplicates import block_key

    out = []
    for column, label in enumerate(labels, start=2):
        blocks: dict[str, list] = {}
        for row in rows:
            key, value = name_key(row[1]), row[column]
            if key and value and block_key(value):
                blocks.setdefault(block_key(value), []).append((key, row[0], value))
        for members in blocks.values():
            where = f"{label} {members[0][2].strip()}"
            members = sorted(members, key=lambda m: (m[0], m[1]))
            for i, (key, cid, _) in enumerate(members):
                for other_key, other, _ in members[i + 1 : i + 1 + neighbours]:
                    score = fuzz.ratio(key, other_key)
                    if score >= threshold:
                        out.append((min(cid, other), max(cid, other), int(score), where))
    return out


_NAMES = st.sampled_from(
    [
        "Anna Schmidt",
        "Schmidt, Anna",
        "Anna Schmit",
        "Zoë Ünal",
        "zoe unal",
        "Bob Stone",
        "Bob Stones",
        "",
        "A",
    ]
)
_PLACES = st.sampled_from([None, "", "Acme", "ACME ", " acme", "Globex", "Berlin", "berlin", "   "])


@given(st.lists(st.tuples(_NAMES, _PLACES, _PLACES), max_size=40), st.integers(min_value=1, max_value=4))
def test_near_names_follow_the_sorted_neighbourhood_rule(people, neighbours):
    rows = [(i, name, company, location) for i, (name, company, location) in enumerate(people, start=1)]
    got = [(m.a, m.b, m.score, m.where) for m in near_names(rows, labels=("at", "in"), neighbours=neighbours)]
    assert got == _reference(rows, ("at", "in"), neighbours=neighbours)
