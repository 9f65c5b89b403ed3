"""Merging two records of one person with the fields the user picked: nothing is lost, files and identities
move, the merged-away addresses find the kept person, and a note says who was merged in and what was taken."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import merge_people
from pipeline_tui.store.models import CandidateFile


def add(store, name, email=None, **fields):
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email, **fields)).id


def test_picked_fields_come_from_the_other_record_and_nothing_is_lost(any_store):
    keep = add(any_store, "Ann Lee", "ann@example.com", location="Dublin", current_title="SRE",
               phone="+44 20 7946 0958", summary="Kept summary")  # fmt: skip
    drop = add(any_store, "Ann Lee-Smith", "ann@work.example", location="Cork", current_title=None,
               phone="+44 20 7946 1111", linkedin_url="linkedin.com/in/annls", summary="Other summary")  # fmt: skip
    pool = any_store.pools.create_pool("SREs").id
    any_store.pools.add_to_pool(pool, [drop])
    any_store.tags.tag([drop], ["kubernetes"])
    any_store.activities.log_touch([drop], "call", "rang her")
    any_store.files.attach(drop, "cv.pdf", b"%PDF-1.4 cv", max_size=1000)
    job = any_store.jobs.create_job("Platform")
    any_store.applications.apply(drop, job.id)

    result = merge_people(any_store, keep, drop, take={"full_name", "email", "location", "phone"})
    assert result.message == (
        "merged Ann Lee-Smith into Ann Lee: moved 1 pool, 1 tag, 1 application, 1 activity, 1 file"
    ), result.message
    kept = any_store.candidates.get(keep)
    assert (kept.full_name, kept.email, kept.location, kept.phone) == (
        "Ann Lee-Smith", "ann@work.example", "Cork", "+44 20 7946 1111",
    )  # fmt: skip
    assert kept.current_title == "SRE"  # not picked: the kept value stays
    assert kept.linkedin_url == "linkedin.com/in/annls"  # empty on the kept side: filled
    assert kept.summary == "Kept summary\n\nOther summary"
    emails = [(i.value, i.is_primary) for i in any_store.candidates.identities(keep) if i.kind == "email"]
    assert sorted(emails) == [("ann@example.com", False), ("ann@work.example", True)]
    for address in ("ann@example.com", "ann@work.example"):
        assert any_store.candidates.find_by_email(address).id == keep
    assert [f.name for f in any_store.files.for_candidate(keep)] == ["cv.pdf"]
    assert [m.pool_id for m in any_store.pools.memberships(keep)] == [pool]
    assert "kubernetes" in any_store.tags.tags_for(keep)
    assert [a.job_title for a in any_store.candidates.applications(keep)] == ["Platform"]
    bodies = [a.body for a in any_store.activities.for_candidate(keep)]
    assert "rang her" in "\n".join(b or "" for b in bodies)
    note = next(b for b in bodies if b and b.startswith("Merged duplicate record"))
    assert f"Ann Lee-Smith (candidate #{drop})" in note
    assert "Taken from that record: name, e-mail, phone, location." in note
    assert "This record's name was Ann Lee." in note
    assert "This record's e-mail was ann@example.com." in note
    assert "Their title was" not in note
    with pytest.raises(NotFound):
        any_store.candidates.get(drop)
    with any_store.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(CandidateFile)) == 1


def test_a_taken_summary_goes_first_and_an_unknown_field_is_refused(any_store):
    keep = add(any_store, "Ann Lee", "ann@example.com", summary="Mine")
    drop = add(any_store, "Ann Lee", "ann2@example.com", summary="Theirs")
    with pytest.raises(InvalidInput, match="no person field 'shoe_size'"):
        merge_people(any_store, keep, drop, take={"shoe_size"})
    assert any_store.candidates.count() == 2
    merge_people(any_store, keep, drop, take={"summary"})
    assert any_store.candidates.get(keep).summary == "Theirs\n\nMine"
