"""The offer form: create an offer for an application, or edit one (a new version once approval was asked).

What the form needs (the job's title, the person, the team) is read in a worker; an edited offer's terms are
filled at once from its record, so keys typed straight away land in filled fields. Saving runs
services/offer_form.save_offer in a worker; the store's refusal is one line in the form, nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import OfferRecord
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.offer_form import REVERSIONED, OfferFields, read_terms, save_offer
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.member_picker import MemberPicker

DEFAULT_CURRENCY = "EUR"
CURRENCY_STATE = "offer_currency"  # the last currency saved, per database (app state)
LINE_FIELDS = (
    ("job_title", "Job title *", "the title on the offer"),
    ("salary", "Base salary *", "85000"),
    ("currency", "Currency *", "EUR"),
    ("start_date", "Start date", "YYYY-MM-DD"),
    ("expires_on", "Expires on", "YYYY-MM-DD"),
)
HINT = "ctrl+s save draft · ctrl+r save and request approval · tab next field · esc close"


@dataclass(frozen=True)
class OfferFormData:
    """What the form reads: who the offer is for, the job's title, the team to pick approvers from."""

    person: str
    job_title: str
    members: list[TeamMemberRecord]


def read_offer_form(store: Store, application_id: int) -> OfferFormData:
    application = store.applications.get(application_id)
    person = store.candidates.get(application.candidate_id).full_name
    job = store.jobs.get(application.job_id)
    return OfferFormData(person, job.title, store.team.list(active_only=True))


