"""services.job_form.save_job: the job form's new team members and the job are one unit of work."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.services.job_form import JobDraft, NewMember, save_job


def test_new_members_are_added_once_with_the_role_of_their_first_field(any_store):
    zoe = NewMember("Zoe Park", "zoe@example.com")
    draft = JobDraft(
        "Platform Engineer",
        headcount=2,
        hiring_manager=zoe,
        interviewers=(zoe, NewMember("Noor Haddad", "noor@example.com")),
        stages=(("Applied", "active"), ("Offer", "offer"), ("Hired", "hired")),
    )
    job = save_job(any_store, None, draft)
    detail = any_store.jobs.job_detail(job.id)
    assert detail.hiring_manager.role == "hiring_manager"
    assert sorted(m.name for m in detail.interviewers) == ["Noor Haddad", "Zoe Park"]
    assert [(s.name, s.kind) for s in detail.stages] == list(draft.stages)
    named = {m.email: m.role for m in any_store.team.list() if m.email}
    assert named == {"zoe@example.com": "hiring_manager", "noor@example.com": "interviewer"}


@pytest.mark.parametrize(
    "draft",
    [
        JobDraft("Backend Engineer", recruiter=NewMember("Zed Zed", "zed@example.com")),  # taken title
        JobDraft("QA", headcount=0, recruiter=NewMember("Zed Zed", "zed@example.com")),
        JobDraft("QA", recruiter=NewMember("Zed Zed", "zed@example.com"), stages=(("Applied", "active"),)),
    ],
    ids=["duplicate-title", "headcount-0", "no-hired-stage"],
)
def test_a_refused_job_adds_no_member(any_store, draft):
    any_store.jobs.create_job("Backend Engineer")
    members = any_store.team.list()
    with pytest.raises(PipelineError):
        save_job(any_store, None, draft)
    assert any_store.team.list() == members
    assert [s.job.title for s in any_store.jobs.list_jobs()] == ["Backend Engineer"]


def test_an_edit_keeps_the_stages_and_sets_the_team(any_store):
    job = any_store.jobs.create_job("Data Analyst", template="engineering")
    raj = any_store.team.add("Raj Patel", "raj@example.com", "recruiter")
    saved = save_job(any_store, job.id, JobDraft("Data Analyst (BI)", headcount=3, recruiter=raj))
    assert (saved.title, saved.headcount, saved.recruiter_id) == ("Data Analyst (BI)", 3, raj.id)
    assert [s.name for s in any_store.jobs.stages(job.id)][1] == "Recruiter screen"
