"""Add an applicant to the open job. One person is one candidate: a known e-mail offers that person instead
of creating a duplicate, and someone who already applied to this job is named, not added twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from pipeline_tui.core.errors import DuplicateCandidate, PipelineError
from pipeline_tui.core.records import ApplicationRecord, CandidateApplication, CandidateRecord, JobRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.shared.look_alikes import look_alike_text, look_alikes
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.pipeline import add_applicant
from pipeline_tui.widgets.literal import literal, plain

if TYPE_CHECKING:
    from pipeline_tui.store import Store

FIELDS = (
    ("full_name", "Name *", "Full name (required)"),
    ("email", "E-mail", "name@example.com"),
    ("phone", "Phone", "+44 20 7946 0958"),
    ("current_title", "Title", "Current job title"),
    ("current_company", "Company", "Current company"),
    ("source", "Source", "Referral, LinkedIn, careers page…"),
)


@dataclass(frozen=True)
class Offer:
    """The e-mail belongs to this person, who has these applications."""

    person: CandidateRecord
    applications: list[CandidateApplication]


@dataclass(frozen=True)
class LookAlikes:
    """People on file with a near-identical name at the same company: said once before adding."""

    people: tuple[CandidateRecord, ...]


# What saving comes back with: the new application, an offer of the person on file, look-alikes to point
# out, or a refusal to say.
Outcome = ApplicationRecord | Offer | LookAlikes | str


def _offer(store: Store, person: CandidateRecord) -> Offer:
    return Offer(person, store.candidates.applications(person.id))


class ApplicantForm(StoreWork, ModalScreen[int | None]):
    """Returns the new application's id, or None when cancelled."""

    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, job: JobRecord) -> None:
        super().__init__()
        self.job = job
        self.existing: CandidateRecord | None = None
        self._typed_email: str | None = None  # the address typed, named in the offer (maybe not the primary)
        self.look_alikes_seen: tuple[int, ...] = ()  # pointed out once: the next save adds anyway

    def compose(self) -> ComposeResult:
        with Vertical(id="applicant-form", classes="dialog"):
            title = Text("Add an applicant to ", style="bold")
            title.append_text(literal(self.job.title, "bold"))
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="applicant-fields"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        yield Input(placeholder=placeholder, id=f"f-{name}")
            yield Static("", id="form-message", markup=False)
            with Horizontal(id="offer", classes="form-buttons"):
                yield Button("Add this person to the job", id="use-existing", variant="primary")
                yield Button("Change the e-mail", id="edit-email")
            yield Static("enter / ctrl+s save · tab next field · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#offer").display = False
        self.query_one("#f-full_name", Input).focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """In a short terminal the fields scroll (the focused one in view) and the hint stays on screen."""
        rows = self.query_one("#applicant-fields", VerticalScroll)
        room = self.app.size.height * 9 // 10 - 11  # the dialog's height less its title, message and hint
        rows.styles.max_height = max(3, min(len(FIELDS), room // 3) * 3)  # whole fields (3 lines each)

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#f-{name}", Input).value for name, _, _ in FIELDS}

    def _say(self, message: Text | str, *, error: bool = True) -> None:
        box = self.query_one("#form-message", Static)
        box.set_class(error, "-error")
        box.update(message if isinstance(message, Text) else literal(message))

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id == "f-email" and self.existing is not None:
            self.existing = None
            self.query_one("#offer").display = False
            self._say("", error=False)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.existing is not None:
            self._apply_existing()
            return
        try:
            person = CandidateInput.parse(**self._values())
        except PipelineError as exc:
            self._say(str(exc))
            return
        self._typed_email = person.email
        job_id = self.job.id
        seen = self.look_alikes_seen

        def add(store: Store) -> Outcome:
            """The duplicate check, the new person and the application, off the UI thread."""
            try:
                found = store.candidates.find_existing(person)  # by any e-mail or profile URL
                if found is not None:
                    return _offer(store, found)
                dupes = look_alikes(store, person)
                if dupes and tuple(d.id for d in dupes) != seen:
                    return LookAlikes(dupes)
                try:
                    return add_applicant(store, person, job_id, source=person.source)
                except DuplicateCandidate as exc:  # someone added the same e-mail a moment ago
                    return _offer(store, store.candidates.get(exc.existing_id))
            except PipelineError as exc:
                return str(exc)

        self.store_work(add, self._outcome, key="form", serial=True)

    def _outcome(self, outcome: Outcome) -> None:
        if isinstance(outcome, str):
            self._say(outcome)
        elif isinstance(outcome, Offer):
            self._offer(outcome)
        elif isinstance(outcome, LookAlikes):
            self.look_alikes_seen = tuple(d.id for d in outcome.people)
            self._say(look_alike_text(outcome.people, self._values()["current_company"]))
        else:
            self.notify("Applicant added", markup=False)
            self.dismiss(outcome.id)

    def _offer(self, offer: Offer) -> None:
        """The e-mail is taken: say whose it is, and either offer them or say they already applied."""
        person = offer.person
        here = next((a for a in offer.applications if a.application.job_id == self.job.id), None)
        who = literal(person.full_name, "bold")
        role = " @ ".join(plain(x) for x in (person.current_title, person.current_company) if x)
        if role:
            who.append(f" ({role})")
        if here is not None:
            message = Text.assemble(who, " already applied to this job: ")
            message.append_text(literal(here.stage_name))
            message.append(f", {here.application.status}.")
            self._say(message)
            return
        self.existing = person
        message = Text.assemble(
            Text(f"{plain(self._typed_email or person.email)} belongs to "),
            who,
            ". Add this person to the job instead?",
        )
        self._say(message, error=False)
        self.query_one("#offer").display = True
        self.query_one("#use-existing", Button).focus()

    def _apply_existing(self) -> None:
        if self.existing is None:
            return
        source = self._values()["source"].strip() or None
        candidate_id, job_id = self.existing.id, self.job.id

        def apply(store: Store) -> Outcome:
            try:
                return store.applications.apply(candidate_id, job_id, source=source)
            except PipelineError as exc:  # AlreadyApplied included: said in the form
                return str(exc)

        self.store_work(apply, self._outcome, key="form", serial=True)

    @on(Button.Pressed, "#use-existing")
    def _use_existing(self) -> None:
        self._apply_existing()

    @on(Button.Pressed, "#edit-email")
    def _edit_email(self) -> None:
        self.existing = None
        self.query_one("#offer").display = False
        self._say("", error=False)
        self.query_one("#f-email", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
