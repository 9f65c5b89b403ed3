"""One person in full: contact and consent, summary, the interviews, scorecards and offers of the application
in context, every application with its stage history, pools, tags, nurture sequences, files and one timeline
of notes, touches and stage changes (newest first).

Reached by `enter` on a board card (opened on that application), `enter` on a row of the pool browser and
find anyone (`ctrl+f`). The whole view is one store call in a worker; esc goes back to where the user came
from (the board to the same card, the browser to the same row) and says whether anything changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.nurture_records import EnrollmentRecord
from pipeline_tui.core.nurture_schedule import local_day
from pipeline_tui.core.person_view import FileRecord, PersonDetail, timeline
from pipeline_tui.core.records import CandidateRecord
from pipeline_tui.core.vocabulary import ActivityKind
from pipeline_tui.screens.person import render
from pipeline_tui.screens.person.contact import ContactSection
from pipeline_tui.screens.person.hiring_data import HiringContext, HiringData, context_of, read_hiring
from pipeline_tui.screens.person.hiring_render import scorecards_title
from pipeline_tui.screens.person.hiring_sections import InterviewsSection, OffersSection, ScorecardsSection
from pipeline_tui.screens.person.interview_keys import InterviewKeys
from pipeline_tui.screens.person.live import PersonLive
from pipeline_tui.screens.person.offer_keys import OfferKeys
from pipeline_tui.screens.person.sequence_render import sequences_text
from pipeline_tui.screens.person.viewer import open_with_viewer
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import plain

if TYPE_CHECKING:
    from pathlib import Path

    from pipeline_tui.store import Store


# The keys that need an application in context (hidden on a person without one).
HIRING_ACTIONS = frozenset({"schedule_interview", "my_scorecard", "new_offer"})


class PersonScreen(PersonLive, InterviewKeys, OfferKeys, StoreWork, Screen[bool]):
    """Returns True when something was written here (an edit, a note, a file, an erasure)."""

    CSS_PATH = "person.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit", "Edit", tooltip="Edit contact details, consent and summary"),
        Binding("n", "note", "Note", tooltip="Add a note"),
        Binding("a", "attach", "Attach", tooltip="Attach a file (CV, portfolio)"),
        Binding("o", "open_file", "Open file", tooltip="Open the highlighted file with the system's viewer"),
        Binding("x", "remove_file", "Remove file", tooltip="Remove the highlighted file"),
        Binding("ctrl+e", "privacy_export", "Export data", show=False, tooltip="Privacy export to JSON"),
        Binding("E", "privacy_erase", "Erase", show=False, tooltip="Erase (anonymise) the person"),
        Binding("i", "schedule_interview", "Interview", tooltip="Schedule an interview"),
        Binding("f", "my_scorecard", "My scorecard", tooltip="Fill in or edit your scorecard"),
        Binding("O", "new_offer", "New offer", show=False, tooltip="Make an offer"),
    ]

    def __init__(self, candidate_id: int, application_id: int | None = None) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.application_id = application_id
        self.candidate: CandidateRecord | None = None
        self.detail: PersonDetail | None = None
        self.hiring: HiringContext | None = None  # the application the hiring keys act on
        self.hiring_data: HiringData | None = None  # what its sections show
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="person"):
            yield Static(id="who", markup=False)
            yield ContactSection(id="contact", classes="section", markup=False)
            yield Static(id="summary", classes="section", markup=False)
            yield Static("Interviews", classes="section-title hiring-title", markup=False)
            yield InterviewsSection(id="interviews")
            yield Static(
                "Scorecards", id="scorecards-title", classes="section-title hiring-title", markup=False
            )
            yield ScorecardsSection(id="scorecards")
            yield Static("Offers", classes="section-title hiring-title", markup=False)
            yield OffersSection(id="offers")
            yield Static(id="history", classes="section", markup=False)
            yield Static(id="elsewhere", classes="section", markup=False)
            yield from self._sequences_section()
            yield Static("Files", classes="section-title", markup=False)
            yield OptionList(id="files")
            yield Static(id="no-files", markup=False)
            yield Static("Timeline: notes, touches and stage changes", classes="section-title", markup=False)
            yield Input(placeholder="Add a note: type and press enter", id="note")
            yield Static(id="activity", classes="section-body", markup=False)
        yield KeyFooter()

    @staticmethod
    def _sequences_section() -> ComposeResult:
        """Hidden until the person's enrollments are read (and then only when there are some)."""
        for widget in (
            Static("Sequences", classes="section-title sequences", markup=False),
            Static(id="sequences", classes="section sequences", markup=False),
        ):
            widget.display = False
            yield widget

    def on_mount(self) -> None:
        self.query_one("#person").focus()
        self.load()

    def load(self) -> None:
        """Read the whole view in one store call (one transaction), off the UI thread; draw when it arrives.
        If the person cannot be read (gone), the error path says so and the screen closes."""
        candidate_id, app_id = self.candidate_id, self.application_id
        self.store_work(
            lambda store: store.person_detail.get(candidate_id, focus_application_id=app_id),
            self._show,
            key="person",
            exclusive=True,
            on_failed=lambda _error: self.dismiss(self.changed),
        )

    def _show(self, detail: PersonDetail) -> None:
        self.detail = detail
        self.candidate = candidate = detail.candidate
        self.sub_title = plain(candidate.full_name)
        self.query_one("#who", Static).update(render.who(detail))
        self.query_one("#contact", ContactSection).show(candidate, detail.identities)
        self.query_one("#summary", Static).update(render.summary(detail))
        self.query_one("#history", Static).update(render.histories(detail, self.pipeline.clock()))
        self.query_one("#elsewhere", Static).update(render.elsewhere(detail))
        self._show_files(detail.files)
        self.query_one("#activity", Static).update(
            render.timeline(timeline(detail.activities, detail.applications))
        )
        self._load_hiring(detail)
        self._load_sequences(detail.candidate.id)

    # -- interviews, scorecards, offers ------------------------------------------------------------------

    def _load_hiring(self, detail: PersonDetail) -> None:
        """The sections of the application in context, read in a second worker once the person is shown."""
        context = self.hiring = context_of(detail)
        for widget in self.query(".hiring-list, .hiring-title"):
            widget.display = context is not None
        self.refresh_bindings()
        if context is not None:
            self.store_work(
                lambda store: read_hiring(store, context), self._show_hiring, key="hiring", exclusive=True
            )

    def _show_hiring(self, data: HiringData) -> None:
        self.hiring_data = data
        self.query_one("#interviews", InterviewsSection).show(data.interviews)
        self.query_one("#scorecards-title", Static).update(scorecards_title(data.scorecards))
        self.query_one("#scorecards", ScorecardsSection).show(data.scorecards.scorecards)
        self.query_one("#offers", OffersSection).show(data.offers)

    def _load_sequences(self, candidate_id: int) -> None:
        """The nurture sequences the person was ever enrolled in, with their touches: a worker of its own."""
        self.store_work(
            lambda store: store.enrollments.for_person(candidate_id),
            self._show_sequences,
            key="sequences",
            exclusive=True,
        )

    def _show_sequences(self, enrollments: list[EnrollmentRecord]) -> None:
        """Shown once the person was ever enrolled (an applicant's screen stays as it was)."""
        for widget in self.query(".sequences"):
            widget.display = bool(enrollments)
        today = local_day(self.pipeline.clock())
        self.query_one("#sequences", Static).update(sequences_text(enrollments, today))

    def _hiring_reload(self, _result: object = None) -> None:
        """After an interview, scorecard or offer change: the board's card line changed too (and an accepted
        offer moved the application), so the whole screen is read again."""
        self._wrote()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in HIRING_ACTIONS and self.detail is not None:
            return self.hiring is not None
        return True

    def _show_files(self, files: tuple[FileRecord, ...]) -> None:
        listing = self.query_one("#files", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(Option(render.file_line(f), id=str(f.id)) for f in files)
        listing.display = bool(files)
        if files:
            listing.highlighted = min(highlighted or 0, len(files) - 1)
        empty = self.query_one("#no-files", Static)
        empty.display = not files
        empty.update(Text("No files (a to attach a CV or portfolio).", style="dim"))

    def _wrote(self, _result: object = None) -> None:
        self.changed = True
        self.load()

    # -- notes ----------------------------------------------------------------------------------------------

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _add_note(self, event: Input.Submitted) -> None:
        if self.candidate is None:
            return
        body = event.value.strip()
        if not body:
            self.notify("Type the note first", severity="warning", markup=False)
            return
        candidate_id, app_id = self.candidate.id, self.application_id

        def add(store: Store) -> None:
            store.activities.add(candidate_id, ActivityKind.NOTE, body, application_id=app_id)

        def saved(_: None) -> None:
            event.input.value = ""
            self.notify("Note saved", markup=False)
            self._wrote()

        self.store_work(add, saved, key="note", serial=True)

    # -- editing ----------------------------------------------------------------------------------------

    def action_edit(self) -> None:
        """`e`: contact details, consent and summary in a form; saved through candidates.update."""
        if self.candidate is None:
            return
        from pipeline_tui.screens.person.person_form import PersonForm

        identities = self.detail.identities if self.detail is not None else ()
        self.app.push_screen(
            PersonForm(self.candidate, identities), lambda saved: self._wrote() if saved else None
        )

    # -- files ------------------------------------------------------------------------------------------

    def action_attach(self) -> None:
        if self.candidate is None:
            return
        from pipeline_tui.screens.person.file_dialogs import AttachDialog

        self.app.push_screen(AttachDialog(self.candidate), lambda done: self._wrote() if done else None)

    def _highlighted_file(self) -> FileRecord | None:
        files = self.detail.files if self.detail else ()
        index = self.query_one("#files", OptionList).highlighted
        if not files or index is None:
            self.notify("No file to act on: a attaches one.", severity="warning")
            return None
        return files[min(index, len(files) - 1)]

    @on(OptionList.OptionSelected, "#files")
    def _file_chosen(self, _event: OptionList.OptionSelected) -> None:
        self.action_open_file()

    def action_open_file(self) -> None:
        """`o` (or enter on a file): write it to a temporary file and start the system's viewer on it."""
        file = self._highlighted_file()
        if file is None:
            return
        opener = self.pipeline.settings.file_opener

        def show(store: Store) -> Path:
            record, content = store.files.content(file.id)
            return open_with_viewer(record.name, content, opener)

        self.store_work(show, lambda path: self.notify(f"Opened {file.name} ({path})"), key="open-file")

    def action_remove_file(self) -> None:
        file = self._highlighted_file()
        if file is None:
            return
        from pipeline_tui.screens.person.file_dialogs import RemoveFileDialog

        self.app.push_screen(RemoveFileDialog(file), lambda done: self._wrote() if done else None)

    # -- privacy ----------------------------------------------------------------------------------------

    def action_privacy_export(self) -> None:
        """`ctrl+e`: everything held about this person (files included), as JSON, for a data request."""
        if self.candidate is not None:
            self.app.push_screen(PrivacyExportDialog(self.candidate.id))

    def action_privacy_erase(self) -> None:
        """`E`: anonymise this person everywhere (asks for a typed confirmation); the screen then shows what
        is left: withdrawn applications, no files, no contact details."""
        if self.candidate is not None:
            self.app.push_screen(
                PrivacyEraseDialog(self.candidate.id), lambda result: self._wrote() if result else None
            )

    def action_back(self) -> None:
        note = self.query_one("#note", Input)
        if self.focused is note and note.value:
            note.value = ""
            self.query_one("#person").focus()
            return
        self.dismiss(self.changed)
