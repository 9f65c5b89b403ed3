"""Add a prospect (`n`): validated by the store's rules; a known e-mail offers the existing person instead of
a duplicate, and a same-name-same-company match is pointed out before saving."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from pipeline_tui.core.errors import DuplicateCandidate, PipelineError
from pipeline_tui.core.records import CandidateRecord, PoolRecord
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.prospect_tags import TagSuggester, split_tags, tag_lookup
from pipeline_tui.screens.shared.look_alikes import look_alike_text, look_alikes
from pipeline_tui.services.pipeline import add_prospect
from pipeline_tui.widgets.literal import literal

if TYPE_CHECKING:
    from pipeline_tui.store import Store

FIELDS = (
    ("full_name", "Name *", "e.g. Ada Lovelace"),
    ("email", "E-mail", "e.g. ada@example.com"),
    ("phone", "Phone", "e.g. +44 20 7946 0958"),
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


@dataclass(frozen=True)
class Saved:
    """What saving found: the person who has the e-mail already, look-alikes to point out, or who was added."""

    existing: CandidateRecord | None = None
    matched: str | None = None  # what was typed that is theirs: an e-mail or a profile URL
    duplicates: tuple[CandidateRecord, ...] = ()
    added: CandidateRecord | None = None


def save_prospect(
    store: Store, person: CandidateInput, pool_id: int | None, tags: list[str], seen: tuple[int, ...]
) -> Saved:
    """Add the prospect unless the e-mail or a profile URL is someone's already, or look-alikes not pointed
    out yet exist."""
    existing = store.candidates.find_existing(person)  # any e-mail or profile URL of someone on file
    if existing is not None:
        typed = (person.email, person.linkedin_url, person.github_url, person.website_url)
        matched = next(
            (
                t
                for t in typed
                if t and getattr(store.candidates.find_by_identity(t), "id", None) == existing.id
            ),
            existing.email,
        )
        return Saved(existing=existing, matched=matched)
    dupes = look_alikes(store, person)
    if dupes and tuple(d.id for d in dupes) != seen:
        return Saved(duplicates=dupes)
    try:
        return Saved(added=add_prospect(store, person, pool_id=pool_id, tags=tags))
    except DuplicateCandidate as exc:  # taken meanwhile: offer that person, as above
        return Saved(existing=store.candidates.get(exc.existing_id), matched=exc.email)


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
                        suggester=TagSuggester(tag_lookup(self)),
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
        try:
            person = CandidateInput.parse(**self.values())
        except PipelineError as exc:
            self.show_error(exc)
            return
        pool_id = self.pool.id if self.pool else None
        tags = split_tags(self.query_one("#f-tags", Input).value)
        seen = self.duplicates_seen
        self.store_work(
            lambda store: save_prospect(store, person, pool_id, tags, seen),
            self._saved,
            key="prospect-form",
            serial=True,
            on_failed=self.show_error,
        )

    def _saved(self, outcome: Saved) -> None:
        if outcome.existing is not None:
            self._offer_existing(outcome.existing, outcome.matched)
        elif outcome.duplicates:
            self._point_out(outcome.duplicates)
        elif outcome.added is not None:
            where = f" to {self.pool.name}" if self.pool else ""
            self.dismiss(ProspectAdded(outcome.added.id, f"added {outcome.added.full_name}{where}"))

    def _point_out(self, dupes: tuple[CandidateRecord, ...]) -> None:
        self.duplicates_seen = tuple(d.id for d in dupes)
        self._show_rich_error(look_alike_text(dupes, self.values()["current_company"]))

    def _offer_existing(self, existing: CandidateRecord, matched: str | None = None) -> None:
        self.existing = existing
        msg = literal(matched or existing.email or "")
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
        existing, pool_id = self.existing, self.pool.id
        self.store_work(
            lambda store: store.pools.add_to_pool(pool_id, [existing.id]),
            lambda result: self.dismiss(
                ProspectAdded(existing.id, f"{existing.full_name}: {result.message}")
            ),
            key="prospect-form",
            serial=True,
            on_failed=self.show_error,
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
