"""Every ATS write notes its change in the change log, in its own transaction: exactly the expected rows
(entity, id, kind, job, person, actor and the sentence readers show), and nothing when the write is refused
or rolled back. On a SQLite file and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from change_log_rows import logged, mark, moments
from sqlalchemy import func, select

from pipeline_tui.core.errors import (
    ActiveApplicants,
    AlreadyApplied,
    InvalidInput,
    JobNotOpen,
    RuleViolation,
    StageHoldsApplications,
    StaleVersion,
)
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.imports import import_applicants
from pipeline_tui.services.pipeline import add_applicant, hand_over, merge_people
from pipeline_tui.store.current_user import CurrentUser
from pipeline_tui.store.models import Application


def person(store, name: str, email: str | None = None):
    address = email or name.lower().replace(" ", ".") + "@example.com"
    return store.candidates.add(CandidateInput.parse(full_name=name, email=address))


def opened_in(store, job_id: int) -> dict[int, int]:
    """The job's applications by person: {candidate id: application id}."""
    with store.db.transaction() as s:
        return dict(
            s.execute(
                select(Application.candidate_id, Application.id).where(Application.job_id == job_id)
            ).all()
        )


def applications_of(store, since: int) -> list[tuple]:
    """The application rows only: the people's own rows (added, pooled) are the CRM side's."""
    return [row for row in logged(store, since) if row[0] == "application"]


class Boom(Exception):
    pass


# -- opening applications ------------------------------------------------------------------------------


