"""The applicant list the CLI prints (store/applicant_list.py) and hires vs headcount, on SQLite and PostgreSQL."""

from __future__ import annotations

from board_data import seed_board

from pipeline_tui.core.errors import NotFound


def test_listing_pages_by_id_with_stage_and_status_filters(any_store):
    data = seed_board(any_store)
    job_id, stages = data["backend"].id, data["stages"]
    pages = list(any_store.applications.listing(job_id, page=4))
    assert [len(p) for p in pages] == [4, 4, 1]
    ids = [line.id for page in pages for line in page]
    assert ids == sorted(data["ids"].values())
    ken = next(line for page in pages for line in page if line.name == "Ken Thompson")
    assert (ken.job, ken.stage, ken.stage_kind, ken.status, ken.email) == (
        "Backend Engineer",
        "Hired",
        "hired",
        "hired",
        "person8@example.com",
    )
    applied = [
        line.name for page in any_store.applications.listing(job_id, stage_id=stages[0].id) for line in page
    ]
    assert sorted(applied) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    hired = [line.name for page in any_store.applications.listing(job_id, status="hired") for line in page]
    assert hired == ["Ken Thompson"]
    assert list(any_store.applications.listing(job_id, status="withdrawn")) == []


def test_listed_and_in_job_read_one_application(any_store):
    data = seed_board(any_store)
    ada = any_store.applications.get(data["ids"]["Ada Lovelace"])
    line = any_store.applications.listed(ada.id)
    assert (line.name, line.version, line.stage) == ("Ada Lovelace", ada.version, "Applied")
    assert any_store.applications.in_job(ada.candidate_id, data["design"].id).job == "Product Designer"
    alan = any_store.applications.get(data["ids"]["Alan Turing"])
    assert any_store.applications.in_job(alan.candidate_id, data["design"].id) is None
    try:
        any_store.applications.listed(99999)
    except NotFound as exc:
        assert "no application #99999" in str(exc)
    else:
        raise AssertionError("an unknown application was listed")


def test_headcount_counts_hires_only(any_store):
    data = seed_board(any_store)
    job_id = data["backend"].id
    assert any_store.jobs.headcount(job_id) == (1, 1)
    barbara = any_store.applications.get(data["ids"]["Barbara Liskov"])
    any_store.applications.reject(barbara.id, None, barbara.version)
    assert any_store.jobs.headcount(job_id) == (1, 1)
    ada = any_store.applications.get(data["ids"]["Ada Lovelace"])
    any_store.applications.hire(ada.id, ada.version)
    assert any_store.jobs.headcount(job_id) == (2, 1)
    assert any_store.jobs.headcount(data["design"].id) == (0, 1)
