"""The job form: a new job with its team and adjusted stages (from a template or another job), edits, and
refusals shown as one line in the form with nothing written. Screen and database are both checked."""

from __future__ import annotations

from board_data import make_app
from helpers import burst, press, settle
from jobs_data import seed_jobs
from jobs_helpers import open_jobs, rows, text_of, titles, type_text
from sqlalchemy import func, select
from textual.widgets import Input, Select

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.jobs.job_form import JobForm
from pipeline_tui.store.models import Job, JobEvent, TeamMember
from pipeline_tui.widgets.member_picker import MemberPicker
from pipeline_tui.widgets.stage_draft import StageDraft


def count(store, model) -> int:
    with store.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))


def stages_of(store, title: str) -> list[tuple[str, str]]:
    job = store.jobs.find_by_title(title)
    return [(s.name, s.kind) for s in store.jobs.stages(job.id)]


async def pick(pilot, typed: str) -> None:
    """Type in the focused team field and take the first suggestion (enter)."""
    await type_text(pilot, typed)
    await press(pilot, "enter")


async def test_new_job_with_its_team_and_stages_from_an_empty_database(store):
    """The issue's "done when", from the TUI alone: board -> pools -> jobs -> form, then the job's board."""
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Press 3" in text_of(app.screen, "#board-empty")
        await press(pilot, "2")
        jobs = await open_jobs(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, JobForm) and form.focused.id == "f-title"
        await type_text(pilot, "Platform Engineer")
        await press(pilot, "tab")
        await type_text(pilot, "Infrastructure")
        await press(pilot, "tab")
        await type_text(pilot, "Remote")
        await press(pilot, "tab", "enter", "down", "enter")  # employment: the first type after the blank
        await press(pilot, "tab")
        await type_text(pilot, "2")
        await press(pilot, "tab")
        await type_text(pilot, "Runs the platform.")
        await press(pilot, "tab")
        await pick(pilot, "Zoe Park zoe@example.com")
        await press(pilot, "tab")
        await pick(pilot, "Raj Patel <raj@example.com>")
        await press(pilot, "tab", "tab")
        await pick(pilot, "Noor Haddad noor@example.com")
        await pick(pilot, "zoe@example.com Zoe Park")  # not a new member: the name comes first
        assert form.query_one("#f-interviewers", MemberPicker).pending_text == "zoe@example.com Zoe Park"
        await press(pilot, *["backspace"] * 24)
        await pick(pilot, "Zoe Park zoe@example.com")  # the same new person as the hiring manager
        await press(pilot, "tab", "enter", "down", "enter")  # stages from: the engineering template
        assert form.query_one("#f-stages-from", Select).value == "template:engineering"
        await press(pilot, "tab", "down", "enter")  # rename "Recruiter screen"
        await press(pilot, "end", "ctrl+u")
        await type_text(pilot, "Intro call")
        await press(pilot, "enter", "a")  # add a stage after it
        await type_text(pilot, "Take-home")
        await press(pilot, "enter", "down", "down", "x")  # remove "Onsite"
        await press(pilot, "up", "shift+up")  # move "Technical interview" above "Take-home"
        draft = form.query_one("#f-stages", StageDraft)
        assert [name for name, _ in draft.stages] == [
            "Applied", "Intro call", "Technical interview", "Take-home", "Offer", "Hired"
        ]  # fmt: skip
        await press(pilot, "ctrl+s")
        assert app.screen is jobs
        job = store.jobs.find_by_title("Platform Engineer")
        detail = store.jobs.job_detail(job.id)
        assert (job.department, job.location, job.headcount, job.description) == (
            "Infrastructure", "Remote", 2, "Runs the platform."
        )  # fmt: skip
        assert job.employment_type == "full_time" and job.status == "open"
        assert detail.hiring_manager.name == "Zoe Park" and detail.hiring_manager.role == "hiring_manager"
        assert detail.recruiter.email == "raj@example.com" and detail.recruiter.role == "recruiter"
        assert sorted(m.name for m in detail.interviewers) == ["Noor Haddad", "Zoe Park"]
        assert stages_of(store, "Platform Engineer") == [
            ("Applied", "active"),
            ("Intro call", "active"),
            ("Technical interview", "active"),
            ("Take-home", "active"),
            ("Offer", "offer"),
            ("Hired", "hired"),
        ]
        assert [m.name for m in store.team.list() if m.name != "tester"] == [
            "Noor Haddad",
            "Raj Patel",
            "Zoe Park",
        ]
        assert rows(jobs) == [
            [
                "Platform Engineer",
                "Infrastructure",
                "Remote",
                "open",
                "0/2",
                "0",
                "0",
                "Zoe Park",
                "Raj Patel",
            ]
        ]
        assert jobs.current_job_id == job.id
        await press(pilot, "enter")
        board = app.screen
        assert isinstance(board, BoardScreen) and board.job.id == job.id
        assert [s.name for s in board.stages][1:3] == ["Intro call", "Technical interview"]