def test_apply_notes_the_job_and_a_refused_apply_notes_nothing(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    held = any_store.jobs.create_job("Data Analyst", status="on_hold")
    ada = person(any_store, "Ada Lovelace")
    at = mark(any_store)
    app = any_store.applications.apply(ada.id, job.id)
    assert logged(any_store, at) == [
        ("application", app.id, "applied", job.id, ada.id, "tester", "tester added Ada Lovelace to Backend Engineer")
    ]  # fmt: skip
    at = mark(any_store)
    with pytest.raises(AlreadyApplied):
        any_store.applications.apply(ada.id, job.id)
    with pytest.raises(JobNotOpen):
        any_store.applications.apply(ada.id, held.id)
    with pytest.raises(JobNotOpen):  # a unit of work: the person is not kept, nor any note of theirs
        add_applicant(any_store, CandidateInput.parse(full_name="Bo Li", email="bo@example.com"), held.id)
    assert logged(any_store, at) == []


def test_a_rolled_back_unit_leaves_no_change_and_no_application(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    ada = person(any_store, "Ada Lovelace")
    at = mark(any_store)
    with pytest.raises(Boom), any_store.unit() as uow:
        uow.applications.apply(ada.id, job.id)
        raise Boom
    assert logged(any_store, at) == []
    with any_store.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 0


def test_a_hand_over_notes_each_person_with_the_pool(any_store):
    job = any_store.jobs.create_job("Data Engineer")
    pool = any_store.pools.create_pool("Silver")
    people = [person(any_store, name) for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing")]
    any_store.pools.add_to_pool(pool.id, [p.id for p in people])
    any_store.applications.apply(people[2].id, job.id)  # already in the job: skipped, not noted
    at = mark(any_store)
    hand_over(any_store, job.id, [p.id for p in people], pool_id=pool.id)
    opened = opened_in(any_store, job.id)
    assert applications_of(any_store, at) == [
        ("application", opened[p.id], "handed_over", job.id, p.id, "tester",
         f"tester handed {p.full_name} over to Data Engineer (pool: Silver)")
        for p in people[:2]
    ]  # fmt: skip


def test_merging_two_records_with_applications_writes_no_application_change(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    other = any_store.jobs.create_job("Data Engineer")
    keep, drop = person(any_store, "Ada Lovelace"), person(any_store, "Ada L.", "ada.l@example.com")
    for who in (keep, drop):
        any_store.applications.apply(who.id, job.id)  # both: folded into a note
    moved = any_store.applications.apply(drop.id, other.id)  # the other's own: transferred
    at = mark(any_store)
    merge_people(any_store, keep.id, drop.id)
    assert applications_of(any_store, at) == []
    assert any_store.applications.get(moved.id).candidate_id == keep.id


def test_an_import_of_applicants_notes_each_application_in_its_one_transaction(any_store, tmp_path: Path):
    job = any_store.jobs.create_job("Backend Engineer")
    n = 25
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email\n" + "".join(f"Person {i},p{i}@example.com\n" for i in range(n)), "utf-8")
    at = mark(any_store)
    import_applicants(any_store, csv, job="Backend Engineer", dry_run=True)
    assert logged(any_store, at) == []
    result = import_applicants(any_store, csv, job="Backend Engineer")
    assert result.report.applications_added == n
    opened = opened_in(any_store, job.id)
    rows = applications_of(any_store, at)
    assert len(rows) == n
    assert {(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows} == {
        ("application", app_id, "imported", job.id, cid, "tester") for cid, app_id in opened.items()
    }
    assert {r[6] for r in rows} == {f"tester imported Person {i} (Backend Engineer)" for i in range(n)}
    assert len(moments(any_store, at)) == 1  # appended together, when the batch's transaction committed


# -- the board's refusals ------------------------------------------------------------------------------


def test_a_refused_board_write_notes_nothing(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    stages = any_store.jobs.stages(job.id)
    app = any_store.applications.apply(person(any_store, "Ada Lovelace").id, job.id)
    at = mark(any_store)
    with pytest.raises(StaleVersion):
        any_store.applications.move_to_stage(app.id, stages[1].id, app.version + 1)
    with pytest.raises(RuleViolation):
        any_store.applications.move_to_stage(app.id, stages[0].id, app.version)
    with pytest.raises(StaleVersion):
        any_store.applications.set_rating(app.id, 2, app.version - 1)
    assert logged(any_store, at) == []
    any_store.applications.move_to_stage(app.id, stages[1].id, app.version)
    assert [r[2] for r in logged(any_store, at)] == ["moved"]  # one row, the move's


# -- jobs ----------------------------------------------------------------------------------------------


def test_creating_and_editing_a_job(any_store):
    mia = any_store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    at = mark(any_store)
    job = any_store.jobs.create_job("Backend Engineer")  # its template's interview plan comes with it
    assert logged(any_store, at) == [
        ("job", job.id, "job_created", job.id, None, "tester", "tester created the job Backend Engineer")
    ]
    any_store.jobs.create_job("Data Engineer")
    at = mark(any_store)
    any_store.jobs.update_job(job.id, title="Backend Engineer")  # nothing changed
    with pytest.raises(RuleViolation):
        any_store.jobs.update_job(job.id, title="data engineer", headcount=2)
    with pytest.raises(InvalidInput):
        any_store.jobs.update_job(job.id, headcount=0)
    assert logged(any_store, at) == []
    any_store.jobs.update_job(
        job.id, title="Platform Engineer", headcount=2, location="Berlin", hiring_manager_id=mia.id,
        interviewer_ids=[mia.id],
    )  # fmt: skip
    assert logged(any_store, at) == [
        ("job", job.id, "job_edited", job.id, None, "tester",
         "tester edited the job Platform Engineer (title, headcount, location)"),
        ("job", job.id, "team_changed", job.id, None, "tester",
         "tester changed the hiring team of Platform Engineer (hiring manager, interviewers)"),
    ]  # fmt: skip


def test_a_job_status_and_closing_it_with_its_active_applicants_rejected(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    ada, bo = person(any_store, "Ada Lovelace"), person(any_store, "Bo Li")
    apps = {p.id: any_store.applications.apply(p.id, job.id) for p in (ada, bo)}
    at = mark(any_store)
    any_store.jobs.set_status(job.id, "on_hold")
    assert logged(any_store, at) == [
        ("job", job.id, "job_status", job.id, None, "tester", "tester set the job Backend Engineer to on hold")
    ]  # fmt: skip
    at = mark(any_store)
    with pytest.raises(ActiveApplicants):
        any_store.jobs.set_status(job.id, "closed")
    with pytest.raises(RuleViolation):
        any_store.jobs.set_status(job.id, "on_hold")
    assert logged(any_store, at) == []
    any_store.jobs.set_status(job.id, "closed", active="reject", reason="Position closed")
    rows = logged(any_store, at)
    assert sorted(rows[:2]) == sorted(
        ("application", apps[p.id].id, "rejected", job.id, p.id, "tester",
         f"tester rejected {p.full_name} (Position closed)")
        for p in (ada, bo)
    )  # fmt: skip
    assert rows[2:] == [
        ("job", job.id, "job_status", job.id, None, "tester", "tester set the job Backend Engineer to closed")
    ]


def test_each_stage_change_is_noted_and_a_removed_stages_applicants_moved(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    ada = person(any_store, "Ada Lovelace")
    applied = any_store.jobs.stages(job.id)[0]
    at = mark(any_store)
    stage = any_store.jobs.add_stage(job.id, "Take-home")
    any_store.jobs.rename_stage(stage.id, "Homework")
    any_store.jobs.rename_stage(stage.id, "Homework")  # the same name: nothing
    any_store.jobs.reorder_stage(stage.id, 1)
    any_store.jobs.set_stage_kind(stage.id, "offer")
    phrase = "tester changed the stages of Backend Engineer"
    assert logged(any_store, at) == [
        ("job", job.id, "stages_changed", job.id, None, "tester", f"{phrase} ({detail})")
        for detail in ("added Take-home", "renamed Take-home to Homework", "reordered", "made Homework an offer stage")
    ]  # fmt: skip
    app = any_store.applications.apply(ada.id, job.id, stage_id=stage.id)
    at = mark(any_store)
    with pytest.raises(StageHoldsApplications):
        any_store.jobs.remove_stage(stage.id)
    with pytest.raises(RuleViolation):
        any_store.jobs.add_stage(job.id, "homework")
    assert logged(any_store, at) == []
    any_store.jobs.remove_stage(stage.id, move_to_stage_id=applied.id)
    assert logged(any_store, at) == [
        ("application", app.id, "moved", job.id, ada.id, "tester", "tester moved Ada Lovelace to Applied"),
        ("job", job.id, "stages_changed", job.id, None, "tester", f"{phrase} (removed Homework)"),
    ]


def test_the_interview_plan(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    at = mark(any_store)
    pairing = any_store.rounds.add(job.id, "Interview", "Pairing", duration_min=60)
    with pytest.raises(RuleViolation):
        any_store.rounds.add(job.id, "Interview", "pairing")
    any_store.rounds.update(pairing.id, name="Pair programming")
    any_store.rounds.update(pairing.id, name="Pair programming")  # unchanged: nothing
    any_store.rounds.move(pairing.id, -1)
    any_store.rounds.remove(pairing.id)
    phrase = "tester changed the interview plan of Backend Engineer"
    assert logged(any_store, at) == [
        ("job", job.id, "plan_changed", job.id, None, "tester", f"{phrase} ({detail})")
        for detail in ("added round Pairing", "edited round Pair programming", "moved round Pair programming",
                       "removed round Pair programming")
    ]  # fmt: skip


def test_team_members(any_store):
    at = mark(any_store)
    mia = any_store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    with pytest.raises(InvalidInput):
        any_store.team.add("Other Mia", "MIA@example.com")
    any_store.team.deactivate("mia@example.com")
    any_store.team.deactivate("mia@example.com")  # already inactive: nothing
    assert logged(any_store, at) == [
        ("team_member", mia.id, "member_added", None, None, "tester", "tester added Mia Chen to the team"),
        ("team_member", mia.id, "member_edited", None, None, "tester",
         "tester edited the team member Mia Chen (deactivated)"),
    ]  # fmt: skip


def test_adding_yourself_after_your_first_write_names_the_member_it_made(any_store):
    """Noor's first write (adding Mia) had to name who made it: a member "noor" was made for her. Adding
    herself by that e-mail names that member instead of being refused as taken."""
    any_store.db.user = CurrentUser("noor@example.com")
    at = mark(any_store)
    mia = any_store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    stand_in = any_store.team.find("noor@example.com")
    assert (stand_in.name, stand_in.role) == ("noor", "recruiter")
    noor = any_store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    assert (noor.id, noor.name, noor.role) == (stand_in.id, "Noor Haddad", "interviewer")
    assert [m.name for m in any_store.team.list()] == ["Mia Chen", "Noor Haddad"]
    with pytest.raises(InvalidInput, match="already belongs to team member 'Noor Haddad'"):
        any_store.team.add("Noor H.", "noor@example.com")  # named now: taken
    with pytest.raises(InvalidInput, match="already belongs to team member 'Mia Chen'"):
        any_store.team.add("Mia C.", "mia@example.com")  # someone else's
    assert logged(any_store, at) == [
        ("team_member", mia.id, "member_added", None, None, "noor", "noor added Mia Chen to the team"),
        ("team_member", noor.id, "member_edited", None, None, "Noor Haddad",
         "Noor Haddad edited the team member Noor Haddad (named, interviewer)"),
    ]  # fmt: skip
