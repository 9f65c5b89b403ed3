"""The pipeline rules: apply, move, reject, withdraw, hire, reopen, undo, rating, and their event log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from pipeline_tui.core.errors import AlreadyApplied, InvalidInput, NotFound, RuleViolation, StaleVersion
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.applications import count_events

T0 = datetime(2026, 2, 2, 9, 0)


def person(store, name, email=None):
    return store.candidates.add(CandidateInput.parse(full_name=name, email=email))


@pytest.fixture
def pipe(any_store):
    """A job with its default stages and one fresh applicant."""
    job = any_store.jobs.create_job("Backend Engineer")
    stages = {s.name: s for s in any_store.jobs.stages(job.id)}
    ann = person(any_store, "Ann Lee", "ann@example.com")
    app = any_store.applications.apply(ann.id, job.id, source="referral", at=T0)
    return any_store, job, stages, ann, app


def actions(store, app_id):
    return [e.action for e in store.applications.history(app_id)]


def reason_id(store, category="rejected", index=0):
    return [r for r in store.applications.rejection_reasons() if r.category == category][index].id


# -- apply --------------------------------------------------------------------------------------------------


def test_apply_puts_the_person_in_the_first_stage(pipe):
    store, job, stages, ann, app = pipe
    assert (app.candidate_id, app.job_id, app.stage_id) == (ann.id, job.id, stages["Applied"].id)
    assert (app.status, app.source, app.rating, app.version) == ("active", "referral", 0, 1)
    assert app.applied_at == app.stage_entered_at == T0
    [event] = store.applications.history(app.id)
    assert (event.action, event.from_stage_name, event.to_stage_name, event.to_status) == (
        "applied",
        None,
        "Applied",
        "active",
    )
    assert (event.at, event.actor) == (T0, "tester")


def test_apply_follows_the_first_stage_after_reordering(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    any_store.jobs.reorder_stage(stages[1].id, 0)
    app = any_store.applications.apply(person(any_store, "Bo").id, job.id)
    assert app.stage_id == stages[1].id


def test_second_application_to_the_same_job_is_refused(pipe):
    store, job, _stages, ann, app = pipe
    before = count_events(store.db)
    with pytest.raises(AlreadyApplied) as info:
        store.applications.apply(ann.id, job.id)
    assert info.value.application_id == app.id
    assert (info.value.candidate_id, info.value.job_id) == (ann.id, job.id)
    assert "Ann Lee already applied to Backend Engineer" in str(info.value)
    assert count_events(store.db) == before
    # The same person may apply to another job.
    other = store.jobs.create_job("Frontend Engineer")
    assert store.applications.apply(ann.id, other.id).job_id == other.id


def test_apply_checks_its_inputs(pipe):
    store, job, _stages, ann, _app = pipe
    other = store.jobs.create_job("Other")
    bo = person(store, "Bo")
    with pytest.raises(NotFound):
        store.applications.apply(9999, job.id)
    with pytest.raises(NotFound):
        store.applications.apply(bo.id, 9999)
    with pytest.raises(RuleViolation, match="not one of this job"):
        store.applications.apply(bo.id, job.id, stage_id=store.jobs.stages(other.id)[0].id)


def test_apply_into_a_named_stage_and_a_handoff_from_a_pool(pipe):
    store, job, stages, _ann, _app = pipe
    pool = store.pools.create_pool("Rust folks")
    bo = person(store, "Bo")
    app = store.applications.apply(bo.id, job.id, stage_id=stages["Interview"].id, origin_pool_id=pool.id)
    assert (app.stage_id, app.origin_pool_id) == (stages["Interview"].id, pool.id)
    assert actions(store, app.id) == ["handoff"]
    cy = person(store, "Cy")
    hired = store.applications.apply(cy.id, job.id, stage_id=stages["Hired"].id)
    assert hired.status == "hired"


# -- move ---------------------------------------------------------------------------------------------------


def test_move_writes_an_event_with_stage_names(pipe):
    store, _job, stages, _ann, app = pipe
    t1 = T0 + timedelta(days=3)
    moved = store.applications.move_to_stage(app.id, stages["Interview"].id, app.version, at=t1)
    assert (moved.stage_id, moved.status, moved.version) == (stages["Interview"].id, "active", 2)
    assert moved.stage_entered_at == t1 and moved.applied_at == T0
    last = store.applications.history(app.id)[-1]
    assert (last.action, last.from_stage_name, last.to_stage_name) == ("move", "Applied", "Interview")
    assert (last.from_stage_id, last.to_stage_id) == (stages["Applied"].id, stages["Interview"].id)
    assert (last.from_status, last.to_status, last.at, last.actor) == ("active", "active", t1, "tester")
    # Backwards is a move too.
    back = store.applications.move_to_stage(app.id, stages["Phone screen"].id, moved.version)
    assert back.stage_id == stages["Phone screen"].id
    assert actions(store, app.id) == ["applied", "move", "move"]


def test_moving_into_a_hired_kind_stage_marks_hired(pipe):
    store, _job, stages, _ann, app = pipe
    hired = store.applications.move_to_stage(app.id, stages["Hired"].id, app.version)
    assert hired.status == "hired"
    last = store.applications.history(app.id)[-1]
    assert (last.action, last.to_status, last.to_stage_name) == ("hire", "hired", "Hired")


def test_move_rules(pipe):
    store, _job, stages, _ann, app = pipe
    other = store.jobs.create_job("Other")
    with pytest.raises(RuleViolation, match="already in Applied"):
        store.applications.move_to_stage(app.id, stages["Applied"].id, app.version)
    with pytest.raises(RuleViolation, match="not one of this job"):
        store.applications.move_to_stage(app.id, store.jobs.stages(other.id)[1].id, app.version)
    with pytest.raises(RuleViolation):
        store.applications.move_to_stage(app.id, 99999, app.version)
    with pytest.raises(NotFound):
        store.applications.move_to_stage(99999, stages["Offer"].id, 1)
    assert actions(store, app.id) == ["applied"]
    assert store.applications.get(app.id).version == app.version


def test_event_is_written_in_the_same_transaction_as_the_move(pipe):
    """If writing the event fails, the move is rolled back with it: no change without its history."""
    store, _job, stages, _ann, app = pipe

    def break_the_event(_conn, _cursor, statement, parameters, _context, _many):
        # The event's action becomes "teleport", which violates the action CHECK constraint.
        if not statement.lstrip().upper().startswith("INSERT INTO STAGE_EVENT"):
            return statement, parameters
        if isinstance(parameters, dict):
            return statement, {k: "teleport" if v == "move" else v for k, v in parameters.items()}
        return statement, type(parameters)("teleport" if v == "move" else v for v in parameters)

    before = count_events(store.db)
    event.listen(store.db.engine, "before_cursor_execute", break_the_event, retval=True)
    try:
        with pytest.raises(IntegrityError):
            store.applications.move_to_stage(app.id, stages["Offer"].id, app.version)
    finally:
        event.remove(store.db.engine, "before_cursor_execute", break_the_event)
    after = store.applications.get(app.id)
    assert (after.stage_id, after.version, after.status) == (app.stage_id, app.version, "active")
    assert count_events(store.db) == before


# -- reject, withdraw, hire, reopen ----------------------------------------------------------------------


def test_reject_with_reason_and_note(pipe):
    store, _job, stages, _ann, app = pipe
    rid = reason_id(store, "rejected", 1)
    name = next(r.name for r in store.applications.rejection_reasons() if r.id == rid)
    rejected = store.applications.reject(app.id, rid, app.version, note="Strong, but no Go experience")
    assert (rejected.status, rejected.stage_id) == ("rejected", stages["Applied"].id)
    assert (rejected.rejection_reason_id, rejected.rejection_reason) == (rid, name)
    assert rejected.rejection_note == "Strong, but no Go experience"
    last = store.applications.history(app.id)[-1]
    assert (last.action, last.from_status, last.to_status) == ("reject", "active", "rejected")
    assert (last.reason, last.note) == (name, "Strong, but no Go experience")
    assert store.applications.card(app.id).application.rejection_reason == name


def test_withdraw_with_a_they_withdrew_reason(pipe):
    store, _job, _stages, _ann, app = pipe
    rid = reason_id(store, "withdrew")
    out = store.applications.withdraw(app.id, rid, app.version, note="took an offer elsewhere")
    assert (out.status, out.rejection_reason_id, out.rejection_note) == (
        "withdrawn",
        rid,
        "took an offer elsewhere",
    )
    assert actions(store, app.id)[-1] == "withdraw"


def test_reject_without_a_reason_and_with_an_unknown_one(pipe):
    store, _job, _stages, _ann, app = pipe
    with pytest.raises(InvalidInput):
        store.applications.reject(app.id, 424242, app.version)
    assert store.applications.get(app.id).status == "active"
    rejected = store.applications.reject(app.id, None, app.version)
    assert rejected.status == "rejected" and rejected.rejection_reason is None
    with pytest.raises(RuleViolation, match="already rejected"):
        store.applications.reject(app.id, None, rejected.version)
    with pytest.raises(RuleViolation):
        store.applications.withdraw(app.id, None, rejected.version)


def test_rejected_application_cannot_move_until_reopened(pipe):
    store, _job, stages, _ann, app = pipe
    app = store.applications.move_to_stage(app.id, stages["Interview"].id, app.version)
    rejected = store.applications.reject(app.id, reason_id(store), app.version, note="n")
    with pytest.raises(RuleViolation, match="reopen"):
        store.applications.move_to_stage(app.id, stages["Offer"].id, rejected.version)
    with pytest.raises(RuleViolation, match="reopen"):
        store.applications.hire(app.id, rejected.version)
    assert store.applications.get(app.id).stage_id == stages["Interview"].id
    reopened = store.applications.reopen(app.id, rejected.version)
    assert (reopened.status, reopened.stage_id) == ("active", stages["Interview"].id)
    assert reopened.rejection_reason_id is None and reopened.rejection_note is None
    assert actions(store, app.id) == ["applied", "move", "reject", "reopen"]
    moved = store.applications.move_to_stage(app.id, stages["Offer"].id, reopened.version)
    assert moved.stage_id == stages["Offer"].id


def test_hired_application_cannot_move_until_reopened(pipe):
    store, _job, stages, _ann, app = pipe
    app = store.applications.move_to_stage(app.id, stages["Offer"].id, app.version)
    hired = store.applications.hire(app.id, app.version)
    assert (hired.status, hired.stage_id) == ("hired", stages["Hired"].id)
    assert actions(store, app.id)[-1] == "hire"
    with pytest.raises(RuleViolation, match="reopen"):
        store.applications.move_to_stage(app.id, stages["Interview"].id, hired.version)
    with pytest.raises(RuleViolation):
        store.applications.reject(app.id, None, hired.version)
    reopened = store.applications.reopen(app.id, hired.version)
    # Reopening a hire returns the person to the stage they left for Hired.
    assert (reopened.status, reopened.stage_id) == ("active", stages["Offer"].id)
    last = store.applications.history(app.id)[-1]
    assert (last.action, last.from_stage_name, last.to_stage_name) == ("reopen", "Hired", "Offer")


def test_reopen_rules(pipe):
    store, _job, _stages, _ann, app = pipe
    with pytest.raises(RuleViolation, match="already active"):
        store.applications.reopen(app.id, app.version)
    withdrawn = store.applications.withdraw(app.id, None, app.version)
    back = store.applications.reopen(app.id, withdrawn.version)
    assert (back.status, back.stage_id) == ("active", app.stage_id)


def test_a_job_without_a_hired_stage_is_refused(store):
    with pytest.raises(RuleViolation, match="exactly one hired stage"):
        store.jobs.create_job("No hire stage", stages=(("Applied", "active"), ("Talk", "active")))
    assert store.jobs.list_jobs() == []


# -- undo -------------------------------------------------------------------------------------------------


def test_undo_a_move_restores_stage_and_time_entered(pipe):
    store, _job, stages, _ann, app = pipe
    t1 = T0 + timedelta(days=4)
    moved = store.applications.move_to_stage(app.id, stages["Interview"].id, app.version, at=t1)
    undone = store.applications.undo_last_move(app.id, moved.version)
    assert (undone.stage_id, undone.status) == (stages["Applied"].id, "active")
    assert undone.stage_entered_at == T0
    assert undone.version == moved.version + 1
    history = store.applications.history(app.id)
    assert [e.action for e in history] == ["applied", "move", "undo"]
    assert history[-1].undoes_event_id == history[1].id
    assert (history[-1].from_stage_name, history[-1].to_stage_name) == ("Interview", "Applied")


def test_undo_a_reject_restores_active_and_clears_the_reason(pipe):
    store, _job, stages, _ann, app = pipe
    app = store.applications.move_to_stage(
        app.id, stages["Phone screen"].id, app.version, at=T0 + timedelta(1)
    )
    rejected = store.applications.reject(app.id, reason_id(store), app.version, note="not now")
    undone = store.applications.undo_last_move(app.id, rejected.version)
    assert (undone.status, undone.stage_id) == ("active", stages["Phone screen"].id)
    assert undone.stage_entered_at == T0 + timedelta(1)
    assert undone.rejection_reason_id is None and undone.rejection_note is None
    assert actions(store, app.id)[-1] == "undo"


def test_undo_a_hire_restores_the_stage_before(pipe):
    store, _job, stages, _ann, app = pipe
    t_offer = T0 + timedelta(days=10)
    app = store.applications.move_to_stage(app.id, stages["Offer"].id, app.version, at=t_offer)
    hired = store.applications.move_to_stage(app.id, stages["Hired"].id, app.version)
    undone = store.applications.undo_last_move(app.id, hired.version)
    assert (undone.status, undone.stage_id, undone.stage_entered_at) == (
        "active",
        stages["Offer"].id,
        t_offer,
    )
    last = store.applications.history(app.id)[-1]
    assert (last.action, last.from_status, last.to_status) == ("undo", "hired", "active")


def test_nothing_to_undo_after_applying(pipe):
    store, _job, _stages, _ann, app = pipe
    before = count_events(store.db)
    with pytest.raises(RuleViolation, match="nothing to undo"):
        store.applications.undo_last_move(app.id, app.version)
    assert count_events(store.db) == before
    assert store.applications.get(app.id).version == app.version


def test_repeated_undo_walks_back_to_the_application(pipe):
    store, _job, stages, _ann, app = pipe
    app = store.applications.move_to_stage(app.id, stages["Phone screen"].id, app.version)
    app = store.applications.move_to_stage(app.id, stages["Interview"].id, app.version)
    first = store.applications.undo_last_move(app.id, app.version)
    assert first.stage_id == stages["Phone screen"].id
    second = store.applications.undo_last_move(app.id, first.version)
    assert second.stage_id == stages["Applied"].id and second.stage_entered_at == T0
    with pytest.raises(RuleViolation, match="nothing to undo"):
        store.applications.undo_last_move(app.id, second.version)


def test_undo_refuses_to_go_back_to_a_removed_stage(pipe):
    store, _job, stages, _ann, app = pipe
    app = store.applications.move_to_stage(app.id, stages["Phone screen"].id, app.version)
    store.jobs.remove_stage(stages["Phone screen"].id, move_to_stage_id=stages["Interview"].id)
    current = store.applications.get(app.id)
    assert current.stage_id == stages["Interview"].id
    before = count_events(store.db)
    with pytest.raises(RuleViolation, match="removed"):
        store.applications.undo_last_move(app.id, current.version)
    assert count_events(store.db) == before


# -- stale versions ---------------------------------------------------------------------------------------


def _every_change(store, stages, app_id, version):
    return [
        lambda: store.applications.move_to_stage(app_id, stages["Offer"].id, version),
        lambda: store.applications.reject(app_id, None, version),
        lambda: store.applications.withdraw(app_id, None, version),
        lambda: store.applications.hire(app_id, version),
        lambda: store.applications.set_rating(app_id, 3, version),
        lambda: store.applications.undo_last_move(app_id, version),
    ]


def test_stale_version_is_refused_and_writes_nothing(pipe):
    store, _job, stages, _ann, app = pipe
    current = store.applications.move_to_stage(app.id, stages["Interview"].id, app.version)
    events = count_events(store.db)
    for change in _every_change(store, stages, app.id, app.version):
        with pytest.raises(StaleVersion) as info:
            change()
        assert info.value.current_version == current.version
        assert "someone else changed" in str(info.value)
    assert store.applications.get(app.id) == current
    assert count_events(store.db) == events
    rejected = store.applications.reject(app.id, None, current.version)
    with pytest.raises(StaleVersion):
        store.applications.reopen(app.id, current.version)
    assert store.applications.get(app.id) == rejected


# -- rating, reading --------------------------------------------------------------------------------------


def test_rating(pipe):
    store, _job, _stages, _ann, app = pipe
    rated = store.applications.set_rating(app.id, 3, app.version)
    assert (rated.rating, rated.version) == (3, app.version + 1)
    for bad in (-1, 4):
        with pytest.raises(InvalidInput):
            store.applications.set_rating(app.id, bad, rated.version)
    assert store.applications.get(app.id).rating == 3
    assert actions(store, app.id) == ["applied"], "a rating is not a pipeline move"


def test_rejection_reasons_are_seeded_in_two_groups(any_store):
    reasons = any_store.applications.rejection_reasons()
    assert len(reasons) >= 8
    assert {r.category for r in reasons} == {"rejected", "withdrew"}
    assert len({r.name for r in reasons}) == len(reasons)
    cats = [r.category for r in reasons]
    assert cats == sorted(cats), "grouped by category"


def test_board_order_filters_and_tags(any_store):
    job = any_store.jobs.create_job("J")
    stages = any_store.jobs.stages(job.id)
    people = [person(any_store, n) for n in ("Ann", "Bo", "Cy", "Di")]
    apps = [
        any_store.applications.apply(p.id, job.id, at=T0 + timedelta(days=i)) for i, p in enumerate(people)
    ]
    # Cy entered Applied last but Di is moved on; Bo is rejected; Ann is hired.
    any_store.applications.move_to_stage(apps[3].id, stages[1].id, apps[3].version, at=T0 + timedelta(days=9))
    any_store.applications.reject(apps[1].id, None, apps[1].version)
    any_store.applications.move_to_stage(apps[0].id, stages[4].id, apps[0].version, at=T0 + timedelta(days=8))
    any_store.tags.tag([people[2].id], ["Rust", "go"])
    board = any_store.applications.board(job.id)
    assert [c.full_name for c in board] == ["Cy", "Ann", "Di"]
    assert [c.tags for c in board] == [("go", "Rust"), (), ()]
    assert {c.application.status for c in board} == {"active", "hired"}
    full = any_store.applications.board(job.id, include_closed=True)
    assert [c.full_name for c in full] == ["Bo", "Cy", "Ann", "Di"]
    card = any_store.applications.card(apps[2].id)
    assert (card.full_name, card.tags, card.application.id) == ("Cy", ("go", "Rust"), apps[2].id)
    with pytest.raises(NotFound):
        any_store.applications.card(99999)
    with pytest.raises(NotFound):
        any_store.applications.history(99999)


def test_stage_stays_come_from_the_event_log(pipe):
    store, _job, stages, _ann, app = pipe
    t1, t2 = T0 + timedelta(days=2), T0 + timedelta(days=7)
    app = store.applications.move_to_stage(app.id, stages["Phone screen"].id, app.version, at=t1)
    store.applications.move_to_stage(app.id, stages["Interview"].id, app.version, at=t2)
    stays = store.applications.stage_stays(app.id)
    assert [(s.stage_name, s.entered_at, s.left_at) for s in stays] == [
        ("Applied", T0, t1),
        ("Phone screen", t1, t2),
        ("Interview", t2, None),
    ]
    assert stays[0].seconds == 2 * 86400 and stays[1].seconds == 5 * 86400
    assert stays[2].seconds > 0


def test_undone_moves_are_no_stays_and_the_stay_they_interrupted_goes_on(pipe):
    """Five moves and five undos: the detail view, the store's stays and the card agree on one stay in
    Applied since applying; the log keeps all ten events."""
    store, _job, stages, _ann, app = pipe
    names = ["Phone screen", "Interview", "Offer", "Phone screen", "Interview"]
    for day, name in enumerate(names, start=1):
        app = store.applications.move_to_stage(app.id, stages[name].id, app.version, at=T0 + timedelta(day))
    for _ in names:
        app = store.applications.undo_last_move(app.id, app.version)
    card = store.applications.card(app.id).application
    detail = store.person_detail.get(app.candidate_id, focus_application_id=app.id).focused
    assert (card.stage_id, card.stage_entered_at) == (stages["Applied"].id, T0)
    assert [(s.stage_name, s.entered_at, s.left_at) for s in detail.stays] == [("Applied", T0, None)]
    assert [(s.stage_name, s.entered_at, s.left_at) for s in store.applications.stage_stays(app.id)] == [
        ("Applied", T0, None)
    ]
    assert len(detail.events) == 11


def test_candidate_applications_lists_every_job(pipe):
    store, job, _stages, ann, app = pipe
    other = store.jobs.create_job("Staff Engineer")
    old = store.applications.apply(ann.id, other.id, at=T0 - timedelta(days=300))
    store.applications.reject(old.id, reason_id(store), old.version)
    store.jobs.set_status(other.id, "closed")
    listed = store.candidates.applications(ann.id)
    assert [(a.job_title, a.stage_name, a.application.status) for a in listed] == [
        ("Backend Engineer", "Applied", "active"),
        ("Staff Engineer", "Applied", "rejected"),
    ]
    assert listed[1].job_status == "closed" and listed[1].application.rejection_reason is not None


def test_reopening_someone_who_entered_hired_directly_puts_them_before_hired(pipe):
    store, job, stages, _ann, _app = pipe
    bo = person(store, "Bo")
    hired = store.applications.apply(bo.id, job.id, stage_id=stages["Hired"].id)
    reopened = store.applications.reopen(hired.id, hired.version)
    assert (reopened.status, reopened.stage_id) == ("active", stages["Offer"].id)
    moved = store.applications.move_to_stage(hired.id, stages["Hired"].id, reopened.version)
    assert moved.status == "hired"
