"""Add a prospect (`n`): validated by the store's rules; a known e-mail offers the existing person instead of
a duplicate, and a same-name-same-company match is pointed out before saving."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from pipeline_tui.core.errors import DuplicateCandidate, PipelineError
from pipeline_tui.core.records import CandidateRecord, PoolRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.prospect_tags import TagSuggester, split_tags
from pipeline_tui.services.pipeline import add_prospect
from pipeline_tui.widgets.literal import literal

FIELDS = (
    ("full_name", "Name *", "e.g. Ada Lovelace"),
    ("email", "E-mail", "e.g. ada@example.com"),
    ("phone", "Phone", ""),
    ("current_title", "Title", "e.g. Staff Engineer"),
    ("current_company", "Company", "e.g. Analytical Engines"),
    ("location", "Location", "e.g. London"),
    ("linkedin_url", "LinkedIn", "https://linkedin.com/in/..."),
    ("source", "Source", "referral, event, linkedin..."),
    ("summary", "Note", "Why they are interesting"),
)


@dataclass(frozen=True)
class ProspectAdded:
    candidate_id: int
    message: str


class ProspectFormModal(PoolDialog[ProspectAdded | None]):
    """Saves through the store and returns who was added (or who was put in the pool instead)."""

    def __init__(self, pool: PoolRecord | None) -> None:
        super().__init__()
        self.pool = pool
        self.existing: CandidateRecord | None = None
        self.duplicates_seen: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="prospect-form", classes="dialog"):
            if self.pool:
                yield self.dialog_title(("Add a prospect to ", False), (self.pool.name, True))
            else:
                yield self.dialog_title(("Add a prospect", False))
            with VerticalScroll(id="prospect-fields"):
                for key, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        yield Input(placeholder=placeholder, id=f"f-{key}", classes="form-input")
                with Horizontal(classes="form-row"):
                    yield Label("Tags", classes="form-label")
                    yield Input(
                        placeholder="rust, remote",
                        id="f-tags",
                        classes="form-input",
                        suggester=TagSuggester(
                            lambda stem: self.app.store.tags.all_tags(prefix=stem, limit=20)
                        ),
                    )
            yield self.error_line()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Use existing", id="use-existing", classes="hidden")
                yield Button("Cancel", id="cancel")
            yield Static("enter save · tab next field · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#f-full_name", Input).focus()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#f-{key}", Input).value for key, _, _ in FIELDS}

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id == "f-email" and self.existing is not None:
            self.existing = None
            self.query_one("#use-existing", Button).add_class("hidden")
            self.clear_error()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        store = self.app.store
        try:
            person = CandidateInput.parse(**self.values())
        except PipelineError as exc:
            self.show_error(exc)
            return
        if person.email:
            existing = store.candidates.find_by_email(person.email)
            if existing is not None:
                self._offer_existing(existing)
                return
        dupes = store.candidates.possible_duplicates(person.full_name, person.current_company)
        ids = tuple(d.id for d in dupes)
        if dupes and ids != self.duplicates_seen:
            self.duplicates_seen = ids
            d = dupes[0]
            msg = Text("Possible duplicate: ")
            msg.append_text(literal(d.full_name, "bold"))
            msg.append(" at ")
            msg.append_text(literal(d.current_company or ""))
            msg.append(
                f" (#{d.id}"
                + (f", {d.email}" if d.email else "")
                + ")"
                + (f" and {len(dupes) - 1} more" if len(dupes) > 1 else "")
                + ". Save again to add anyway."
            )
            self._show_rich_error(msg)
            return
        try:
            cand = add_prospect(
                store,
                person,
                pool_id=self.pool.id if self.pool else None,
                tags=split_tags(self.query_one("#f-tags", Input).value),
            )
        except DuplicateCandidate as exc:
            self._offer_existing(store.candidates.get(exc.existing_id))
            return
        except PipelineError as exc:
            self.show_error(exc)
            return
        where = f" to {self.pool.name}" if self.pool else ""
        self.dismiss(ProspectAdded(cand.id, f"added {cand.full_name}{where}"))

    def _offer_existing(self, existing: CandidateRecord) -> None:
        self.existing = existing
        msg = literal(existing.email or "")
        msg.append(" already belongs to ")
        msg.append_text(literal(existing.full_name, "bold"))
        msg.append(f" (#{existing.id}).")
        button = self.query_one("#use-existing", Button)
        if self.pool:
            msg.append(" Add them to this pool instead?")
            button.label = "Add them to this pool"
        else:
            button.label = "Show them"
        button.remove_class("hidden")
        self._show_rich_error(msg)

    def _show_rich_error(self, text: Text) -> None:
        line = self.query_one("#dialog-error", Static)
        line.update(text)
        line.display = True

    @on(Button.Pressed, "#use-existing")
    def _use_existing(self) -> None:
        if self.existing is None:
            return
        if self.pool is None:
            self.dismiss(ProspectAdded(self.existing.id, f"{self.existing.full_name} is already here"))
            return
        try:
            result = self.app.store.pools.add_to_pool(self.pool.id, [self.existing.id])
        except PipelineError as exc:
            self.show_error(exc)
            return
        self.dismiss(ProspectAdded(self.existing.id, f"{self.existing.full_name}: {result.message}"))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
