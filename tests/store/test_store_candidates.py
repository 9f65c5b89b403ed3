"""People: one row per person, duplicates by normalised e-mail refused with the existing id, bad input named."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput, NotFound
from pipeline_tui.core.validation import CandidateInput, clean_text, normalise_email


def add(store, **fields):
    return store.candidates.add(CandidateInput.parse(**fields))


def test_add_stores_a_normalised_person(any_store):
    ann = add(
        any_store,
        full_name="  Ann\tLee ",
        email="  Ann.Lee@Example.COM ",
        phone=" +49 30 1234 ",
        current_title="Staff Engineer",
        current_company="Acme",
        location="Berlin",
        linkedin_url="https://linkedin.com/in/annlee",
        source="referral",
        summary="Line one\r\nLine two\x07",
    )
    got = any_store.candidates.get(ann.id)
    assert got == ann
    assert (got.full_name, got.email, got.phone) == ("Ann Lee", "ann.lee@example.com", "+49 30 1234")
    assert got.summary == "Line one\nLine two"
    assert got.consent_status == "unknown" and got.created_at is not None
    assert any_store.candidates.count() == 1


@pytest.mark.parametrize(
    "variant",
    [
        "ann@example.com",
        "ANN@EXAMPLE.COM",
        "  Ann@Example.com  ",
        "<ann@example.com>",
        "mailto:Ann@example.com",
    ],
)
def test_duplicate_email_variants_are_refused_with_the_existing_id(any_store, variant):
    ann = add(any_store, full_name="Ann Lee", email="ann@example.com")
    with pytest.raises(DuplicateCandidate) as info:
        add(any_store, full_name="Annie L.", email=variant)
    err = info.value
    assert (err.existing_id, err.existing_name, err.email) == (ann.id, "Ann Lee", "ann@example.com")
    assert f"candidate #{ann.id}" in str(err)
    assert any_store.candidates.count() == 1


def test_people_without_email_are_never_duplicates(any_store):
    a = add(any_store, full_name="No Mail")
    b = add(any_store, full_name="No Mail", email="   ")
    assert a.id != b.id and a.email is None and b.email is None


@pytest.mark.parametrize(
    "bad",
    ["ann", "ann@", "@example.com", "ann@example", "a b@example.com", "ann@@example.com", "ann@ex..com"],
)
def test_malformed_email_is_refused(any_store, bad):
    with pytest.raises(InvalidInput, match="not a valid e-mail"):
        add(any_store, full_name="Ann", email=bad)
    assert any_store.candidates.count() == 0


def test_name_is_required(store):
    with pytest.raises(InvalidInput, match="name"):
        add(store, full_name="   ")
    with pytest.raises(InvalidInput):
        add(store, full_name=None)


def test_invalid_input_message_is_one_sentence():
    with pytest.raises(InvalidInput) as info:
        CandidateInput.parse(full_name="", email="nope")
    message = str(info.value)
    assert "name" in message and "e-mail" in message and "\n" not in message


def test_find_by_email(any_store):
    ann = add(any_store, full_name="Ann", email="ann@example.com")
    assert any_store.candidates.find_by_email(" ANN@example.com").id == ann.id
    assert any_store.candidates.find_by_email("bo@example.com") is None
    assert any_store.candidates.find_by_email("  ") is None
    with pytest.raises(InvalidInput):
        any_store.candidates.find_by_email("not-an-email")


def test_update_checks_like_add(any_store):
    ann = add(any_store, full_name="Ann", email="ann@example.com")
    bo = add(any_store, full_name="Bo", email="bo@example.com")
    changed = any_store.candidates.update(ann.id, current_title=" Principal ", email="ANN@example.com")
    assert (changed.current_title, changed.email) == ("Principal", "ann@example.com")
    with pytest.raises(DuplicateCandidate) as info:
        any_store.candidates.update(ann.id, email=" BO@example.com ")
    assert info.value.existing_id == bo.id
    with pytest.raises(InvalidInput):
        any_store.candidates.update(ann.id, email="broken@")
    with pytest.raises(InvalidInput, match="cannot edit"):
        any_store.candidates.update(ann.id, id=99)
    with pytest.raises(InvalidInput):
        any_store.candidates.update(ann.id, full_name="")
    with pytest.raises(NotFound):
        any_store.candidates.update(4242, full_name="X")
    assert any_store.candidates.get(ann.id).email == "ann@example.com"
    cleared = any_store.candidates.update(ann.id, email=None)
    assert cleared.email is None
    assert any_store.candidates.find_by_email("ann@example.com") is None


def test_possible_duplicates_same_name_same_company(store):
    a = add(store, full_name="Sam Park", current_company="Acme")
    add(store, full_name="Sam Park", current_company="Globex")
    found = store.candidates.possible_duplicates(" sam  park ", "ACME ")
    assert [c.id for c in found] == [a.id]
    assert store.candidates.possible_duplicates("Sam Park", None) == []


def test_possible_duplicates_catch_a_one_letter_typo_at_the_company_or_in_the_location(any_store):
    store = any_store
    john = add(store, full_name="John Smith", current_company="ACME Corp", email="john@acme.example")
    berlin = add(store, full_name="Ana Müller", location="Berlin")
    add(store, full_name="John Smith", current_company="Globex")
    add(store, full_name="Jonathan Smithers", current_company="Acme Corp")
    assert [c.id for c in store.candidates.possible_duplicates("Jon Smith", "acme corp")] == [john.id]
    assert [c.id for c in store.candidates.possible_duplicates("Smith, John", "Acme  Corp")] == [john.id]
    assert [c.id for c in store.candidates.possible_duplicates("Anna Muller", None, "berlin")] == [berlin.id]
    assert store.candidates.possible_duplicates("Jon Smith", "Initech") == []
    assert store.candidates.possible_duplicates("Mary Jones", "Acme Corp") == []
    store.privacy.erase(john.id)
    assert store.candidates.possible_duplicates("Jon Smith", "Acme Corp") == []


def test_get_unknown_person(store):
    with pytest.raises(NotFound, match="no candidate #77"):
        store.candidates.get(77)
    with pytest.raises(NotFound):
        store.candidates.applications(77)


def test_text_cleaning_rules():
    assert normalise_email(None) is None
    assert normalise_email(" X@Y.io ") == "x@y.io"
    assert clean_text(" a\x1b[31mb\n c ") == "a[31mb  c"
    assert clean_text("x\r\ny\tz", multiline=True) == "x\ny\tz"
    assert clean_text("   ") is None