class OfferForm(StoreWork, ModalScreen[OfferRecord | None]):
    """Returns the saved OfferRecord, or None when closed without saving."""

    CSS_PATH = "offers.tcss"
    AUTO_FOCUS = "#o-job_title"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save(False)", "Save draft", priority=True),
        Binding("ctrl+r", "save(True)", "Request approval", priority=True),
    ]

    def __init__(self, application_id: int, offer: OfferRecord | None = None) -> None:
        super().__init__()
        self.application_id = application_id
        self.offer = offer
        self.data: OfferFormData | None = None
        self._pending: bool | None = None  # a save asked for before the form's data arrived
        self._saving = False
        self._asked_close = False  # esc once on a changed form: the next esc discards
        self._filled: tuple[object, ...] | None = None  # the fields as filled (to know what changed)

    def compose(self) -> ComposeResult:
        offer = self.offer
        with Vertical(id="offer-form", classes="dialog"):
            yield Static(self._title(None), id="offer-title", classes="dialog-title")
            with VerticalScroll(id="offer-fields"):
                for name, label, placeholder in LINE_FIELDS:
                    yield from _row(
                        label, Input(self._value(name), placeholder=placeholder, id=f"o-{name}", compact=True)
                    )
                terms = offer.terms.terms if offer else None
                yield from _row(
                    "Bonus, equity,\nother terms", _area(terms, "o-terms"), classes="form-row tall"
                )
                notes = offer.terms.notes if offer else None
                yield from _row("Notes", _area(notes, "o-notes"), classes="form-row tall")
                picker = MemberPicker(
                    "type to find a team member (again: off)", multiple=True, id="o-approvers"
                )
                yield from _row("Approvers", picker, classes="form-row team")
            yield Static(self._version_note(), id="offer-version-note", markup=False)
            yield Static("", id="offer-message", markup=False)
            yield Static(HINT, classes="dialog-hint")

    def _value(self, name: str) -> str:
        offer = self.offer
        if offer is None:
            if name == "currency":
                last = self.pipeline.state.get(self.pipeline.db_key, CURRENCY_STATE)
                return last if isinstance(last, str) and len(last) == 3 else DEFAULT_CURRENCY
            return ""
        value = getattr(offer.terms, name)
        if name == "salary":
            return f"{value:f}"
        return plain(value.isoformat() if hasattr(value, "isoformat") else value or "")

    def _title(self, data: OfferFormData | None) -> Text:
        offer = self.offer
        title = Text("New offer" if offer is None else f"Edit offer #{offer.id} (version {offer.version})")
        title.stylize("bold")
        person = data.person if data else offer.person if offer else None
        if person:
            title.append(" for ", style="bold")
            title.append_text(literal(person, "bold"))
        return title

    def _version_note(self) -> str:
        offer = self.offer
        if offer is not None and offer.status in REVERSIONED:
            return f"Saving makes version {offer.version + 1} and asks the approvers again."
        return ""

    def on_mount(self) -> None:
        self._fit()
        self._filled = self._snapshot()
        application_id = self.application_id
        self.store_work(lambda store: read_offer_form(store, application_id), self._read, key="offer-form")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """In a short terminal the fields scroll (the focused one in view); title, notes and hint stay."""
        room = self.app.size.height * 96 // 100 - 8
        self.query_one("#offer-fields", VerticalScroll).styles.max_height = max(4, room)

    def _read(self, data: OfferFormData) -> None:
        self.data = data
        self.query_one("#offer-title", Static).update(self._title(data))
        title = self.query_one("#o-job_title", Input)
        if self.offer is None and not title.value:
            title.value = plain(data.job_title)
        picker = self.query_one("#o-approvers", MemberPicker)
        picker.members = data.members
        if self.offer is not None and not picker.chosen:
            ids = [a.approver.id for a in self.offer.approvals]
            known = {m.id: m for m in data.members}
            picker.set_chosen([known[i] for i in ids if i in known])
        elif not picker.chosen:
            picker.set_chosen([])  # says "nobody yet"
        self._filled = self._snapshot()
        if self._pending is not None:
            request, self._pending = self._pending, None
            self.action_save(request)

    def _snapshot(self) -> tuple[object, ...]:
        lines = tuple(self.query_one(f"#o-{name}", Input).value for name, _, _ in LINE_FIELDS)
        areas = tuple(self.query_one(f"#o-{name}", TextArea).text for name in ("terms", "notes"))
        chosen = tuple(getattr(c, "id", c) for c in self.query_one("#o-approvers", MemberPicker).chosen)
        return (*lines, *areas, chosen)

    @property
    def changed(self) -> bool:
        return self._filled is not None and self._snapshot() != self._filled

    def _say(self, message: str) -> None:
        self.query_one("#offer-message", Static).update(literal(message, "bold red"))

    def _approvers(self) -> list[int] | str:
        picker = self.query_one("#o-approvers", MemberPicker)
        picker.settle()
        if picker.pending_text:
            return "Approvers: no team member is called that; pick one from the list"
        chosen = [c for c in picker.chosen if isinstance(c, TeamMemberRecord)]
        if len(chosen) != len(picker.chosen):
            return "Approvers must be team members already (add one with: pipeline-tui user add)"
        return [m.id for m in chosen]

    def action_save(self, request: bool) -> None:
        if self._saving:
            return
        if self.data is None:
            self._pending = request
            return
        self._asked_close = False
        field = {name: self.query_one(f"#o-{name}", Input).value for name, _, _ in LINE_FIELDS}
        area = {name: self.query_one(f"#o-{name}", TextArea).text for name in ("terms", "notes")}
        try:
            terms = read_terms(OfferFields(**field, **area))
        except PipelineError as exc:
            self._say(str(exc))
            return
        approvers = self._approvers()
        if isinstance(approvers, str):
            self._say(approvers)
            return
        application_id, offer_id = self.application_id, self.offer.id if self.offer else None

        def save(store: Store) -> OfferRecord | str:
            try:
                return save_offer(store, application_id, offer_id, terms, approvers, request=request)
            except PipelineError as exc:
                return str(exc)

        self._saving = True
        self.store_work(save, self._saved, key="offer-save", serial=True, on_failed=self._not_saved)

    def _not_saved(self, _error: BaseException) -> None:
        self._saving = False

    def _saved(self, outcome: OfferRecord | str) -> None:
        self._saving = False
        if isinstance(outcome, str):
            self._say(outcome)
            return
        self.pipeline.state.set(self.pipeline.db_key, CURRENCY_STATE, outcome.terms.currency)
        status = outcome.status.replace("_", " ")
        self.notify(f"Offer #{outcome.id} version {outcome.version} saved: {status}")
        self.dismiss(outcome)

    def action_close(self) -> None:
        if self.changed and not self._asked_close:
            self._asked_close = True
            self.query_one("#offer-message", Static).update(
                Text("Not saved yet: esc again discards the changes, ctrl+s saves them.", style="bold")
            )
            return
        self.dismiss(None)


def _area(text: str | None, id: str) -> TextArea:
    return TextArea(text or "", id=id, compact=True)


def _row(label: str, widget, *, classes: str = "form-row") -> ComposeResult:  # noqa: ANN001 - any field
    with Horizontal(classes=classes):
        yield Label(label, classes="form-label")
        yield widget