async def test_refusals_are_one_line_in_the_form_and_nothing_is_written(store):
    seed_jobs(store)
    jobs_before, members_before = count(store, Job), count(store, TeamMember)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "nbackend engineer")  # typed fast: the title lands in the form
        form = app.screen
        assert form.query_one("#f-title", Input).value == "backend engineer"
        await press(pilot, *["tab"] * 6)
        await pick(pilot, "Zed Zed zed@example.com")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        message = text_of(form, "#form-message")
        assert "Backend Engineer" in message and "\n" not in message.strip()
        assert (count(store, Job), count(store, TeamMember)) == (jobs_before, members_before)  # no Zed
        await press(pilot, "shift+tab", "shift+tab")  # back to headcount
        await type_text(pilot, "0")
        await press(pilot, "ctrl+s")
        assert "headcount" in text_of(form, "#form-message").lower()
        await press(pilot, "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        await press(pilot, "end", "ctrl+u")
        await type_text(pilot, "QA Engineer")
        await press(pilot, "tab", "tab", "tab", "tab")
        await type_text(pilot, "1")
        form.query_one("#f-stages", StageDraft).listed.focus()
        await press(pilot, "end", "x")  # remove the hired stage
        await press(pilot, "ctrl+s")
        assert "hired" in text_of(form, "#form-message").lower()
        assert count(store, Job) == jobs_before
        await press(pilot, "k", "k")  # Offer -> hired -> active... the last stage becomes the hired one
        draft = form.query_one("#f-stages", StageDraft)
        draft.listed.highlighted = len(draft.stages) - 1
        await press(pilot, "k", "k")
        assert draft.stages[-1][1] == "hired"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, JobForm), text_of(form, "#form-message")
        assert count(store, Job) == jobs_before + 1
        assert store.team.find("zed@example.com").role == "hiring_manager"


async def test_a_name_typed_but_not_picked_is_refused(store):
    seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "nSupport Engineer")
        await press(pilot, *["tab"] * 6)
        await type_text(pilot, "nobody")
        await press(pilot, "ctrl+s")
        assert "Hiring manager: no team member is called that" in text_of(app.screen, "#form-message")
        assert isinstance(app.screen, JobForm)
        await press(pilot, "end", "ctrl+u")
        await pick(pilot, "mia")  # an existing member, found by part of the name
        await press(pilot, "ctrl+s")
        job = store.jobs.find_by_title("Support Engineer")
        assert store.jobs.job_detail(job.id).hiring_manager.name == "Mia Chen"


