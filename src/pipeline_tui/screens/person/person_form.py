"""Edit a person: name, contact details with their other e-mails and phones, consent (status and how it was
given) and summary. Saved through `candidates.update` in one transaction; an e-mail that belongs to someone
else is refused with who has it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.person_view import CONSENT_STATUSES
from pipeline_tui.core.records import CandidateRecord, IdentityRecord
from pipeline_tui.screens.person.contact import CONTACT_FIELDS, OTHER_FIELDS, others_of
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal

if TYPE_CHECKING:
    from pipeline_tui.store import Store

_OTHERS_AFTER = {kind: (name, label, placeholder) for kind, name, label, placeholder in OTHER_FIELDS}
FIELDS = (
    ("full_name", "Name *", "Full name (required)"),
    *(
        row
        for field in CONTACT_FIELDS
        for row in (field, *([_OTHERS_AFTER[field[0]]] if field[0] in _OTHERS_AFTER else []))
    ),
    ("current_title", "Title", "Current job title"),
    ("current_company", "Company", "Current company"),
)


class PersonForm(StoreWork, ModalScreen[bool]):
    """Returns True when saved, False when cancelled."""

    CSS_PATH = "person.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, person: CandidateRecord, identities: tuple[IdentityRecord, ...] = ()) -> None:
        super().__init__()
        self.person = person
        self.others = {name: ", ".join(others_of(identities, kind)) for kind, name, _, _ in OTHER_FIELDS}

    def compose(self) -> ComposeResult:
        person = self.person
        with Vertical(id="person-form", classes="dialog"):
            yield Static(
                Text.assemble(Text("Edit ", style="bold"), literal(person.full_name, "bold")),
                classes="dialog-title",
            )
            with VerticalScroll(id="person-fields"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        value = self.others[name] if name in self.others else getattr(person, name) or ""
                        # Not selected on focus: a first key typed must not replace the whole name.
                        yield Input(value, placeholder=placeholder, id=f"f-{name}", select_on_focus=False)
                with Horizontal(classes="form-row"):
                    yield Label("Consent", classes="form-label")
                    yield Select(
                        [(status, status) for status in CONSENT_STATUSES],
                        value=person.consent_status,
                        allow_blank=False,
                        id="f-consent_status",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("How", classes="form-label")
                    yield Input(
                        person.consent_method or "",
                        placeholder="How consent was given or withdrawn (e-mail reply, call…)",
                        id="f-consent_method",
                    )
                yield Label("Summary", classes="form-label")
                yield TextArea(person.summary or "", id="f-summary", soft_wrap=True)
            yield Static("", id="form-message", classes="dialog-message", markup=False)
            yield Static(
                "ctrl+s save (enter in a field too) · tab next field · esc cancel", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#f-full_name", Input).focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """In a short terminal the fields scroll (the focused one in view); the message and hint stay."""
        room = self.app.size.height * 9 // 10 - 10  # the dialog less its border, title, message and hint
        self.query_one("#person-fields", VerticalScroll).styles.max_height = max(3, room)

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {name: self.query_one(f"#f-{name}", Input).value for name, _, _ in FIELDS}
        values["consent_status"] = self.query_one("#f-consent_status", Select).value
        values["consent_method"] = self.query_one("#f-consent_method", Input).value
        values["summary"] = self.query_one("#f-summary", TextArea).text
        values["others"] = {
            kind: [v.strip() for v in str(values.pop(name)).replace(";", ",").split(",") if v.strip()]
            for kind, name, _, _ in OTHER_FIELDS
        }
        return values

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        candidate_id, values = self.person.id, self._values()

        def save(store: Store) -> str | None:
            try:
                store.candidates.update(candidate_id, **values)
            except PipelineError as exc:  # a taken e-mail says who has it; a bad one what is wrong
                return str(exc)
            return None

        self.store_work(save, self._saved, key="person-form", serial=True)

    def _saved(self, refusal: str | None) -> None:
        if refusal is not None:
            self.query_one("#form-message", Static).update(literal(refusal))
            return
        self.notify("Saved", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
