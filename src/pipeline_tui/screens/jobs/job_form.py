"""The job form (`n` new, `e` edit): details, the hiring team, and a new job's stages.

What the form needs from the database (the team, the other jobs to copy stages from, the edited job's team)
is read in a worker; the details of an edited job are filled at once from the record the jobs screen holds,
so keys typed straight away land in filled fields. Saving runs services/job_form.save_job in a worker; its
refusal is one line in the form and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.pipeline_templates import DEFAULT_TEMPLATE, TEMPLATES
from pipeline_tui.core.records import JobDetail, JobRecord, JobSummary, TeamMemberRecord
from pipeline_tui.core.vocabulary import EmploymentType
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.job_form import JobDraft, save_job
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.member_picker import MemberPicker
from pipeline_tui.widgets.stage_draft import StageDraft

TEXT_FIELDS = (
    ("title", "Title *", "Job title (required)"),
    ("department", "Department", "Engineering, Sales…"),
    ("location", "Location", "Berlin, Remote…"),
)
TEAM_FIELDS = (
    ("hiring_manager", "Hiring manager"),
    ("recruiter", "Recruiter"),
    ("coordinator", "Coordinator"),
)
TEAM_HINT = "type to find, or a new name and e-mail"


@dataclass(frozen=True)
class FormData:
    """What the form reads: the team, the jobs whose stages can be copied, the edited job's detail."""

    members: list[TeamMemberRecord]
    jobs: list[JobSummary]
    detail: JobDetail | None


def read_form(store: Store, job_id: int | None) -> FormData:
    detail = store.jobs.job_detail(job_id) if job_id is not None else None
    return FormData(store.team.list(), store.jobs.list_jobs() if job_id is None else [], detail)


def stage_sources(jobs: list[JobSummary]) -> list[tuple[str, str]]:
    """The "stages from" choices: each template, then each job's stages to copy."""
    sources = [(f"Template: {name}", f"template:{name}") for name in TEMPLATES]
    sources += [(f"Copy from: {plain(s.job.title)}", f"job:{s.job.id}") for s in jobs if s.stages]
    return sources


