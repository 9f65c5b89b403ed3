"""What find anyone searches for while a word is being typed, and how a hit says where someone is."""

from __future__ import annotations

import pytest

from pipeline_tui.core.person_view import PersonHit, find_words


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", ()),
        ("a", ()),
        ("ad", ("ad",)),
        ("ada lov", ("ada", "lov")),
        ("Agnès D", ("Agnès",)),  # the lone "D" waits for the next key
        ("Martins S.A.", ("Martins",)),
        ("ada@e", ("ada@",)),
        ("ada@ex", ("ada@ex",)),
        ("  ", ()),
    ],
)
def test_a_one_letter_prefix_waits_for_the_next_key(typed, words):
    assert find_words(typed) == words


def test_a_hit_says_where_the_person_is():
    hit = PersonHit(
        candidate_id=1,
        full_name="Ada",
        applications=(("Backend", "Interview", "active"), ("Design", "Applied", "rejected")),
        pools=("Data Eng", "Berlin"),
    )
    assert hit.where_parts == (
        "applicant: Backend (Interview), Design (rejected)",
        "prospect in Data Eng, Berlin",
    )
    assert PersonHit(candidate_id=2, full_name="Bo").where == "no application or pool"
