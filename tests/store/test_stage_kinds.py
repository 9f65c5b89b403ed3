"""Removing a stage, as the stage editor does it: one that holds applications says how many when removed
without a target (the editor then asks where they go), and they never go to the hired stage in bulk."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import RuleViolation, StageHoldsApplications
from pipeline_tui.core.validation import CandidateInput


def kinds(store, job_id):
    return [(s.name, s.kind) for s in store.jobs.stages(job_id)]


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
