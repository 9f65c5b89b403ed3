"""Jobs and their stages: defaults, rename, add, reorder, remove (only when empty or with a target)."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.validation import CandidateInput

DEFAULT = [
    ("Applied", "active"),
    ("Phone screen", "active"),
    ("Interview", "active"),
    ("Offer", "offer"),
    ("Hired", "hired"),
]


def names(store, job_id):
    return [s.name for s in store.jobs.stages(job_id)]


def person(store, name, email=None):
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email))


def test_new_job_gets_the_default_stages(any_store):
    job = any_store.jobs.create_job(
        "  Backend   Engineer ", department="Platform", location="Berlin", headcount=2
    )
    assert job.title == "Backend   Engineer"
    assert (job.department, job.location, job.headcount, job.status) == ("Platform", "Berlin", 2, "open")
    assert job.opened_at is not None and job.closed_at is None
    stages = any_store.jobs.stages(job.id)
    assert [(s.name, s.kind) for s in stages] == DEFAULT
    assert [s.position for s in stages] == [0, 1, 2, 3, 4]
    assert all(s.job_id == job.id for s in stages)


def test_each_job_has_its_own_stages(any_store):
    a = any_store.jobs.create_job("A")
    b = any_store.jobs.create_job("B")
    ids_a = {s.id for s in any_store.jobs.stages(a.id)}
    ids_b = {s.id for s in any_store.jobs.stages(b.id)}
    assert ids_a.isdisjoint(ids_b)
    any_store.jobs.rename_stage(any_store.jobs.stages(a.id)[1].id, "Recruiter call")
    assert names(any_store, b.id)[1] == "Phone screen"


def test_custom_stage_list(store):
    job = store.jobs.create_job("Intern", stages=(("New", "active"), ("Chat", "active"), ("Yes", "hired")))
    assert names(store, job.id) == ["New", "Chat", "Yes"]


def test_job_rules(store):
    with pytest.raises(InvalidInput):
        store.jobs.create_job("   ")
    with pytest.raises(InvalidInput):
        store.jobs.create_job("X", status="paused")
    with pytest.raises(InvalidInput):
        store.jobs.create_job("X", stages=(("Odd", "limbo"),))
    assert store.jobs.list_jobs() == [], "a refused job leaves nothing behind"
    with pytest.raises(NotFound):
        store.jobs.get(999)
    with pytest.raises(NotFound):
        store.jobs.stages(999)


def test_draft_and_closed_dates(store):
    draft = store.jobs.create_job("Draft", status="draft")
    assert draft.opened_at is None
    closed = store.jobs.create_job("Old", status="closed", opened_at=datetime(2025, 3, 1))
    assert closed.opened_at == datetime(2025, 3, 1) and closed.closed_at is not None
    opened = store.jobs.set_status(draft.id, "open").job
    assert opened.opened_at is not None and opened.closed_at is None
    shut = store.jobs.set_status(draft.id, "closed").job
    assert shut.closed_at is not None
    reopened = store.jobs.set_status(draft.id, "open").job
    assert reopened.closed_at is None and reopened.opened_at == opened.opened_at
    with pytest.raises(InvalidInput):
        store.jobs.set_status(draft.id, "nope")


def test_list_jobs_counts_and_order(any_store):
    open_job = any_store.jobs.create_job("Zeta engineer")
    hold = any_store.jobs.create_job("Alpha hold", status="on_hold")
    draft = any_store.jobs.create_job("Beta draft", status="draft")
    closed = any_store.jobs.create_job("Aardvark closed", status="closed")
    stages = any_store.jobs.stages(open_job.id)
    apps = [any_store.applications.apply(person(any_store, f"P{i}").id, open_job.id) for i in range(4)]
    any_store.applications.reject(apps[0].id, None, apps[0].version)
    any_store.applications.withdraw(apps[1].id, None, apps[1].version)
    any_store.applications.move_to_stage(apps[2].id, stages[-1].id, apps[2].version)
    summaries = any_store.jobs.list_jobs()
    assert [s.job.id for s in summaries] == [open_job.id, hold.id, draft.id, closed.id]
    top = summaries[0]
    assert (top.active_count, top.hired_count, top.rejected_count) == (1, 1, 2)
    assert all((s.active_count, s.hired_count, s.rejected_count) == (0, 0, 0) for s in summaries[1:])
    only_open = any_store.jobs.list_jobs(statuses=("open",))
    assert [s.job.id for s in only_open] == [open_job.id]


def test_find_by_title_prefers_the_open_job(store):
    old = store.jobs.create_job("Data Engineer", status="closed")
    assert store.jobs.find_by_title("data  engineer").id == old.id
    new = store.jobs.create_job("Data Engineer")
    assert store.jobs.find_by_title("DATA ENGINEER").id == new.id
    with pytest.raises(NotFound, match="no job titled"):
        store.jobs.find_by_title("Astronaut")


def test_rename_stage(any_store):
    job = any_store.jobs.create_job("J")
    st = any_store.jobs.stages(job.id)[1]
    renamed = any_store.jobs.rename_stage(st.id, "  Recruiter call ")
    assert renamed.name == "Recruiter call"
    assert (renamed.id, renamed.kind, renamed.position) == (st.id, "active", 1)
    with pytest.raises(InvalidInput):
        any_store.jobs.rename_stage(st.id, " ")
    with pytest.raises(NotFound):
        any_store.jobs.rename_stage(12345, "x")


def test_rename_keeps_history_names(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    app = any_store.applications.apply(person(any_store, "Ann").id, job.id)
    app = any_store.applications.move_to_stage(app.id, stages[1].id, app.version)
    any_store.jobs.rename_stage(stages[1].id, "Recruiter call")
    history = any_store.applications.history(app.id)
    assert [(e.from_stage_name, e.to_stage_name) for e in history] == [
        (None, "Applied"),
        ("Applied", "Phone screen"),
    ]
    assert any_store.applications.card(app.id).application.stage_id == stages[1].id


def test_add_stage_before_hired_and_at_a_position(any_store):
    job = any_store.jobs.create_job("J")
    late = any_store.jobs.add_stage(job.id, "Reference check", "offer")
    assert late.position == 4, "a new stage goes just before the hired stage"
    early = any_store.jobs.add_stage(job.id, "Take-home", "active", position=2)
    assert early.position == 2
    assert names(any_store, job.id) == [
        "Applied",
        "Phone screen",
        "Take-home",
        "Interview",
        "Offer",
        "Reference check",
        "Hired",
    ]
    assert [s.position for s in any_store.jobs.stages(job.id)] == list(range(7))
    clamped = any_store.jobs.add_stage(job.id, "First", "active", position=-5)
    assert clamped.position == 0 and names(any_store, job.id)[0] == "First"
    with pytest.raises(InvalidInput):
        any_store.jobs.add_stage(job.id, "Bad", "limbo")
    with pytest.raises(InvalidInput):
        any_store.jobs.add_stage(job.id, "", "active")
    with pytest.raises(NotFound):
        any_store.jobs.add_stage(999, "X", "active")


def test_reorder_stage(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    result = any_store.jobs.reorder_stage(stages[3].id, 1)
    expected = ["Applied", "Offer", "Phone screen", "Interview", "Hired"]
    assert [s.name for s in result] == expected
    assert names(any_store, job.id) == expected
    assert [s.position for s in any_store.jobs.stages(job.id)] == list(range(5))
    any_store.jobs.reorder_stage(stages[0].id, 99)
    assert names(any_store, job.id)[-1] == "Applied"
    with pytest.raises(NotFound):
        any_store.jobs.reorder_stage(999, 0)


def test_remove_empty_stage(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    any_store.jobs.remove_stage(stages[2].id)
    assert names(any_store, job.id) == ["Applied", "Phone screen", "Offer", "Hired"]
    assert [s.position for s in any_store.jobs.stages(job.id)] == [0, 1, 2, 3]


def test_remove_stage_with_applicants_needs_a_target(any_store):
    job = any_store.jobs.create_job("J")
    other = any_store.jobs.create_job("Other")
    stages = any_store.jobs.stages(job.id)
    app = any_store.applications.apply(person(any_store, "Ann").id, job.id)
    app = any_store.applications.move_to_stage(app.id, stages[1].id, app.version)
    with pytest.raises(RuleViolation, match="holds 1 application"):
        any_store.jobs.remove_stage(stages[1].id)
    with pytest.raises(RuleViolation, match="same job"):
        any_store.jobs.remove_stage(stages[1].id, move_to_stage_id=any_store.jobs.stages(other.id)[0].id)
    with pytest.raises(RuleViolation):
        any_store.jobs.remove_stage(stages[1].id, move_to_stage_id=stages[1].id)
    assert names(any_store, job.id)[1] == "Phone screen", "a refused removal changes nothing"
    assert any_store.applications.get(app.id).version == app.version

    any_store.jobs.remove_stage(stages[1].id, move_to_stage_id=stages[2].id)
    assert names(any_store, job.id) == ["Applied", "Interview", "Offer", "Hired"]
    after = any_store.applications.get(app.id)
    assert after.stage_id == stages[2].id
    assert after.version == app.version + 1, "anyone holding the old card must reload it"
    history = any_store.applications.history(app.id)
    # History keeps the removed stage's name; the move caused by the removal is logged too.
    assert [(e.action, e.from_stage_name, e.to_stage_name) for e in history] == [
        ("applied", None, "Applied"),
        ("move", "Applied", "Phone screen"),
        ("move", "Phone screen", "Interview"),
    ]
    assert history[1].to_stage_id is None and history[2].from_stage_id is None
    assert "removed" in (history[2].note or "")
    assert [s.stage_name for s in any_store.applications.stage_stays(app.id)] == [
        "Applied",
        "Phone screen",
        "Interview",
    ]


def test_remove_stage_counts_closed_applications_too(store):
    job = store.jobs.create_job("J")
    stages = store.jobs.stages(job.id)
    app = store.applications.apply(person(store, "Ann").id, job.id)
    store.applications.reject(app.id, None, app.version)
    with pytest.raises(RuleViolation):
        store.jobs.remove_stage(stages[0].id)
    store.jobs.remove_stage(stages[0].id, move_to_stage_id=stages[1].id)
    moved = store.applications.get(app.id)
    assert (moved.stage_id, moved.status) == (stages[1].id, "rejected")


def test_last_active_and_the_hired_stage_cannot_be_removed(store):
    job = store.jobs.create_job("J", stages=(("Only", "active"), ("Hired", "hired")))
    only, hired = store.jobs.stages(job.id)
    with pytest.raises(RuleViolation, match="last active stage"):
        store.jobs.remove_stage(only.id)
    with pytest.raises(RuleViolation, match="hired stage"):
        store.jobs.remove_stage(hired.id)
    assert names(store, job.id) == ["Only", "Hired"]
    with pytest.raises(NotFound):
        store.jobs.remove_stage(4242)