async def test_a_member_typed_in_full_is_taken_without_picking_and_esc_closes_only_the_list(store):
    """An existing member's whole name (any case) or a new "Name e-mail" is what was meant: saved as is."""
    seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "nSupport Engineer")
        await press(pilot, *["tab"] * 6)
        await type_text(pilot, "mia chen")
        form = app.screen
        await press(pilot, "escape")  # closes the suggestions, keeps the form and what was typed
        assert app.screen is form
        assert not form.query_one("#f-hiring_manager .member-suggestions").display
        await press(pilot, "tab")
        await type_text(pilot, "Noor Haddad noor@example.com")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, JobForm), text_of(form, "#form-message")
        detail = store.jobs.job_detail(store.jobs.find_by_title("Support Engineer").id)
        assert detail.hiring_manager.name == "Mia Chen"
        assert (detail.recruiter.name, detail.recruiter.email) == ("Noor Haddad", "noor@example.com")


async def test_stages_copied_from_another_job(store):
    seed_jobs(store)
    backend = store.jobs.find_by_title("Backend Engineer")
    store.jobs.rename_stage(store.jobs.stages(backend.id)[1].id, "Hiring manager chat")
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await burst(pilot, "nMobile Engineer")
        form = app.screen
        select = form.query_one("#f-stages-from", Select)
        select.value = f"job:{backend.id}"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert stages_of(store, "Mobile Engineer") == stages_of(store, "Backend Engineer")
        assert stages_of(store, "Mobile Engineer")[1] == ("Hiring manager chat", "active")


async def test_edit_changes_details_and_team_and_records_who(store):
    data = seed_jobs(store)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(120, 40)) as pilot:
        jobs = app.screen
        await settle(pilot)
        await burst(pilot, "e")
        form = app.screen
        assert isinstance(form, JobForm)
        assert form.query_one("#f-title", Input).value == "Backend Engineer"
        assert form.query_one("#f-hiring_manager", MemberPicker).field.value == "Mia Chen"
        assert "Applied → Phone screen" in text_of(form, "#f-stage-names")
        await press(pilot, "end")
        await type_text(pilot, " II")
        await press(pilot, "tab", "tab", "tab", "tab")
        await type_text(pilot, "3")
        await press(pilot, "tab", "tab", "tab")  # description, hiring manager, recruiter
        await press(pilot, "end", "ctrl+u")
        await pick(pilot, "noor")
        await press(pilot, "ctrl+s")
        assert app.screen is jobs, text_of(form, "#form-message")
        job = store.jobs.get(data["backend"].id)
        assert (job.title, job.headcount, job.recruiter, job.hiring_manager) == (
            "Backend Engineer II", 3, "Noor Haddad", "Mia Chen"
        )  # fmt: skip
        assert rows(jobs)[0][:5] == ["Backend Engineer II", "Engineering", "Berlin", "open", "1/3"]
        with store.db.transaction() as s:
            edited = s.scalars(select(JobEvent).where(JobEvent.action == "edited")).all()
        assert [(e.job_id, e.actor) for e in edited] == [(job.id, "tester")]
        assert "title" in edited[0].detail and "recruiter" in edited[0].detail


async def test_esc_leaves_the_form_without_saving(store):
    seed_jobs(store)
    before = count(store, Job)
    app = make_app(store, start="jobs")
    async with app.run_test(size=(80, 24)) as pilot:
        jobs = app.screen
        await settle(pilot)
        await burst(pilot, "nDraft role")
        form = app.screen
        form.query_one("#f-stages", StageDraft).listed.focus()
        await press(pilot, "a")
        await type_text(pilot, "Half typed")
        await press(pilot, "escape")  # drops the stage edit only
        assert app.screen is form and len(form.query_one("#f-stages", StageDraft).stages) == 5
        await press(pilot, "escape")
        assert app.screen is jobs and count(store, Job) == before
        assert titles(jobs) == ["Backend Engineer", "Product Designer"]


async def test_e_on_the_board_edits_its_job(store):
    data = seed_jobs(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        await press(pilot, "e")
        assert isinstance(app.screen, JobForm)
        await press(pilot, "end")
        await type_text(pilot, " (Go)")
        await press(pilot, "ctrl+s")
        assert app.screen is board
        assert store.jobs.get(data["backend"].id).title == "Backend Engineer (Go)"
        assert "Backend Engineer (Go)" in text_of(board, "#job-bar")
