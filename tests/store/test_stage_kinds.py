"""A stage's kind, as the stage editor changes it: another stage can become the hired one (the former hired
stage turns active, in the same transaction), never while either holds applications; and a stage that holds
applications says how many when it is removed without a target (the editor then asks where they go)."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import RuleViolation, StageHoldsApplications
from pipeline_tui.core.validation import CandidateInput


def kinds(store, job_id):
    return [(s.name, s.kind) for s in store.jobs.stages(job_id)]


def test_making_a_stage_hired_makes_the_former_hired_stage_active(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    any_store.jobs.set_stage_kind(stages[3].id, "hired")
    assert kinds(any_store, job.id) == [
        ("Applied", "active"),
        ("Phone screen", "active"),
        ("Interview", "active"),
        ("Offer", "hired"),
        ("Hired", "active"),
    ]
    last = any_store.jobs.events(job.id)[-1]
    assert (last.action, last.detail) == ("stage_kind", "Offer: offer → hired; Hired: hired → active")


def test_the_hired_stage_stays_while_it_holds_hires(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    ann = any_store.candidates.add(CandidateInput.parse(full_name="Ann"))
    app = any_store.applications.apply(ann.id, job.id)
    any_store.applications.move_to_stage(app.id, stages[4].id, app.version)
    with pytest.raises(RuleViolation, match="‘Hired’ holds 1 application"):
        any_store.jobs.set_stage_kind(stages[3].id, "hired")
    with pytest.raises(RuleViolation, match="exactly one hired stage"):
        any_store.jobs.set_stage_kind(stages[4].id, "active")
    assert [k for _, k in kinds(any_store, job.id)] == ["active", "active", "active", "offer", "hired"]
    assert [e.action for e in any_store.jobs.events(job.id)] == ["created"]


def test_removing_a_stage_with_applications_says_how_many(store):
    job = store.jobs.create_job("J")
    first = store.jobs.stages(job.id)[0]
    for name in ("Ann", "Bo"):
        store.applications.apply(store.candidates.add(CandidateInput.parse(full_name=name)).id, job.id)
    with pytest.raises(StageHoldsApplications, match="holds 2 application") as refused:
        store.jobs.remove_stage(first.id)
    assert (refused.value.stage, refused.value.count) == ("Applied", 2)


def test_a_removed_stage_never_moves_its_applications_into_the_hired_stage(store):
    """Moved there in bulk they would sit in the hired stage still active: a hire is made one by one."""
    job = store.jobs.create_job("J")
    stages = store.jobs.stages(job.id)
    app = store.applications.apply(store.candidates.add(CandidateInput.parse(full_name="Ann")).id, job.id)
    with pytest.raises(RuleViolation, match="‘Hired’ is the hired stage"):
        store.jobs.remove_stage(stages[0].id, move_to_stage_id=stages[4].id)
    assert store.applications.get(app.id).stage_id == stages[0].id
    assert len(store.jobs.stages(job.id)) == 5
