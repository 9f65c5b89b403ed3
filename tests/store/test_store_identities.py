"""One person, one record: every door (form, edit, import, merge, erase) matches on any e-mail or profile."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput
from pipeline_tui.core.records import PersonRow
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import add_prospect, merge_people
from pipeline_tui.store.imports import ProspectTarget


def person(name, email=None, **fields):
    return CandidateInput.parse(full_name=name, email=email, **fields)


def kinds(store, cid):
    return [(i.kind, i.value, i.is_primary) for i in store.candidates.identities(cid)]


def test_a_new_person_gets_every_identity_as_a_primary(any_store):
    ann = any_store.candidates.add(
        person("Ann", "Ann@Example.com", phone="020 7946 0958", linkedin_url="https://www.linkedin.com/in/Ann/",
               github_url="github.com/ann-l", website_url="https://ann.dev/")
    )  # fmt: skip
    assert kinds(any_store, ann.id) == [
        ("email", "ann@example.com", True),
        ("phone", "+442079460958", True),
        ("linkedin", "linkedin.com/in/ann", True),
        ("github", "github.com/ann-l", True),
        ("website", "ann.dev", True),
    ]
    # Shown as typed.
    assert [i.display for i in any_store.candidates.identities(ann.id)][1:3] == [
        "020 7946 0958",
        "https://www.linkedin.com/in/Ann/",
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"linkedin_url": "de.linkedin.com/in/ann?trk=x"},
        {"github_url": "https://GitHub.com/Ann-L/some-repo"},
        {"website_url": "http://www.ann.dev"},
        {"email": "ANN.WORK@example.com"},
    ],
)
def test_the_form_door_finds_the_person_by_any_identity_and_adding_is_refused(any_store, fields):
    ann = any_store.candidates.add(
        person("Ann", "ann@example.com", linkedin_url="https://www.linkedin.com/in/ann",
               github_url="github.com/ann-l", website_url="ann.dev")
    )  # fmt: skip
    any_store.candidates.add_identity(ann.id, "email", "ann.work@example.com")
    newcomer = CandidateInput.parse(full_name="Ann Again", **fields)
    assert any_store.candidates.find_existing(newcomer).id == ann.id
    with pytest.raises(DuplicateCandidate) as err:
        add_prospect(any_store, newcomer)
    assert err.value.existing_id == ann.id and "already belongs to Ann (candidate #" in str(err.value)
    assert any_store.candidates.count() == 1


def test_a_shared_phone_is_no_match_and_not_refused(any_store):
    any_store.candidates.add(person("Ann", "ann@example.com", phone="+44 20 7946 0958"))
    bo = any_store.candidates.add(person("Bo", "bo@example.com", phone="020 7946 0958"))
    assert any_store.candidates.find_existing(person("X", phone="020 7946 0958")) is None
    assert kinds(any_store, bo.id)[1] == ("phone", "+442079460958", True)


def test_an_edit_to_someone_elses_address_or_profile_is_refused_naming_them(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com", linkedin_url="linkedin.com/in/ann"))
    bo = any_store.candidates.add(person("Bo", "bo@example.com"))
    any_store.candidates.add_identity(ann.id, "email", "ann@home.example")
    for fields in ({"email": "ANN@home.example"}, {"linkedin_url": "https://uk.linkedin.com/in/Ann/"}):
        with pytest.raises(DuplicateCandidate, match=r"already belongs to Ann \(candidate #"):
            any_store.candidates.update(bo.id, **fields)
    assert any_store.candidates.get(bo.id).email == "bo@example.com"
    with pytest.raises(DuplicateCandidate, match="already belongs to Ann"):
        any_store.candidates.add_identity(bo.id, "linkedin", "https://www.linkedin.com/in/ann")


def test_an_edit_replaces_the_primary_and_the_column_follows(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com", linkedin_url="linkedin.com/in/ann"))
    second = any_store.candidates.add_identity(ann.id, "email", "ann@home.example")
    assert not second.is_primary
    # Editing the e-mail to an address she already has makes it her primary; the old one goes.
    got = any_store.candidates.update(
        ann.id, email="ann@home.example", linkedin_url="linkedin.com/in/ann-lee"
    )
    assert (got.email, got.linkedin_url) == ("ann@home.example", "linkedin.com/in/ann-lee")
    assert kinds(any_store, ann.id) == [
        ("email", "ann@home.example", True),
        ("linkedin", "linkedin.com/in/ann-lee", True),
    ]
    assert any_store.candidates.find_by_email("ann@example.com") is None
    got = any_store.candidates.update(ann.id, linkedin_url=None)
    assert got.linkedin_url is None and [k for k, *_ in kinds(any_store, ann.id)] == ["email"]


def test_identities_can_be_listed_added_removed_and_made_primary(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com"))
    home = any_store.candidates.add_identity(ann.id, "email", " Ann@Home.example ")
    assert (home.value, home.display, home.is_primary) == ("ann@home.example", "Ann@Home.example", False)
    assert any_store.candidates.add_identity(ann.id, "email", "ann@home.example").id == home.id
    any_store.candidates.set_primary(home.id)
    assert any_store.candidates.get(ann.id).email == "ann@home.example"
    assert kinds(any_store, ann.id) == [
        ("email", "ann@home.example", True),
        ("email", "ann@example.com", False),
    ]
    any_store.candidates.remove_identity(home.id)
    assert any_store.candidates.get(ann.id).email == "ann@example.com"
    assert kinds(any_store, ann.id) == [("email", "ann@example.com", True)]
    phone = any_store.candidates.add_identity(ann.id, "phone", "call reception")
    assert (phone.value, phone.display) == ("", "call reception")  # kept as typed, matches nobody
    assert any_store.candidates.get(ann.id).phone == "call reception"
    with pytest.raises(InvalidInput, match="not a valid e-mail address"):
        any_store.candidates.add_identity(ann.id, "email", "ann@")
    with pytest.raises(InvalidInput, match="not a kind of identity"):
        any_store.candidates.add_identity(ann.id, "fax", "123")


def test_merge_moves_every_identity_and_the_merged_away_address_finds_the_kept_person(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com", phone="020 7946 0958"))
    dup = any_store.candidates.add(
        person("Ann L", "ann.l@work.example", phone="+44 20 7946 0958", linkedin_url="linkedin.com/in/annl")
    )
    any_store.candidates.add_identity(dup.id, "email", "ann@home.example")
    merge_people(any_store, ann.id, dup.id)
    assert sorted((k, v) for k, v, _ in kinds(any_store, ann.id)) == [
        ("email", "ann.l@work.example"),
        ("email", "ann@example.com"),
        ("email", "ann@home.example"),
        ("linkedin", "linkedin.com/in/annl"),
        ("phone", "+442079460958"),  # the same number twice is kept once
    ]
    kept = any_store.candidates.get(ann.id)
    assert (kept.email, kept.linkedin_url) == ("ann@example.com", "linkedin.com/in/annl")
    for address in ("ann.l@work.example", "ann@home.example"):
        assert any_store.candidates.find_by_email(address).id == ann.id
    assert any_store.privacy.find("https://www.linkedin.com/in/AnnL").id == ann.id
    assert any_store.candidates.count() == 1


def row(line, name, email=None, *, other=(), **fields):
    return PersonRow(line=line, person={"full_name": name, "email": email, **fields}, other_emails=other)


def test_an_import_row_with_a_second_address_or_only_a_profile_updates_that_person(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com", linkedin_url="linkedin.com/in/ann"))
    any_store.candidates.add_identity(ann.id, "email", "ann@home.example")
    rows = [
        row(2, "Ann Home", "ann@home.example", current_title="Staff Engineer"),
        row(3, "Ann Li", None, linkedin_url="https://de.linkedin.com/in/Ann/", location="Berlin"),
        row(4, "Bo", "bo@example.com", other=("Bo@Work.example", "not an address")),
    ]
    report = any_store.imports.import_people(rows, ProspectTarget("Leads"))
    assert (report.created, report.updated) == (1, 2), report
    got = any_store.candidates.get(ann.id)
    assert (got.current_title, got.location) == ("Staff Engineer", "Berlin")
    bo = any_store.candidates.find_by_email("bo@work.example")
    assert bo is not None and bo.email == "bo@example.com"
    assert kinds(any_store, bo.id) == [("email", "bo@example.com", True), ("email", "bo@work.example", False)]
    assert any_store.candidates.count() == 2
    # Again: nobody new.
    again = any_store.imports.import_people(rows, ProspectTarget("Leads"))
    assert again.created == 0 and any_store.candidates.count() == 2


def test_rows_of_one_file_that_share_any_identity_are_one_person(any_store):
    rows = [
        row(2, "Cy", "cy@example.com", linkedin_url="linkedin.com/in/cy"),
        row(3, "Cy Work", "cy@work.example", linkedin_url="https://www.linkedin.com/in/CY/"),
        row(4, "Cy Gh", None, github_url="github.com/cy", other=("CY@work.example",)),
        row(5, "Di", None, linkedin_url="linkedin.com/in/di"),
        row(6, "Di again", None, linkedin_url="https://linkedin.com/in/di?x=1"),
    ]
    report = any_store.imports.import_people(rows, ProspectTarget("Leads"), batch_size=2)
    assert report.created == 2 and any_store.candidates.count() == 2
    assert [(d.line, d.reason) for d in report.duplicates] == [
        (3, "same LinkedIn as line 2 (linkedin.com/in/cy)"),
        (4, "same e-mail as line 2 (cy@work.example)"),  # an address line 3 lent to line 2's person
        (6, "same LinkedIn as line 5 (linkedin.com/in/di)"),
    ]
    cy = any_store.candidates.find_by_email("cy@example.com")
    assert any_store.candidates.find_by_email("cy@work.example").id == cy.id
    assert sorted((k, v) for k, v, _ in kinds(any_store, cy.id)) == [
        ("email", "cy@example.com"),
        ("email", "cy@work.example"),
        ("github", "github.com/cy"),  # from line 4, a duplicate in the next batch
        ("linkedin", "linkedin.com/in/cy"),
    ]
    assert any_store.candidates.get(cy.id).github_url == "github.com/cy"
    di = any_store.privacy.find("linkedin.com/in/di")
    assert di.full_name == "Di"


def test_an_import_never_takes_a_profile_from_its_holder(any_store):
    ann = any_store.candidates.add(person("Ann", "ann@example.com", linkedin_url="linkedin.com/in/ann"))
    report = any_store.imports.import_people(
        [row(2, "Bo", "bo@example.com", github_url="github.com/bo")], ProspectTarget("Leads")
    )
    assert report.created == 1
    # Bo's row also names Ann's LinkedIn: Bo is matched by his e-mail, Ann keeps her profile.
    any_store.imports.import_people(
        [row(2, "Bo", "bo@example.com", linkedin_url="linkedin.com/in/ann")], ProspectTarget("Leads")
    )
    bo = any_store.candidates.find_by_email("bo@example.com")
    assert bo.linkedin_url is None and any_store.privacy.find("linkedin.com/in/ann").id == ann.id


def test_an_import_row_naming_two_peoples_addresses_is_reported_with_both(any_store):
    ann = any_store.candidates.add(person("Ann Lee", "ann@example.com")).id
    bea = any_store.candidates.add(person("Bea Stone", "bea@example.com", github_url="github.com/bea")).id
    rows = [PersonRow(line=7, person={"full_name": "Ann Lee", "email": "ann@example.com",
                                      "github_url": "https://github.com/bea"})]  # fmt: skip
    report = any_store.imports.import_people(rows, ProspectTarget("Leads"))
    (conflict,) = report.conflicts
    assert conflict.line == 7
    assert f"Ann Lee's (#{ann})" in conflict.reason and f"Bea Stone's (#{bea})" in conflict.reason
    assert [i.value for i in any_store.candidates.identities(bea) if i.kind == "github"] == ["github.com/bea"]
    assert not [i for i in any_store.candidates.identities(ann) if i.kind == "github"]
