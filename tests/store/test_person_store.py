"""The person screen's store side on SQLite and PostgreSQL: the read model, find anyone, files, editing
contact details and consent, and erasure that withdraws, removes files and sets consent withdrawn."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput, NotFound
from pipeline_tui.core.person_view import timeline
from pipeline_tui.core.validation import CandidateInput

T0 = datetime(2026, 3, 2, 9, 0)


def person(store, name, email, company=None, **extra):
    return store.candidates.add(
        CandidateInput.parse(full_name=name, email=email, current_company=company, **extra)
    )


@pytest.fixture
def world(any_store):
    """Ada applied to two jobs (one moved on, one rejected) and sits in a pool; Grace is only a prospect."""
    store = any_store
    backend = store.jobs.create_job("Backend Engineer")
    design = store.jobs.create_job("Product Designer")
    stages = {s.name: s.id for s in store.jobs.stages(backend.id)}
    ada = person(store, "Ada Lovelace", "ada@engines.example", "Analytical Engines")
    grace = person(store, "Grace Hopper", "grace@navy.example", "US Navy")
    person(store, "Alan Turing", "alan@bletchley.example", "Bletchley Park", summary="Knows Ada")
    a = store.applications.apply(ada.id, backend.id, source="Referral", at=T0)
    a = store.applications.move_to_stage(a.id, stages["Interview"], a.version, at=T0 + timedelta(days=2))
    d = store.applications.apply(ada.id, design.id, at=T0 + timedelta(days=1))
    reason = store.applications.rejection_reasons()[0]
    store.applications.reject(d.id, reason.id, d.version)
    pool = store.pools.create_pool("Silver medalists")
    store.pools.add_to_pool(pool.id, [ada.id, grace.id])
    store.tags.tag([ada.id], ["python", "mentor"])
    store.activities.add(ada.id, "note", "Strong systems background.", at=T0 + timedelta(days=3))
    store.activities.add(ada.id, "call", "Phoned about the role", at=T0 + timedelta(hours=5))
    return store, ada, grace, a, d


def test_the_read_model_holds_every_application_pool_tag_file_and_one_timeline(world):
    store, ada, _grace, a, d = world
    store.files.attach(ada.id, "cv.pdf", b"%PDF-1.7 cv", max_size=1000)
    detail = store.person_detail.get(ada.id, focus_application_id=a.id)
    assert detail.candidate.full_name == "Ada Lovelace"
    assert {h.entry.job_title: h.entry.stage_name for h in detail.applications} == {
        "Backend Engineer": "Interview",
        "Product Designer": "Applied",
    }
    assert detail.focused.id == a.id and [o.id for o in detail.others] == [d.id]
    assert [e.action for e in detail.focused.events] == ["applied", "move"]
    assert [s.stage_name for s in detail.focused.stays] == ["Applied", "Interview"]
    assert [p.pool_name for p in detail.pools] == ["Silver medalists"]
    assert detail.tags == ("mentor", "python")
    assert [(f.name, f.size, f.media_type) for f in detail.files] == [("cv.pdf", 11, "application/pdf")]
    entries = timeline(detail.activities, detail.applications)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    kinds = [(e.kind, e.job_title) for e in entries]
    assert ("note", None) in kinds and ("call", None) in kinds
    assert ("stage", "Product Designer") in kinds and ("stage", "Backend Engineer") in kinds
    assert entries[0].kind == "stage" and entries[0].text.startswith("rejected")  # the newest change


def test_the_read_model_is_one_transaction_whatever_the_person_holds(world, monkeypatch):
    store, ada, *_ = world
    opened = []
    transaction = store.db.transaction
    monkeypatch.setattr(store.db, "transaction", lambda: opened.append(1) or transaction())
    store.person_detail.get(ada.id)
    assert len(opened) == 1
    with pytest.raises(NotFound):
        store.person_detail.get(99999)


def test_find_anyone_by_name_prefix_email_and_company_says_where_they_are(world):
    store, ada, grace, *_ = world
    (hit,) = store.person_detail.find("ada lov")
    assert hit.candidate_id == ada.id
    assert hit.where == (
        "applicant: Backend Engineer (Interview), Product Designer (rejected); prospect in Silver medalists"
    )
    assert [h.candidate_id for h in store.person_detail.find("grace@navy.exa")] == [grace.id]
    assert [h.candidate_id for h in store.person_detail.find("analyt")] == [ada.id]
    (g,) = store.person_detail.find("Hopp")
    assert g.where == "prospect in Silver medalists"
    assert store.person_detail.find("   ") == []
    assert store.person_detail.find("zzzqqq") == []
    for odd in ('"', "AND (", "*", "NEAR(", "a'b", ":", "{name}"):
        store.person_detail.find(odd)  # any text is a search, never an error


def test_find_anyone_is_limited_and_skips_erased_people(any_store):
    store = any_store
    for i in range(30):
        person(store, f"Sam Person{i:02d}", f"sam{i}@example.com")
    assert len(store.person_detail.find("sam")) == 20
    assert len(store.person_detail.find("sam", limit=5)) == 5
    gone = store.person_detail.find("person07")[0].candidate_id
    store.privacy.erase(gone)
    assert store.person_detail.find("person07") == []
    assert store.person_detail.find("erased") == []


def test_find_anyone_ranks_exact_then_prefix_then_the_rest_before_it_limits(any_store):
    """Thirty people match "john smith" anywhere in their names, written before the two who are named so:
    the exact name comes first and the one it starts next, though the index meets them last."""
    store = any_store
    for i in range(30):
        person(store, f"Ann John Smithfield {i:02d}", None)
    smithers = person(store, "John Smithers", "js@example.com").id
    exact = person(store, "John Smith", None).id
    johnny = person(store, "Zed Quill", "john.smith@mail.example").id
    hits = [h.candidate_id for h in store.person_detail.find("john smith")]
    assert len(hits) == 20 and hits[:2] == [exact, smithers], hits
    assert [h.candidate_id for h in store.person_detail.find("John Smi")][:2] == [exact, smithers]
    # An exact e-mail first, though another name starts with the same letters.
    hits = [h.candidate_id for h in store.person_detail.find("john.smith@mail.example")]
    assert hits[0] == johnny, hits
    assert [h.candidate_id for h in store.person_detail.find("jöhn smith")][:1] == [exact]


def test_files_attach_list_read_and_remove(world):
    store, ada, *_ = world
    content = bytes(range(256)) * 10
    kept = store.files.attach(ada.id, "portfolio.docx", content, max_size=10_000)
    assert [f.name for f in store.files.for_candidate(ada.id)] == ["portfolio.docx"]
    record, read = store.files.content(kept.id)
    assert read == content and record.added_by == "tester"
    store.files.remove(kept.id)
    assert store.files.for_candidate(ada.id) == []
    with pytest.raises(NotFound):
        store.files.remove(kept.id)


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(world):
    store, ada, *_ = world
    with pytest.raises(
        InvalidInput, match=r"big\.pdf is 2\.0 KB, over the limit of 1\.0 KB; nothing attached"
    ):
        store.files.attach(ada.id, "big.pdf", b"x" * 2048, max_size=1024)
    assert store.files.for_candidate(ada.id) == []


def test_update_edits_contact_consent_and_summary_and_names_who_has_an_email(world):
    store, ada, grace, *_ = world
    updated = store.candidates.update(
        ada.id,
        phone="+44 20 7946 0958",
        summary="Poet of numbers",
        consent_status="given",
        consent_method="e-mail reply",
    )
    assert (updated.phone, updated.summary, updated.consent_status) == (
        "+44 20 7946 0958",
        "Poet of numbers",
        "given",
    )
    assert updated.consent_method == "e-mail reply" and updated.consent_at is not None
    again = store.candidates.update(ada.id, consent_status="given", consent_method="")
    assert again.consent_at == updated.consent_at and again.consent_method is None
    with pytest.raises(DuplicateCandidate, match=r"grace@navy\.example already belongs to Grace Hopper"):
        store.candidates.update(ada.id, email="Grace@Navy.example")
    with pytest.raises(InvalidInput, match="consent is one of"):
        store.candidates.update(ada.id, consent_status="maybe")
    assert store.candidates.get(ada.id).email == "ada@engines.example"


def test_erase_withdraws_active_applications_removes_files_and_withdraws_consent(world):
    store, ada, _grace, a, d = world
    store.candidates.update(ada.id, consent_status="given", consent_method="form")
    store.files.attach(ada.id, "cv.pdf", b"secret cv", max_size=1000)
    done = store.privacy.erase(ada.id)
    assert (done.applications_withdrawn, done.files_removed, done.applications_kept) == (1, 1, 2)
    backend = store.applications.get(a.id)
    assert backend.status == "withdrawn" and backend.rejection_reason == "Data erased"
    assert store.applications.history(a.id)[-1].action == "withdraw"
    assert store.applications.get(d.id).status == "rejected"  # a closed one stays as it was
    assert ada.id not in {c.candidate_id for c in store.applications.board(backend.job_id)}  # off the board
    erased = store.candidates.get(ada.id)
    assert (erased.consent_status, erased.consent_method) == ("withdrawn", None)
    assert store.files.for_candidate(ada.id) == []
    reasons = {r.name: r.category for r in store.applications.rejection_reasons()}
    assert reasons["Data erased"] == "withdrew"


def test_privacy_export_names_and_contains_the_files(world):
    import base64

    store, ada, *_ = world
    store.files.attach(ada.id, "cv.pdf", b"\x00\xffcv bytes", max_size=1000)
    (exported,) = store.privacy.export(ada.id)["files"]
    assert exported["name"] == "cv.pdf" and exported["size"] == 10
    assert base64.b64decode(exported["content_base64"]) == b"\x00\xffcv bytes"


def test_find_anyone_finds_a_person_by_any_of_their_addresses(any_store):
    """Found trying it: a second address (from a multi-address cell, or added on the person screen) was
    not found, since the search index holds only the primary."""
    store = any_store
    zora = person(store, "Zora Quill", "zora@quill.dev")
    store.candidates.add_identity(zora.id, "email", "Zora.Quill@GMAIL.com")
    person(store, "Zoran Quillan", "zq@other.example")
    for typed in ("zora.quill@gmail.com", "zora.quill@gm", "ZORA.QUILL"):
        assert [h.full_name for h in store.person_detail.find(typed)] == ["Zora Quill"], typed
    assert [h.full_name for h in store.person_detail.find("zq@o")] == ["Zoran Quillan"]
