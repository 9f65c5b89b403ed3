"""Possible duplicates in the store, on SQLite and PostgreSQL: shared phones, near names at one company or
in one location, never the merged-away or the erased; the pool browser's segment of them."""

from __future__ import annotations

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import merge_people


def add(store, name, email=None, **fields):
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email, **fields)).id


def reasons(store):
    return {(p.a.id, p.b.id): (p.reasons, p.score) for p in store.duplicates.pairs()}


def test_people_sharing_a_phone_are_a_pair_whatever_its_spelling(any_store):
    ann = add(any_store, "Ann Lee", "ann@example.com", phone="+44 20 7946 0958")
    other = add(any_store, "A. Lee", "al@work.example", phone="020 7946 0958")
    add(any_store, "Bob Stone", "bob@example.com", phone="+44 20 7946 0000")
    assert reasons(any_store) == {(ann, other): (("same phone +44 20 7946 0958",), 100)}


def test_near_names_at_one_company_or_in_one_location(any_store):
    a = add(any_store, "Anna Schmidt", "anna@example.com", current_company="Acme", location="Berlin")
    b = add(any_store, "Schmidt Anna", "anna@acme.example", current_company="acme", location="Munich")
    c = add(any_store, "Anna Schmit", "as@example.com", current_company="Globex", location="Munich")
    add(any_store, "Anna Schmidt", "third@example.com", current_company="Initech", location="Paris")
    add(any_store, "Zed Zulu", "zed@example.com", current_company="Acme", location="Berlin")
    found = reasons(any_store)
    assert found[(a, b)] == (("names 100% alike at Acme",), 100)
    assert found[(b, c)][0][0].startswith("names 9") and found[(b, c)][0][0].endswith("alike in Munich")
    assert set(found) == {(a, b), (b, c)}
    pairs = any_store.duplicates.pairs()
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    first = pairs[0]
    assert (first.a.name, first.a.emails, first.a.company, first.a.location) == (
        "Anna Schmidt",
        ("anna@example.com",),
        "Acme",
        "Berlin",
    )


def test_every_email_is_listed_primary_first(any_store):
    a = add(any_store, "Ann Lee", "ann@example.com", phone="+44 20 7946 0958")
    any_store.candidates.add_identity(a, "email", "Ann@Home.example")
    add(any_store, "Ann Lee", None, phone="+44 20 7946 0958")
    pair = any_store.duplicates.pairs()[0]
    assert pair.a.emails == ("ann@example.com", "ann@home.example")
    assert pair.b.emails == ()


def test_merged_and_erased_people_never_appear(any_store):
    a = add(any_store, "Ann Lee", "ann@example.com", current_company="Hooli", phone="+44 20 7946 0958")
    b = add(any_store, "Ann Lee", "ann2@example.com", current_company="Hooli", phone="+44 20 7946 0958")
    c = add(any_store, "Ann Lee", "ann3@example.com", current_company="Hooli")
    assert {p for pair in reasons(any_store) for p in pair} == {a, b, c}
    merge_people(any_store, a, b)
    assert set(reasons(any_store)) == {(a, c)}
    any_store.privacy.erase(c)
    assert reasons(any_store) == {}
    assert any_store.duplicates.people() == []


def test_the_segment_lists_everyone_in_a_pair(any_store):
    a = add(any_store, "Ann Lee", "ann@example.com", phone="+44 20 7946 0958")
    b = add(any_store, "Ann L.", "al@example.com", phone="+44 20 7946 0958")
    add(any_store, "Bob Stone", "bob@example.com")
    prospects = any_store.prospects
    segments = {s.key: s.member_count for s in prospects.segments()}
    assert segments["duplicates"] is None  # not searched yet: the side list shows no count
    assert prospects.count("duplicates") == 2
    assert [r.id for r in prospects.page("duplicates", sort="name")] == [b, a]
    assert [r.id for r in prospects.page("duplicates", "lee")] == [a]
    assert prospects.matching_ids("duplicates") == [a, b]
    assert {s.key: s.member_count for s in prospects.segments()}["duplicates"] == 2
    assert any_store.duplicates.partner(a) == b and any_store.duplicates.partner(b) == a
    # Someone new: searched again.
    c = add(any_store, "Bob Stone", "bob2@example.com", phone="+44 20 7946 0958")
    assert prospects.count("duplicates") == 3
    assert any_store.duplicates.partner(c) in (a, b)


def test_the_side_list_count_reuses_a_search_while_nobody_comes_or_goes(any_store, monkeypatch):
    """The side list is counted again after every change in the browser: an hour-old search is reused
    while the people are the same, and a new person makes it search again."""
    from pipeline_tui.store import duplicates

    a = add(any_store, "Ann Lee", "ann@example.com", phone="+44 20 7946 0958")
    add(any_store, "Ann L.", "al@example.com", phone="+44 20 7946 0958")
    prospects = any_store.prospects
    assert prospects.segment_count("duplicates") == 2
    searches = []
    real = duplicates.find_pairs
    monkeypatch.setattr(duplicates, "find_pairs", lambda s: searches.append(1) or real(s))
    monkeypatch.setattr(duplicates, "FRESH_FOR", 0.0)  # every search is "old"
    assert prospects.segment_count("duplicates") == 2
    assert {s.key: s.member_count for s in prospects.segments()}["duplicates"] == 2
    assert searches == []
    add(any_store, "Ann Leigh", "ann.leigh@example.com", phone="+44 20 7946 0958")
    assert {s.key: s.member_count for s in prospects.segments()}["duplicates"] is None
    assert prospects.segment_count("duplicates") == 3
    assert searches == [1]
    assert a in any_store.duplicates.people()
