"""Job status from the jobs screen (`s`): only the changes the store allows, and closing or filling a job
with active applicants asks to keep them or reject them all with a reason, in one transaction."""

from __future__ import annotations

from board_data import make_app
from helpers import burst, press, said, settle
from jobs_data import seed_jobs
from jobs_helpers import rows as rows_of
from jobs_helpers import text_of, titles, type_text
from sqlalchemy import select
from textual.widgets import OptionList

from pipeline_tui.screens.jobs.job_status import StatusDialog
from pipeline_tui.store.models import Application, JobEvent, RejectionReason, StageEvent


def offered(dialog: StatusDialog) -> list[str]:
    choices = dialog.query_one("#status-choices", OptionList)
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


def statuses(store, job_id: int) -> list[str]:
    with store.db.transaction() as s:
        return sorted(s.scalars(select(Application.status).where(Application.job_id == job_id)))


async def test_put_on_hold_then_reopen(store):
    data = seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        jobs = app.screen
        await settle(pilot)
        await burst(pilot, "s")
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert offered(dialog) == ["Put on hold", "Mark filled", "Close"]
        await press(pilot, "enter")
        assert app.screen is jobs
        assert store.jobs.get(data["backend"].id).status == "on_hold"
        assert "‘Backend Engineer’ is now on hold" in said(app)
        assert titles(jobs) == ["Product Designer"]  # the open filter no longer lists it
        await press(pilot, "f")  # on hold
        assert titles(jobs) == ["Backend Engineer", "Data Analyst"]
        await press(pilot, "s")
        assert offered(app.screen) == ["Open", "Mark filled", "Close"]
        await press(pilot, "enter")
        assert store.jobs.get(data["backend"].id).status == "open"
        with store.db.transaction() as s:
            events = s.scalars(select(JobEvent.detail).where(JobEvent.action == "status")).all()
        assert events[-2:] == ["open → on hold", "on hold → open"]


async def test_close_with_active_applicants_can_keep_them(store):
    data = seed_jobs(store)
    before = statuses(store, data["backend"].id)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "down", "down", "enter")  # Close
        dialog = app.screen
        assert "The job has 8 active applicants" in text_of(dialog, "#active-question")
        assert store.jobs.get(data["backend"].id).status == "open"  # nothing yet
        await press(pilot, "enter")  # keep them
        assert store.jobs.get(data["backend"].id).status == "closed"
        assert statuses(store, data["backend"].id) == before


async def test_close_rejecting_everyone_active_with_a_reason_typed_fast(store):
    data = seed_jobs(store)
    job_id = data["backend"].id
    app = make_app(store, start="jobs")
    async with app.run_test(size=(80, 24)) as pilot:
        jobs = app.screen
        await settle(pilot)
        await press(pilot, "s", "down", "down", "enter", "tab", "end", "ctrl+u")
        await type_text(pilot, "Budget cut")
        await press(pilot, "enter")
        assert app.screen is jobs
        assert store.jobs.get(job_id).status == "closed"
        assert statuses(store, job_id) == ["hired"] + ["rejected"] * 8
        with store.db.transaction() as s:
            reasons = set(
                s.scalars(
                    select(RejectionReason.name)
                    .join(Application, Application.rejection_reason_id == RejectionReason.id)
                    .where(Application.job_id == job_id)
                )
            )
            rejects = s.scalars(select(StageEvent.actor).where(StageEvent.action == "reject")).all()
        assert reasons == {"Budget cut"} and rejects == ["tester"] * 8
        assert "‘Backend Engineer’ is now closed; 8 active applicants rejected" in said(app)


async def test_the_default_reason_is_position_closed(store):
    data = seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "s", "down", "enter")  # Product Designer: Mark filled
        await press(pilot, "down", "enter")  # reject them all
        job = store.jobs.get(data["design"].id)
        assert job.status == "filled"
        with store.db.transaction() as s:
            reason = s.scalar(
                select(RejectionReason.name)
                .join(Application, Application.rejection_reason_id == RejectionReason.id)
                .where(Application.job_id == job.id)
            )
        assert reason == "Position closed"


async def test_only_allowed_changes_are_offered(store):
    seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f", "f", "s")  # draft
        assert offered(app.screen) == ["Open", "Close"]
        await press(pilot, "escape", "f", "s")  # closed + filled
        assert offered(app.screen) == ["Reopen"]
        await press(pilot, "enter")
        assert store.jobs.find_by_title("Sales Lead").status == "open"


async def test_every_hire_made_offers_mark_filled_first(store):
    data = seed_jobs(store)
    store.jobs.update_job(data["backend"].id, headcount=1)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        dialog = app.screen
        assert "every hire is made, mark it filled?" in text_of(dialog, "#status-facts")
        assert dialog.query_one("#status-choices", OptionList).highlighted == 1  # Mark filled


async def test_my_jobs(store):
    data = seed_jobs(store)
    me = store.team.current()
    assert me is not None and me.name == "tester"  # made by the seeding's first write
    store.jobs.update_job(data["design"].id, interviewer_ids=[me.id])
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        jobs = app.screen
        await settle(pilot)
        await press(pilot, "m")
        assert titles(jobs) == ["Product Designer"] and "my jobs" in text_of(jobs, "#jobs-bar")
        await press(pilot, "m")
        assert titles(jobs) == ["Backend Engineer", "Product Designer"]


async def test_my_jobs_before_the_user_is_on_the_team(store):
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        assert any("tester is not on the team yet" in line for line in said(app))
        assert store.team.list() == []  # reading never creates the member
        assert app.title == "pipeline-tui · tester"


async def test_from_an_empty_database_to_a_filled_job(store):
    """The issue's "done when": create a job, open its board, add an applicant, hire them, mark it filled."""
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        jobs = app.screen
        await burst(pilot, "nData Engineer")
        await press(pilot, "ctrl+s")
        await press(pilot, "enter")  # its board
        board = app.screen
        assert board.job.title == "Data Engineer"
        await press(pilot, "n")
        await type_text(pilot, "Hedy Lamarr")
        await press(pilot, "enter")
        await press(pilot, ">", ">", ">", ">", "y")  # Applied -> ... -> Hired, and yes to the hire
        await press(pilot, "n")  # the board offers to mark it filled: not there, from the jobs screen
        job = store.jobs.find_by_title("Data Engineer")
        assert store.jobs.headcount(job.id) == (1, 1)
        await press(pilot, "3")
        assert app.screen is jobs and rows_of(jobs)[0][4] == "1/1"
        await press(pilot, "s")
        dialog = app.screen
        assert "mark it filled?" in text_of(dialog, "#status-facts")
        await press(pilot, "enter")
        assert store.jobs.get(job.id).status == "filled"
        assert titles(jobs) == []  # the open filter: filled jobs are under closed + filled
        await press(pilot, "f", "f", "f")
        assert titles(jobs) == ["Data Engineer"]
