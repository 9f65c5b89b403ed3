"""The rules of issue #12 in the store, on SQLite and PostgreSQL: titles, headcount, pipelines from templates
or another job, the stage editor's refusals, job status and what happens to active applicants, and that only
open jobs take new applicants (form, import, hand-off)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pipeline_tui.core.errors import ActiveApplicants, InvalidInput, JobNotOpen, NotFound, RuleViolation
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store.models import JobEvent, StageEvent


def person(store, name):
    return store.candidates.add(CandidateInput.parse(full_name=name))


def kinds(store, job_id):
    return [(s.name, s.kind) for s in store.jobs.stages(job_id)]


def job_events(store, job_id):
    return [(e.action, e.detail) for e in store.jobs.events(job_id)]


# -- creating and editing ---------------------------------------------------------------------------------


def test_titles_are_unique_among_jobs_still_running(any_store):
    first = any_store.jobs.create_job("Platform Engineer")
    with pytest.raises(RuleViolation, match="already open"):
        any_store.jobs.create_job("platform engineer")
    with pytest.raises(RuleViolation, match="already open"):
        any_store.jobs.create_job("Platform Engineer", status="draft")
    any_store.jobs.set_status(first.id, "closed")
    again = any_store.jobs.create_job("Platform Engineer")
    assert again.id != first.id
    with pytest.raises(RuleViolation, match="already open"):
        any_store.jobs.set_status(first.id, "open")  # reopening would make two running jobs of one title
    assert [j.title for j in any_store.jobs.list_jobs()] == ["Platform Engineer", "Platform Engineer"]


def test_headcount_must_be_at_least_one(any_store):
    for bad in (0, -2, True, "3"):
        with pytest.raises(InvalidInput, match="headcount"):
            any_store.jobs.create_job("Analyst", headcount=bad)
    job = any_store.jobs.create_job("Analyst", headcount=3)
    with pytest.raises(InvalidInput, match="headcount"):
        any_store.jobs.update_job(job.id, headcount=0)
    assert any_store.jobs.get(job.id).headcount == 3
    assert any_store.jobs.list_jobs()[0].headcount == 3


def test_pipelines_from_templates_lists_and_other_jobs(any_store):
    eng = any_store.jobs.create_job("SRE", template="engineering")
    assert kinds(any_store, eng.id) == [
        ("Applied", "active"),
        ("Recruiter screen", "active"),
        ("Technical interview", "active"),
        ("Onsite", "active"),
        ("Offer", "offer"),
        ("Hired", "hired"),
    ]
    copied = any_store.jobs.create_job("SRE II", copy_stages_from=eng.id)
    assert kinds(any_store, copied.id) == kinds(any_store, eng.id)
    assert {s.id for s in any_store.jobs.stages(copied.id)}.isdisjoint(
        s.id for s in any_store.jobs.stages(eng.id)
    )
    with pytest.raises(NotFound, match="closest: 'engineering'"):
        any_store.jobs.create_job("X", template="enginering")
    with pytest.raises(InvalidInput, match="not several"):
        any_store.jobs.create_job("X", template="sales", copy_stages_from=eng.id)


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ((("Offer", "offer"), ("Hired", "hired")), "at least one active stage"),
        ((("Applied", "active"), ("Offer", "offer")), "exactly one hired stage"),
        ((("Applied", "active"), ("Hired", "hired"), ("Hired too", "hired")), "exactly one hired stage"),
        ((("Applied", "active"), ("applied", "active"), ("Hired", "hired")), "two stages are named"),
    ],
)
def test_a_pipeline_the_rules_refuse_makes_no_job(store, stages, message):
    with pytest.raises(RuleViolation, match=message):
        store.jobs.create_job("X", stages=stages)
    assert store.jobs.list_jobs() == []


def test_a_job_keeps_its_team_and_edits_are_recorded(any_store):
    hm = any_store.team.add("Priya Raman", "priya@example.com", "hiring-manager")
    rec = any_store.team.add("Jonas Weber", "JONAS@example.com", "recruiter")
    ivs = [any_store.team.add(n, None, "interviewer") for n in ("Ada", "Bo")]
    job = any_store.jobs.create_job(
        "Data Analyst",
        department="Data",
        employment_type="full-time",
        description="Line one\nLine two",
        hiring_manager_id=hm.id,
        recruiter_id=rec.id,
        interviewer_ids=[ivs[0].id],
    )
    assert (job.hiring_manager, job.recruiter, job.employment_type) == (
        "Priya Raman",
        "Jonas Weber",
        "full_time",
    )
    assert job.description == "Line one\nLine two"
    edited = any_store.jobs.update_job(
        job.id,
        title="Senior Data Analyst",
        recruiter_id=None,
        interviewer_ids=[i.id for i in ivs],
        headcount=2,
    )
    assert (edited.title, edited.recruiter, edited.headcount) == ("Senior Data Analyst", None, 2)
    detail = any_store.jobs.job_detail(job.id)
    assert detail.hiring_manager.email == "priya@example.com"
    assert [m.name for m in detail.interviewers] == ["Ada", "Bo"]
    assert [(s.name, s.count) for s in detail.stages][:2] == [("Applied", 0), ("Phone screen", 0)]
    assert [a for a, _ in job_events(any_store, job.id)] == ["created", "edited"]
    assert "title: Data Analyst \u2192 Senior Data Analyst" in job_events(any_store, job.id)[1][1]
    with pytest.raises(NotFound, match="no team member"):
        any_store.jobs.update_job(job.id, coordinator_id=4242)
    with pytest.raises(InvalidInput, match="employment type"):
        any_store.jobs.update_job(job.id, employment_type="gig")
    with pytest.raises(InvalidInput, match="no editable field"):
        any_store.jobs.update_job(job.id, status="closed")


def test_list_jobs_filters_by_text_and_by_my_jobs(any_store):
    me = any_store.team.add("Ann", "ann@example.com", "recruiter")
    other = any_store.team.add("Zed", None, "hiring_manager")
    mine = any_store.jobs.create_job("Backend Engineer", department="Platform", recruiter_id=me.id)
    interviewing = any_store.jobs.create_job("Designer", location="Lisbon", interviewer_ids=[me.id])
    theirs = any_store.jobs.create_job("Accountant", hiring_manager_id=other.id)
    assert {s.id for s in any_store.jobs.list_jobs(member_id=me.id)} == {mine.id, interviewing.id}
    assert [s.id for s in any_store.jobs.list_jobs(text="platform")] == [mine.id]
    assert [s.id for s in any_store.jobs.list_jobs(text="LISBON")] == [interviewing.id]
    assert [s.id for s in any_store.jobs.list_jobs(text="zed")] == [theirs.id]
    summary = any_store.jobs.list_jobs(text="backend")[0]
    assert (summary.recruiter, summary.recruiter_id, summary.days_open) == ("Ann", me.id, 0)
    assert [st.name for st in summary.stages] == ["Applied", "Phone screen", "Interview", "Offer", "Hired"]
    assert any_store.jobs.list_jobs(statuses=["on-hold"]) == []


# -- stages -------------------------------------------------------------------------------------------------


def test_stage_changes_keep_the_rules_and_are_recorded(any_store):
    job = any_store.jobs.create_job("J")
    _applied, screen, _interview, offer, hired = any_store.jobs.stages(job.id)
    added = any_store.jobs.add_stage(job.id, "Take-home", after=screen.id)
    assert (added.position, added.kind) == (2, "active")
    with pytest.raises(RuleViolation, match="already has a stage named"):
        any_store.jobs.add_stage(job.id, "take-home")
    with pytest.raises(RuleViolation, match="exactly one hired stage"):
        any_store.jobs.add_stage(job.id, "Hired again", "hired")
    with pytest.raises(RuleViolation, match="already has a stage named"):
        any_store.jobs.rename_stage(screen.id, "Interview")
    any_store.jobs.rename_stage(screen.id, "Recruiter call")
    any_store.jobs.reorder_stage(offer.id, 1)
    with pytest.raises(RuleViolation, match="exactly one hired stage"):
        any_store.jobs.set_stage_kind(hired.id, "active")
    any_store.jobs.set_stage_kind(offer.id, "active")
    assert any_store.jobs.find_stage(job.id, "recruiter CALL").id == screen.id
    with pytest.raises(NotFound, match="closest: 'Recruiter call'"):
        any_store.jobs.find_stage(job.id, "Recruiter cal")
    assert [a for a, _ in job_events(any_store, job.id)] == [
        "created",
        "stage_added",
        "stage_renamed",
        "stage_moved",
        "stage_kind",
    ]
    assert job_events(any_store, job.id)[2][1] == "Phone screen \u2192 Recruiter call"


def test_removing_a_stage_with_applicants_moves_them_as_stage_events(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    app = any_store.applications.apply(person(any_store, "Ann").id, job.id, stage_id=stages[1].id)
    with pytest.raises(RuleViolation, match="choose a stage to move them to"):
        any_store.jobs.remove_stage(stages[1].id)
    any_store.jobs.remove_stage(stages[1].id, move_to_stage_id=stages[2].id)
    history = any_store.applications.history(app.id)
    assert [(e.action, e.from_stage_name, e.to_stage_name) for e in history][-1] == (
        "move",
        "Phone screen",
        "Interview",
    )
    assert history[-1].actor == "tester"
    assert job_events(any_store, job.id)[-1] == ("stage_removed", "Phone screen (1 moved to Interview)")
    with pytest.raises(RuleViolation, match="hired stage"):
        any_store.jobs.remove_stage(stages[-1].id)


def test_another_stage_becomes_the_hired_one_only_while_both_are_empty(store):
    job = store.jobs.create_job("J")
    stages = store.jobs.stages(job.id)
    app = store.applications.apply(person(store, "Ann").id, job.id, stage_id=stages[-1].id)
    with pytest.raises(RuleViolation, match="holds 1 application"):
        store.jobs.set_stage_kind(stages[3].id, "hired")
    assert kinds(store, job.id)[-2:] == [("Offer", "offer"), ("Hired", "hired")]
    reopened = store.applications.reopen(app.id, app.version)  # back to the stage before Hired: Offer
    with pytest.raises(RuleViolation, match="holds 1 application"):
        store.jobs.set_stage_kind(stages[3].id, "hired")
    store.applications.move_to_stage(app.id, stages[1].id, reopened.version)
    store.jobs.set_stage_kind(stages[3].id, "hired")
    assert kinds(store, job.id)[-2:] == [("Offer", "hired"), ("Hired", "active")]
    assert store.jobs.events(job.id)[-1].detail == "Offer: offer \u2192 hired (Hired: hired \u2192 active)"
    store.jobs.remove_stage(stages[4].id)
    assert [k for _, k in kinds(store, job.id)] == ["active", "active", "active", "hired"]


# -- status -------------------------------------------------------------------------------------------------


def test_status_moves_along_the_allowed_transitions(any_store):
    job = any_store.jobs.create_job("Role", status="draft")
    assert job.opened_at is None
    with pytest.raises(RuleViolation, match="cannot go from draft to on hold"):
        any_store.jobs.set_status(job.id, "on-hold")
    opened = any_store.jobs.set_status(job.id, "open").job
    held = any_store.jobs.set_status(job.id, "on_hold")
    assert (held.previous, held.job.status, held.job.opened_at) == ("open", "on_hold", opened.opened_at)
    filled = any_store.jobs.set_status(job.id, "filled").job
    assert filled.closed_at is not None
    with pytest.raises(RuleViolation, match="cannot go from filled to closed"):
        any_store.jobs.set_status(job.id, "closed")
    with pytest.raises(RuleViolation, match="already filled"):
        any_store.jobs.set_status(job.id, "filled")
    reopened = any_store.jobs.set_status(job.id, "open").job
    assert reopened.closed_at is None and reopened.opened_at == opened.opened_at
    with pytest.raises(InvalidInput, match="unknown job status"):
        any_store.jobs.set_status(job.id, "paused")
    assert [d for a, d in job_events(any_store, job.id) if a == "status"] == [
        "draft \u2192 open",
        "open \u2192 on hold",
        "on hold \u2192 filled",
        "filled \u2192 open",
    ]


def test_closing_with_active_applicants_asks_what_to_do_with_them(any_store):
    job = any_store.jobs.create_job("Role")
    apps = [any_store.applications.apply(person(any_store, n).id, job.id) for n in ("Ann", "Bo", "Cy")]
    hired = any_store.applications.hire(apps[2].id, apps[2].version)
    with pytest.raises(ActiveApplicants) as refused:
        any_store.jobs.set_status(job.id, "closed")
    assert refused.value.count == 2 and "2 active applicants" in str(refused.value)
    assert any_store.jobs.get(job.id).status == "open", "a refusal changes nothing"
    kept = any_store.jobs.set_status(job.id, "on_hold")
    assert kept.rejected == 0
    change = any_store.jobs.set_status(job.id, "closed", active="reject", reason="Position closed")
    assert change.rejected == 2
    for app in apps[:2]:
        now = any_store.applications.get(app.id)
        assert (now.status, now.rejection_reason, now.version) == (
            "rejected",
            "Position closed",
            app.version + 1,
        )
        assert [e.action for e in any_store.applications.history(app.id)] == ["applied", "reject"]
    assert any_store.applications.get(hired.id).status == "hired"
    reasons = [r for r in any_store.applications.rejection_reasons() if r.name == "Position closed"]
    assert [r.category for r in reasons] == ["rejected"]
    assert job_events(any_store, job.id)[-1] == (
        "status",
        "on hold \u2192 closed (2 active applicants rejected)",
    )


def test_keeping_active_applicants_when_filling(store):
    job = store.jobs.create_job("Role")
    app = store.applications.apply(person(store, "Ann").id, job.id)
    change = store.jobs.set_status(job.id, "filled", active="keep")
    assert (change.job.status, change.rejected) == ("filled", 0)
    assert store.applications.get(app.id).status == "active"


def test_hires_against_headcount(store):
    job = store.jobs.create_job("Role", headcount=2)
    app = store.applications.apply(person(store, "Ann").id, job.id)
    assert store.jobs.headcount(job.id) == (0, 2)
    store.applications.hire(app.id, app.version)
    assert store.jobs.headcount(job.id) == (1, 2)
    assert store.jobs.list_jobs()[0].hired == 1


# -- only open jobs take new applicants ------------------------------------------------------------------------


def test_only_open_jobs_take_new_applicants(any_store):
    job = any_store.jobs.create_job("Platform Engineer")
    ann = person(any_store, "Ann")
    any_store.jobs.set_status(job.id, "on_hold")
    with pytest.raises(
        JobNotOpen, match="\u2018Platform Engineer\u2019 is on hold: it takes no new applicants"
    ):
        any_store.applications.apply(ann.id, job.id)
    with pytest.raises(JobNotOpen, match="is on hold"):
        hand_over(any_store, job.id, [ann.id])
    draft = any_store.jobs.create_job("Draft role", status="draft")
    with pytest.raises(JobNotOpen, match="is draft"):
        any_store.applications.apply(ann.id, draft.id)
    assert any_store.candidates.applications(ann.id) == []
    any_store.jobs.set_status(job.id, "open")
    assert any_store.applications.apply(ann.id, job.id).status == "active"


def test_import_into_a_job_that_is_not_open_is_refused(store, tmp_path):
    from pipeline_tui.services.imports import import_applicants

    job = store.jobs.create_job("Closed role")
    store.jobs.set_status(job.id, "closed")
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn Lee,ann@example.com\n", encoding="utf-8")
    with pytest.raises(JobNotOpen, match="is closed"):
        import_applicants(store, path, job=job.id)
    assert store.prospects.count("all", "") == 0, "nobody was imported"


# -- who made each change -------------------------------------------------------------------------------------


def test_the_current_user_becomes_a_member_on_their_first_write_only(any_store):
    assert any_store.team.current() is None
    any_store.jobs.list_jobs()
    any_store.team.list()
    assert any_store.team.list() == [], "reading never creates the current user"
    job = any_store.jobs.create_job("Role")
    me = any_store.team.current()
    assert (me.name, me.email, me.role) == ("tester", None, "recruiter")
    app = any_store.applications.apply(person(any_store, "Ann").id, job.id)
    any_store.activities.add(app.candidate_id, "note", "hello", application_id=app.id)
    with any_store.db.transaction() as s:
        actors = set(s.scalars(select(StageEvent.actor_id))) | set(s.scalars(select(JobEvent.actor_id)))
        assert actors == {me.id}
        assert s.scalar(select(func.count()).select_from(JobEvent)) == 1
    assert [a.actor for a in any_store.person_detail.get(app.candidate_id).activities] == ["tester"]
    assert len(any_store.team.list()) == 1


def test_the_current_user_is_matched_by_email_or_name(tmp_path):
    from pipeline_tui.store import Store

    path = str(tmp_path / "team.db")
    first = Store.open(path, actor="tester")
    ann = first.team.add("Ann Lee", "ann@example.com", "recruiter")
    first.close()
    for spec in ("ANN@example.com", "ann lee"):
        st = Store.open(path, actor=spec)
        try:
            job = st.jobs.create_job(f"Role for {spec}")
            assert st.jobs.events(job.id)[0].actor_id == ann.id
            assert st.actor == "Ann Lee"
        finally:
            st.close()


def test_team_members_are_found_and_deactivated(any_store):
    ann = any_store.team.add(" Ann Lee ", "Ann@Example.com", "Hiring manager")
    assert (ann.name, ann.email, ann.role, ann.active) == (
        "Ann Lee",
        "ann@example.com",
        "hiring_manager",
        True,
    )
    with pytest.raises(InvalidInput, match="already belongs to team member 'Ann Lee'"):
        any_store.team.add("Other Ann", "ann@example.com", "recruiter")
    with pytest.raises(InvalidInput, match="unknown role"):
        any_store.team.add("Bo", None, "boss")
    assert any_store.team.find("ANN@example.com").id == ann.id
    with pytest.raises(NotFound, match="closest: 'Ann Lee'"):
        any_store.team.find("Ann Le")
    gone = any_store.team.deactivate("ann@example.com")
    assert gone.active is False
    # Adding Ann was the current user's first write: its change-log entry matched them to a member.
    assert [m.name for m in any_store.team.list(active_only=True)] == ["tester"]
    assert [m.name for m in any_store.team.list()] == ["Ann Lee", "tester"]