class JobForm(StoreWork, ModalScreen[int | None]):
    """Returns the saved job's id, or None when cancelled."""

    CSS_PATH = "jobs.tcss"
    AUTO_FOCUS = "#f-title"  # on mount, before keys typed right after `n` are handed on
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, job: JobRecord | None = None) -> None:
        super().__init__()
        self.job = job
        self.data: FormData | None = None
        self._save_pending = False  # ctrl+s before the team was read: save once it has been

    def compose(self) -> ComposeResult:
        job = self.job
        with Vertical(id="job-form", classes="dialog"):
            title = Text("New job" if job is None else "Edit ", style="bold")
            if job is not None:
                title.append_text(literal(job.title, "bold"))
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="job-fields"):
                for name, label, placeholder in TEXT_FIELDS:
                    value = plain(getattr(job, name, None) or "") if job else ""
                    yield from _row(
                        label, Input(value, placeholder=placeholder, id=f"f-{name}", compact=True)
                    )
                employment = Select(
                    [(t.label, t.value) for t in EmploymentType],
                    prompt="—",
                    value=(job.employment_type or Select.NULL) if job else Select.NULL,
                    id="f-employment_type",
                    compact=True,
                )
                yield from _row("Employment", employment)
                count = str(job.headcount) if job else "1"
                yield from _row("Headcount", Input(count, type="integer", id="f-headcount", compact=True))
                description = TextArea(
                    (job.description or "") if job else "", id="f-description", compact=True
                )
                yield from _row("Description", description, classes="form-row tall")
                for name, label in TEAM_FIELDS:
                    yield from _row(label, MemberPicker(TEAM_HINT, id=f"f-{name}"), classes="form-row team")
                interviewers = MemberPicker(TEAM_HINT + " (again: off)", multiple=True, id="f-interviewers")
                yield from _row("Interviewers", interviewers, classes="form-row team")
                if job is None:
                    sources = stage_sources([])
                    first = f"template:{DEFAULT_TEMPLATE}"
                    select = Select(sources, value=first, allow_blank=False, id="f-stages-from", compact=True)
                    yield from _row("Stages from", select)
                    stages = StageDraft(TEMPLATES[DEFAULT_TEMPLATE], id="f-stages")
                    yield from _row("Stages", stages, classes="form-row team")
                else:
                    names = Static("", id="f-stage-names", markup=False)
                    yield from _row("Stages", names, classes="form-row team")
            yield Static("", id="form-message", markup=False)
            yield Static("ctrl+s save · tab next field · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fit()
        job_id = self.job.id if self.job else None
        self.store_work(lambda store: read_form(store, job_id), self._read, key="job-form")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """In a short terminal the fields scroll (the focused one in view); title, message and hint stay."""
        room = self.app.size.height * 96 // 100 - 6  # the dialog less its border, title, message and hint
        self.query_one("#job-fields", VerticalScroll).styles.max_height = max(4, room)

    def _read(self, data: FormData) -> None:
        self.data = data
        for picker in self.query(MemberPicker):
            picker.members = data.members
        detail = data.detail
        if detail is not None:
            for name, _ in TEAM_FIELDS:
                member = getattr(detail, name)
                picker = self.query_one(f"#f-{name}", MemberPicker)
                if member is not None and not picker.chosen and not picker.field.value:
                    picker.set_chosen([member])
            self.query_one("#f-interviewers", MemberPicker).set_chosen(list(detail.interviewers))
            names = " → ".join(plain(s.name) for s in detail.stages)
            note = "  (the stage editor changes them: pipeline-tui stage …)"
            self.query_one("#f-stage-names", Static).update(Text(names) + Text(note, style="dim"))
        else:
            select = self.query_one("#f-stages-from", Select)
            chosen = select.value
            select.set_options(stage_sources(data.jobs))
            select.value = chosen
        if self._save_pending:
            self._save_pending = False
            self.action_save()

    @on(Select.Changed, "#f-stages-from")
    def _stages_from(self, event: Select.Changed) -> None:
        source = str(event.value)
        draft = self.query_one("#f-stages", StageDraft)
        if source.startswith("template:"):
            draft.set_stages(TEMPLATES[source.removeprefix("template:")])
        elif source.startswith("job:") and self.data is not None:
            job_id = int(source.removeprefix("job:"))
            summary = next((s for s in self.data.jobs if s.job.id == job_id), None)
            if summary is not None:
                draft.set_stages([(s.name, s.kind) for s in summary.stages])

    def _say(self, message: str) -> None:
        self.query_one("#form-message", Static).update(literal(message, "bold red"))

    def _draft(self) -> JobDraft | str:
        """The form as a draft for the store, or the one thing to fix first."""
        value = {name: self.query_one(f"#f-{name}", Input).value.strip() for name, _, _ in TEXT_FIELDS}
        headcount = self.query_one("#f-headcount", Input).value.strip()
        if not headcount.isdigit():
            return "Headcount must be a whole number (1 or more)"
        team = {}
        for name, label in (*TEAM_FIELDS, ("interviewers", "Interviewers")):
            picker = self.query_one(f"#f-{name}", MemberPicker)
            picker.settle()
            if picker.pending_text:
                return f"{label}: no team member is called that; pick one from the list, or type a new name and e-mail"
            team[name] = picker.chosen
        employment = self.query_one("#f-employment_type", Select).value
        stages = self.query_one("#f-stages", StageDraft).stages if self.job is None else None
        return JobDraft(
            title=value["title"],
            department=value["department"] or None,
            location=value["location"] or None,
            employment_type=None if employment is Select.NULL else str(employment),
            headcount=int(headcount),
            description=self.query_one("#f-description", TextArea).text.strip() or None,
            hiring_manager=next(iter(team["hiring_manager"]), None),
            recruiter=next(iter(team["recruiter"]), None),
            coordinator=next(iter(team["coordinator"]), None),
            interviewers=tuple(team["interviewers"]),
            stages=tuple(stages) if stages is not None else None,
        )

    def action_save(self) -> None:
        if self.data is None:
            self._save_pending = True
            return
        draft = self._draft()
        if isinstance(draft, str):
            self._say(draft)
            return
        job_id = self.job.id if self.job else None

        def save(store: Store) -> JobRecord | str:
            try:
                return save_job(store, job_id, draft)
            except PipelineError as exc:
                return str(exc)

        self.store_work(save, self._saved, key="job-save", serial=True)

    def _saved(self, outcome: JobRecord | str) -> None:
        if isinstance(outcome, str):
            self._say(outcome)
            return
        self.notify(f"{'Created' if self.job is None else 'Saved'} ‘{outcome.title}’")
        self.dismiss(outcome.id)

    def action_cancel(self) -> None:
        draft = self.query("#f-stages").first(StageDraft) if self.job is None else None
        if draft is not None and draft.editing:
            draft.end_edit()  # esc in the stage name drops that edit, not the form
            return
        self.dismiss(None)


def _row(label: str, widget, *, classes: str = "form-row") -> ComposeResult:  # noqa: ANN001 - any field
    with Horizontal(classes=classes):
        yield Label(label, classes="form-label")
        yield widget
