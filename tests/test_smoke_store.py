from pipeline_tui.store.validation import CandidateInput


def test_apply_and_move_writes_events(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    cand = any_store.candidates.add(CandidateInput.parse(full_name="Ann Lee", email="ann@example.com"))
    app = any_store.applications.apply(cand.id, job.id, source="referral")
    stages = any_store.jobs.stages(job.id)
    moved = any_store.applications.move_to_stage(app.id, stages[1].id, app.version)
    assert moved.stage_id == stages[1].id
    assert [e.action for e in any_store.applications.history(app.id)] == ["applied", "move"]
