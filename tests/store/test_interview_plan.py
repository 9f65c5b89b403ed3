"""A job's interview plan: template rounds, add / edit / move / remove, names unique, each change recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.pipeline_templates import PLANS, TEMPLATES
from pipeline_tui.store.hiring_tables import HiringEvent


def plan(store, job_id):
    return [(r.stage_name, r.name, r.duration_min) for r in store.rounds.for_job(job_id)]


def round_events(store, job_id):
    with store.db.transaction() as s:
        rows = s.execute(
            select(HiringEvent.subject, HiringEvent.action, HiringEvent.application_id, HiringEvent.actor)
            .where(HiringEvent.job_id == job_id)
            .order_by(HiringEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def test_a_job_from_the_default_template_gets_its_plan(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    assert plan(any_store, job.id) == [
        ("Phone screen", "Recruiter screen", 30),
        ("Interview", "Technical interview", 60),
        ("Interview", "Team interview", 45),
    ]
    technical = any_store.rounds.find(job.id, "technical INTERVIEW")
    assert technical.attributes == ("Problem solving", "Technical depth")
    assert round_events(any_store, job.id) == [("round", "created", None, "tester")] * 3


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_plan_names_its_own_stages(store, template):
    job = store.jobs.create_job(f"Job {template}", template=template)
    assert len(store.rounds.for_job(job.id)) == len(PLANS[template]) > 0


def test_the_job_forms_stages_of_a_template_get_its_plan_and_custom_ones_none(store):
    engineering = store.jobs.create_job("Platform", stages=TEMPLATES["engineering"])
    assert [r.name for r in store.rounds.for_job(engineering.id)] == [
        "Recruiter screen",
        "Technical interview",
        "System design",
        "Team interview",
    ]
    custom = store.jobs.create_job("Intern", stages=(("New", "active"), ("Chat", "active"), ("Yes", "hired")))
    assert store.rounds.for_job(custom.id) == []
    copied = store.jobs.create_job("Copy", copy_stages_from=engineering.id)
    assert store.rounds.for_job(copied.id) == []


def test_add_by_stage_name_or_id_with_attributes_and_questions(any_store):
    job = any_store.jobs.create_job(
        "Designer", stages=(("Applied", "active"), ("Chat", "active"), ("Hired", "hired"))
    )
    chat = any_store.jobs.find_stage(job.id, "Chat")
    first = any_store.rounds.add(
        job.id,
        "chat",
        "  Portfolio   review ",
        duration_min=90,
        attributes=["Craft", " craft ", "", "[b]Taste[/b]"],
        questions=["Walk us through a project.", "  "],
    )
    assert (first.name, first.stage_id, first.duration_min) == ("Portfolio   review", chat.id, 90)
    assert first.attributes == ("Craft", "[b]Taste[/b]")
    assert first.questions == ("Walk us through a project.",)
    second = any_store.rounds.add(job.id, chat.id, "Culture")
    assert (second.duration_min, second.position) == (45, 1)
    assert [r.name for r in any_store.rounds.for_job(job.id)] == ["Portfolio   review", "Culture"]
    assert any_store.rounds.get(first.id) == first


def test_add_refusals_change_nothing(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    before = plan(any_store, job.id)
    with pytest.raises(RuleViolation, match="already has a round named ‘Team interview’"):
        any_store.rounds.add(job.id, "Interview", "team INTERVIEW")
    with pytest.raises(NotFound, match="has no stage 'Onsite'"):
        any_store.rounds.add(job.id, "Onsite", "Pairing")
    with pytest.raises(InvalidInput, match="5 to 1440 minutes"):
        any_store.rounds.add(job.id, "Interview", "Pairing", duration_min=4)
    with pytest.raises(InvalidInput, match="5 to 1440 minutes"):
        any_store.rounds.add(job.id, "Interview", "Pairing", duration_min=1441)
    with pytest.raises(InvalidInput, match="needs a name"):
        any_store.rounds.add(job.id, "Interview", "   ")
    other = any_store.jobs.create_job("Other")
    with pytest.raises(NotFound, match="not a stage of"):
        any_store.rounds.add(job.id, any_store.jobs.stages(other.id)[1].id, "Pairing")
    assert plan(any_store, job.id) == before


def test_update_records_what_changed(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    team = any_store.rounds.find(job.id, "Team interview")
    changed = any_store.rounds.update(
        team.id, name="Panel", stage="Phone screen", duration_min=50, attributes=["Ownership"], questions=[]
    )
    assert (changed.name, changed.stage_name, changed.duration_min) == ("Panel", "Phone screen", 50)
    assert changed.attributes == ("Ownership",) and changed.questions == ()
    assert changed.position == 1  # after the recruiter screen
    last = last_event(any_store, job.id)
    assert last.action == "edited"
    assert "name: Team interview → Panel" in last.detail and "duration: 45 → 50 min" in last.detail
    with pytest.raises(RuleViolation):
        any_store.rounds.update(team.id, name="recruiter screen")
    same = any_store.rounds.update(team.id, name="Panel")
    assert same == changed
    assert len(round_events(any_store, job.id)) == 4  # an edit that changes nothing records nothing


def test_move_within_its_stage_and_remove(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    team = any_store.rounds.find(job.id, "Team interview")
    after = any_store.rounds.move(team.id, -1)
    assert [r.name for r in after] == ["Recruiter screen", "Team interview", "Technical interview"]
    assert [r.name for r in any_store.rounds.move(team.id, -5)] == [r.name for r in after]  # clamped
    any_store.rounds.remove(team.id)
    assert [r.name for r in any_store.rounds.for_job(job.id)] == ["Recruiter screen", "Technical interview"]
    assert any_store.rounds.find(job.id, "Technical interview").position == 0
    with pytest.raises(NotFound):
        any_store.rounds.get(team.id)
    last = last_event(any_store, job.id)
    assert (last.action, last.detail) == ("removed", "removed round Team interview")


def test_find_names_the_jobs_rounds(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    with pytest.raises(NotFound) as err:
        any_store.rounds.find(job.id, "Onsite")
    assert str(err.value) == (
        "‘Backend Engineer’ has no interview round 'Onsite'; its rounds: ‘Recruiter screen’, "
        "‘Technical interview’, ‘Team interview’"
    )
    bare = any_store.jobs.create_job("Bare", stages=(("Applied", "active"), ("Hired", "hired")))
    with pytest.raises(NotFound, match="it has no rounds yet"):
        any_store.rounds.find(bare.id, "Onsite")


def last_event(store, job_id):
    with store.db.transaction() as s:
        return s.scalars(
            select(HiringEvent).where(HiringEvent.job_id == job_id).order_by(HiringEvent.id.desc())
        ).first()


def test_removing_a_stage_keeps_its_rounds_in_the_stage_before(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    interview = any_store.jobs.find_stage(job.id, "Interview")
    any_store.jobs.remove_stage(interview.id)
    assert plan(any_store, job.id) == [
        ("Phone screen", "Recruiter screen", 30),
        ("Phone screen", "Technical interview", 60),
        ("Phone screen", "Team interview", 45),
    ]
    assert [r.position for r in any_store.rounds.for_job(job.id)] == [0, 1, 2]
    assert (
        last_event(any_store, job.id).detail == "Team interview: stage Interview removed, now in Phone screen"
    )


def test_removing_a_stage_with_applicants_takes_its_rounds_where_they_go(any_store):
    from pipeline_tui.core.validation import CandidateInput

    job = any_store.jobs.create_job("Backend Engineer")
    screen = any_store.jobs.find_stage(job.id, "Phone screen")
    offer = any_store.jobs.find_stage(job.id, "Offer")
    ada = any_store.candidates.add(CandidateInput.parse(full_name="Ada", email="ada@example.com"))
    any_store.applications.apply(ada.id, job.id, stage_id=screen.id)
    any_store.jobs.remove_stage(screen.id, move_to_stage_id=offer.id)
    assert ("Offer", "Recruiter screen", 30) in plan(any_store, job.id)
